import { Migration } from '@mikro-orm/migrations';

export class Migration20261202180200_webhooks extends Migration {
  override name = 'Migration20261202180200_webhooks';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "webhook_subscription" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "owner_id" uuid not null, "url" varchar(2000) not null, "description" varchar(400) not null default '', "event_types" jsonb not null, "service_ids" jsonb not null, "establishment_ids" jsonb not null, "active" boolean not null default true, "secret_version" int not null default 1, "disabled_reason" varchar(400) null, "disabled_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "webhook_subscription_owner_id_index" on "webhook_subscription" ("owner_id");`);

    this.addSql(
      `create table "webhook_delivery" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "subscription_id" uuid not null, "type" varchar(100) not null, "event_id" bigint null, "ticket_id" uuid null, "sequence" int not null default 0, "payload" text not null, "status" text not null default 'pending', "attempts" int not null default 0, "round_attempts" int not null default 0, "failing_since" timestamptz null, "next_attempt_at" timestamptz not null, "last_status_code" int null, "last_error" varchar(1000) null, "delivered_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_delivery_status_next_attempt_at_index" on "webhook_delivery" ("status", "next_attempt_at");`,
    );
    this.addSql(
      `create index "webhook_delivery_subscription_id_created_at_index" on "webhook_delivery" ("subscription_id", "created_at");`,
    );
    this.addSql(
      `create index "webhook_delivery_subscription_id_ticket_id_sequence_index" on "webhook_delivery" ("subscription_id", "ticket_id", "sequence");`,
    );
    this.addSql(
      `create unique index "webhook_delivery_subscription_event_unique" on "webhook_delivery" ("subscription_id", "event_id") where "event_id" is not null;`,
    );

    this.addSql(
      `create table "webhook_attempt" ("id" bigserial primary key, "delivery_id" uuid not null, "attempted_at" timestamptz not null, "status_code" int null, "latency_ms" int not null, "response_excerpt" varchar(1024) null, "error" varchar(1000) null);`,
    );
    this.addSql(`create index "webhook_attempt_delivery_id_index" on "webhook_attempt" ("delivery_id");`);

    this.addSql(
      `alter table "webhook_subscription" add constraint "webhook_subscription_owner_id_foreign" foreign key ("owner_id") references "person" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_subscription_id_foreign" foreign key ("subscription_id") references "webhook_subscription" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_status_check" check ("status" in ('pending', 'delivered', 'failed'));`,
    );

    this.addSql(
      `alter table "webhook_attempt" add constraint "webhook_attempt_delivery_id_foreign" foreign key ("delivery_id") references "webhook_delivery" ("id") on delete cascade;`,
    );

    // The webhook fan-out starts after the events already there: no subscription existed for them.
    this.addSql(`insert into "timeline_cursor" ("consumer", "tx", "event_id", "updated_at")
      select 'webhooks', coalesce(max("tx"), '0'::xid8), coalesce(max("id"), 0), now() from "ticket_event"
      on conflict ("consumer") do nothing;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_subscription_id_foreign";`);
    this.addSql(`alter table "webhook_attempt" drop constraint "webhook_attempt_delivery_id_foreign";`);

    this.addSql(`drop table if exists "webhook_subscription" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "webhook_attempt" cascade;`);
    this.addSql(`delete from "timeline_cursor" where "consumer" = 'webhooks';`);
  }
}
