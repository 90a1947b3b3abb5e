import { Migration } from '@mikro-orm/migrations';

/**
 * Generated, then edited by hand: attachments. A trigger makes each row's visibility the one of its
 * event, and refuses an event of another ticket, whatever code path (or psql session) inserts it; rows
 * are never updated (the bytes they name are content-addressed).
 */
export class Migration20261202133528_attachments extends Migration {
  override name = 'Migration20261202133528_attachments';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "attachment" ("id" uuid not null, "created_at" timestamptz not null, "ticket_id" uuid not null, "event_id" bigint not null, "filename" varchar(255) not null, "original_name" text not null, "content_type" varchar(255) not null, "size" bigint not null, "sha256" varchar(64) not null, "uploader_id" uuid null, "visibility" text not null, primary key ("id"));`,
    );
    this.addSql(`create index "attachment_ticket_id_index" on "attachment" ("ticket_id");`);
    this.addSql(`create index "attachment_event_id_index" on "attachment" ("event_id");`);
    this.addSql(`create index "attachment_sha256_index" on "attachment" ("sha256");`);

    this.addSql(
      `alter table "attachment" add constraint "attachment_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id");`,
    );
    this.addSql(
      `alter table "attachment" add constraint "attachment_event_id_foreign" foreign key ("event_id") references "ticket_event" ("id");`,
    );
    this.addSql(
      `alter table "attachment" add constraint "attachment_uploader_id_foreign" foreign key ("uploader_id") references "person" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "attachment" add constraint "attachment_visibility_check" check ("visibility" in ('public', 'internal'));`,
    );
    this.addSql(
      `alter table "attachment" add constraint "attachment_sha256_check" check ("sha256" ~ '^[0-9a-f]{64}$'), add constraint "attachment_size_check" check ("size" >= 0);`,
    );
    this.addSql(`create or replace function guichet_attachment_of_event() returns trigger
      language plpgsql as $$
      declare
        ev record;
      begin
        if tg_op = 'UPDATE' then
          raise exception 'attachment rows are not updated' using errcode = 'restrict_violation';
        end if;
        select ticket_id, visibility into ev from ticket_event where id = new.event_id;
        if not found or ev.ticket_id <> new.ticket_id then
          raise exception 'attachment event % is not an event of ticket %', new.event_id, new.ticket_id
            using errcode = 'foreign_key_violation';
        end if;
        new.visibility := ev.visibility;
        return new;
      end $$;`);
    this.addSql(`create trigger attachment_of_event before insert or update on attachment
      for each row execute function guichet_attachment_of_event();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "attachment" cascade;`);
    this.addSql('drop function if exists guichet_attachment_of_event();');
  }
}
