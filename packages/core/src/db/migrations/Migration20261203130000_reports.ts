import { Migration } from '@mikro-orm/migrations';

/**
 * The reports' rollup (see `reports/report-rollup.ts` and docs/reports.md): one row of facts per
 * ticket, its counters per day and its escalations, all recomputed from the ticket's timeline by
 * the `reports` timeline consumer. No cursor row is inserted: the consumer starts at the beginning
 * of the timeline, so a database with history is backfilled by its first passes.
 */
export class Migration20261203130000_reports extends Migration {
  override name = 'Migration20261203130000_reports';

  override up(): void | Promise<void> {
    this.addSql(`create table "report_ticket_fact" (
      "ticket_id" uuid not null primary key references "ticket" ("id") on delete cascade,
      "service_id" uuid null, "sub_service_id" uuid null, "type" text null, "establishment_id" uuid null,
      "team_id" uuid null, "channel" text not null, "priority" text not null, "provider_id" uuid null,
      "affiliation" text not null, "status" text not null,
      "created_at" timestamptz not null, "resolved_at" timestamptz null, "closed_at" timestamptz null,
      "backlog" tstzmultirange not null,
      "first_response_ms" bigint null, "resolution_ms" bigint null, "pending_ms" bigint not null default 0,
      "reopen_count" int not null default 0, "approval_rejected" boolean not null default false,
      "has_first_response_target" boolean not null default false, "has_resolution_target" boolean not null default false,
      "first_response_breached" boolean not null default false, "resolution_breached" boolean not null default false,
      "first_response_due_at" timestamptz null, "resolution_due_at" timestamptz null,
      "computed_at" timestamptz not null);`);
    this.addSql(`create index "report_ticket_fact_created_at_index" on "report_ticket_fact" ("created_at");`);
    this.addSql(
      `create index "report_ticket_fact_resolved_at_index" on "report_ticket_fact" ("resolved_at");`,
    );
    this.addSql(`create index "report_ticket_fact_service_id_index" on "report_ticket_fact" ("service_id");`);
    this.addSql(
      `create index "report_ticket_fact_backlog_index" on "report_ticket_fact" using gist ("backlog");`,
    );
    this.addSql(`create table "report_ticket_day" (
      "ticket_id" uuid not null references "ticket" ("id") on delete cascade, "day" date not null,
      "created" int not null default 0, "resolved" int not null default 0, "closed" int not null default 0,
      "reopened" int not null default 0, "rejected" int not null default 0, "escalated" int not null default 0,
      primary key ("ticket_id", "day"));`);
    this.addSql(`create index "report_ticket_day_day_index" on "report_ticket_day" ("day");`);
    this.addSql(`create table "report_escalation" (
      "ticket_id" uuid not null references "ticket" ("id") on delete cascade, "ordinal" int not null,
      "provider_id" uuid not null, "escalated_at" timestamptz not null, "ended_at" timestamptz null,
      primary key ("ticket_id", "ordinal"));`);
    this.addSql(
      `create index "report_escalation_escalated_at_index" on "report_escalation" ("escalated_at");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "report_escalation";`);
    this.addSql(`drop table if exists "report_ticket_day";`);
    this.addSql(`drop table if exists "report_ticket_fact";`);
    this.addSql(`delete from "timeline_cursor" where "consumer" = 'reports';`);
  }
}
