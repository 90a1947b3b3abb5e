import { Migration } from '@mikro-orm/migrations';

/**
 * Generated, then edited by hand: the outbox's delivery state (status, attempts, next attempt, last
 * error). Rows already marked sent become `sent`; the others are due at once (`next_attempt_at`
 * defaults to now, for the hand-written inserts of tickets/ticket.store.ts too). Every insert into the
 * outbox is announced with NOTIFY on `guichet_mail` (once per statement, delivered at commit), so a
 * delivery worker sends a new message at once instead of at its next periodic pass.
 * (The snapshot also catches up with the hand-written `article_unpublished_index` of
 * Migration20261202050000_kb_search_at_scale; the database already has it.)
 */
export class Migration20261202062226_mail_delivery extends Migration {
  override name = 'Migration20261202062226_mail_delivery';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "notification" add "status" text not null default 'pending', add "attempts" int not null default 0, add "next_attempt_at" timestamptz not null default now(), add "last_error" text null;`,
    );
    this.addSql(`update "notification" set "status" = 'sent' where "sent_at" is not null;`);
    this.addSql(
      `create index "notification_status_next_attempt_at_index" on "notification" ("status", "next_attempt_at");`,
    );
    this.addSql(
      `alter table "notification" add constraint "notification_status_check" check ("status" in ('pending', 'sent', 'failed'));`,
    );
    this.addSql(`create or replace function guichet_mail_notify() returns trigger
      language plpgsql as $$
      begin
        perform pg_notify('guichet_mail', 'queued');
        return null;
      end $$;`);
    this.addSql(`create trigger notification_mail_notify after insert on "notification"
      for each statement execute function guichet_mail_notify();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists notification_mail_notify on "notification";`);
    this.addSql('drop function if exists guichet_mail_notify();');
    this.addSql(`drop index "notification_status_next_attempt_at_index";`);
    this.addSql(`alter table "notification" drop constraint "notification_status_check";`);
    this.addSql(
      `alter table "notification" drop column "status", drop column "attempts", drop column "next_attempt_at", drop column "last_error";`,
    );
  }
}
