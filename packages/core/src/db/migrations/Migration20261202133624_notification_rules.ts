import { Migration } from '@mikro-orm/migrations';

export class Migration20261202133624_notification_rules extends Migration {
  override name = 'Migration20261202133624_notification_rules';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "notification_preference" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "person_id" uuid not null, "kind" varchar(64) not null, "delivery" text not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "notification_preference" add constraint "notification_preference_person_id_kind_unique" unique ("person_id", "kind");`,
    );

    this.addSql(
      `create table "timeline_cursor" ("consumer" varchar(64) not null, "tx" xid8 not null, "event_id" bigint not null, "updated_at" timestamptz not null, primary key ("consumer"));`,
    );

    this.addSql(`alter table "notification" drop constraint "notification_status_check";`);
    this.addSql(`alter table "notification" add "event_id" bigint null;`);
    this.addSql(
      `create unique index "notification_event_recipient_kind_unique" on "notification" ("event_id", "recipient_id", "kind") where "event_id" is not null;`,
    );
    this.addSql(
      `alter table "notification" add constraint "notification_status_check" check ("status" in ('pending', 'sent', 'failed', 'held', 'digested'));`,
    );

    this.addSql(
      `alter table "notification_preference" add constraint "notification_preference_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "notification_preference" add constraint "notification_preference_delivery_check" check ("delivery" in ('immediate', 'digest', 'off'));`,
    );

    // The notification dispatcher starts after the events already there: the ticket actions
    // themselves wrote their notifications until now.
    this.addSql(`insert into "timeline_cursor" ("consumer", "tx", "event_id", "updated_at")
      select 'notifications', coalesce(max("tx"), '0'::xid8), coalesce(max("id"), 0), now() from "ticket_event";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "notification_preference" cascade;`);
    this.addSql(`drop table if exists "timeline_cursor" cascade;`);

    this.addSql(`drop index if exists "notification_event_recipient_kind_unique";`);
    this.addSql(`delete from "notification" where "status" in ('held', 'digested');`);
    this.addSql(`alter table "notification" drop constraint "notification_status_check";`);
    this.addSql(`alter table "notification" drop column "event_id";`);
    this.addSql(
      `alter table "notification" add constraint "notification_status_check" check ("status" in ('pending', 'sent', 'failed'));`,
    );
  }
}
