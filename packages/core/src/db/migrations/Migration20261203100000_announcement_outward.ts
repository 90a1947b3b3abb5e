import { Migration } from '@mikro-orm/migrations';

/**
 * Announcements' events for `/v1/events`: ids from the timeline's sequence, ordered with it by
 * `(tx, id)`; append-only (an UPDATE raises) and announced on `guichet_announcements` after commit.
 */
export class Migration20261203100000_announcement_outward extends Migration {
  override name = 'Migration20261203100000_announcement_outward';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "announcement_event" ("id" bigint not null, "announcement_id" uuid not null, "type" text not null, "audience" text not null, "linked_ticket_id" uuid null, "data" jsonb not null, "created_at" timestamptz not null, "tx" xid8 not null default pg_current_xact_id(), primary key ("id"));`,
    );
    this.addSql(
      `create index "announcement_event_announcement_id_index" on "announcement_event" ("announcement_id");`,
    );
    this.addSql(`create index "announcement_event_tx_id_index" on "announcement_event" ("tx", "id");`);

    this.addSql(
      `alter table "announcement_event" add constraint "announcement_event_announcement_id_foreign" foreign key ("announcement_id") references "announcement" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "announcement_event" add constraint "announcement_event_type_check" check ("type" in ('published', 'updated', 'resolved', 'corrected'));`,
    );
    this.addSql(
      `alter table "announcement_event" add constraint "announcement_event_audience_check" check ("audience" in ('public', 'requesters'));`,
    );

    this.addSql(`create or replace function guichet_announcement_event_append_only() returns trigger
      language plpgsql as $$
      begin
        raise exception 'announcement_event is append-only (% refused)', tg_op using errcode = 'restrict_violation';
      end $$;`);
    this.addSql(`create trigger announcement_event_append_only before update on announcement_event
      for each row execute function guichet_announcement_event_append_only();`);
    this.addSql(`create or replace function guichet_announcement_event_notify() returns trigger
      language plpgsql as $$
      begin
        perform pg_notify('guichet_announcements', new.id::text);
        return null;
      end $$;`);
    this.addSql(`create trigger announcement_event_notify after insert on announcement_event
      for each row execute function guichet_announcement_event_notify();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "announcement_event" cascade;`);
    this.addSql('drop function if exists guichet_announcement_event_notify();');
    this.addSql('drop function if exists guichet_announcement_event_append_only();');
  }
}
