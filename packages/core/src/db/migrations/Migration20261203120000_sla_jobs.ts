import { Migration } from '@mikro-orm/migrations';

export class Migration20261203120000_sla_jobs extends Migration {
  override name = 'Migration20261203120000_sla_jobs';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "sla_alert" ("id" bigserial primary key, "ticket_id" uuid not null, "clock" varchar(16) not null, "kind" varchar(16) not null, "cycle" int not null, "crossed_at" timestamptz not null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "sla_alert" add constraint "sla_alert_ticket_id_clock_kind_cycle_unique" unique ("ticket_id", "clock", "kind", "cycle");`,
    );

    this.addSql(
      `create table "ticket_sla" ("ticket_id" uuid not null, "target" varchar(64) null, "first_response_state" varchar(16) null, "first_response_due_at" timestamptz null, "first_response_warn_at" timestamptz null, "first_response_breached" boolean not null default false, "first_response_remaining_ms" bigint null, "resolution_state" varchar(16) null, "resolution_due_at" timestamptz null, "resolution_warn_at" timestamptz null, "resolution_breached" boolean not null default false, "resolution_remaining_ms" bigint null, "next_due_at" timestamptz null, "next_check_at" timestamptz null, "computed_at" timestamptz not null, primary key ("ticket_id"));`,
    );
    this.addSql(`create index "ticket_sla_next_due_at_index" on "ticket_sla" ("next_due_at");`);
    this.addSql(`create index "ticket_sla_next_check_at_index" on "ticket_sla" ("next_check_at");`);

    this.addSql(
      `alter table "service_level" add "warning_percent" int null, add "escalate_to" text[] not null default '{}';`,
    );

    this.addSql(`alter table "ticket_event" drop constraint "ticket_event_type_check";`);
    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_type_check" check ("type" in ('created', 'approval_requested', 'approval_granted', 'approval_refused', 'assigned', 'reassigned', 'pended', 'info_requested', 'woken', 'resumed', 'resolved', 'reopened', 'closed', 'field_changed', 'public_reply', 'internal_note', 'requester_replied', 'provider_escalated', 'provider_updated', 'article_created', 'sla_warning', 'sla_breached'));`,
    );

    this.addSql(
      `alter table "sla_alert" add constraint "sla_alert_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "ticket_sla" add constraint "ticket_sla_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update cascade on delete cascade;`,
    );

    // The clocks start with the events written from now on: replaying an existing timeline would
    // announce, at once, every warning and breach of the past (tickets long resolved included).
    // A ticket already there gets its due data at its next change (documented in service-levels.md).
    this.addSql(`insert into "timeline_cursor" ("consumer", "tx", "event_id", "updated_at")
      select 'service-levels', coalesce(max("tx"), '0'::xid8), coalesce(max("id"), 0), now() from "ticket_event"
      on conflict ("consumer") do nothing;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from "timeline_cursor" where "consumer" = 'service-levels';`);
    this.addSql(`drop table if exists "sla_alert" cascade;`);
    this.addSql(`drop table if exists "ticket_sla" cascade;`);

    this.addSql(`alter table "service_level" drop column "warning_percent", drop column "escalate_to";`);

    this.addSql(`alter table "ticket_event" drop constraint "ticket_event_type_check";`);
    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_type_check" check ("type" in ('created', 'approval_requested', 'approval_granted', 'approval_refused', 'assigned', 'reassigned', 'pended', 'info_requested', 'woken', 'resumed', 'resolved', 'reopened', 'closed', 'field_changed', 'public_reply', 'internal_note', 'requester_replied', 'provider_escalated', 'provider_updated', 'article_created'));`,
    );
  }
}
