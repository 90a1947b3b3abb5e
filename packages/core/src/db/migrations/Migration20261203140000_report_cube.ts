import { Migration } from '@mikro-orm/migrations';

/**
 * The reports' aggregate (see `reports/report-cube.ts` and docs/reports.md): slices (combinations of
 * the slice dimensions, per node of the lattice) and additive counters per slice × day and
 * slice × month, which the `reports` consumer keeps with the facts. The facts gain their slices and
 * two covering indexes for the percentiles. The rollup is emptied and the consumer's cursor removed,
 * so its next passes rebuild facts and aggregate together from the whole timeline. Escalations
 * carry their ticket's finest slice (the providers report reads no fact).
 */
export class Migration20261203140000_report_cube extends Migration {
  override name = 'Migration20261203140000_report_cube';

  override up(): void | Promise<void> {
    this.addSql(`create table "report_slice" (
      "id" serial primary key, "node" smallint not null, "key" text not null unique,
      "service_id" uuid null, "sub_service_id" uuid null, "type" text null, "establishment_id" uuid null,
      "team_id" uuid null, "channel" text null, "priority" text null, "provider_id" uuid null, "affiliation" text null);`);
    this.addSql(`create table "report_cube" (
      "node" smallint not null, "grain" smallint not null, "period" date not null,
      "slice_id" int not null references "report_slice" ("id"),
      "created" int not null default 0, "resolved" int not null default 0, "closed" int not null default 0,
      "reopened" int not null default 0, "rejected" int not null default 0, "escalated" int not null default 0,
      "b0" int not null default 0, "b1" int not null default 0, "b2" int not null default 0, "b3" int not null default 0,
      "c_created" int not null default 0, "c_reopened" int not null default 0, "c_rejected" int not null default 0,
      "c_pending" int not null default 0, "r_count" int not null default 0, "r_fr_target" int not null default 0,
      "r_fr_met" int not null default 0, "r_res_target" int not null default 0, "r_res_met" int not null default 0,
      primary key ("node", "grain", "period", "slice_id"));`);
    this.addSql('truncate "report_ticket_day", "report_escalation", "report_ticket_fact";');
    this.addSql(`delete from "timeline_cursor" where "consumer" = 'reports';`);
    this.addSql(`alter table "report_ticket_fact" add column "slices" int[] not null;`);
    this.addSql(`alter table "report_escalation" add column "slice_id" int null;`);
    this.addSql(`create index "report_escalation_escalated_slice_index" on "report_escalation" ("escalated_at")
      include ("slice_id", "ended_at");`);
    this.addSql(`create index "report_ticket_fact_resolved_times_index" on "report_ticket_fact" ("resolved_at")
      include ("slices", "first_response_ms", "resolution_ms");`);
    this.addSql(`create index "report_ticket_fact_created_pending_index" on "report_ticket_fact" ("created_at")
      include ("slices", "pending_ms") where "pending_ms" > 0;`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop index if exists "report_escalation_escalated_slice_index";');
    this.addSql('alter table "report_escalation" drop column if exists "slice_id";');
    this.addSql('drop index if exists "report_ticket_fact_created_pending_index";');
    this.addSql('drop index if exists "report_ticket_fact_resolved_times_index";');
    this.addSql('alter table "report_ticket_fact" drop column if exists "slices";');
    this.addSql('drop table if exists "report_cube";');
    this.addSql('drop table if exists "report_slice";');
  }
}
