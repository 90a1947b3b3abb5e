import { Migration } from '@mikro-orm/migrations';

export class Migration20261202180100_announcements extends Migration {
  override name = 'Migration20261202180100_announcements';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "announcement" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "title_fr" varchar(200) not null, "title_en" varchar(200) null, "body_fr" text not null default '', "body_en" text null, "severity" text not null, "service_ids" uuid[] not null default '{}', "establishment_ids" uuid[] not null default '{}', "audience" text not null default 'public', "starts_at" timestamptz not null, "ends_at" timestamptz null, "resolved_at" timestamptz null, "phase" text null, "linked_ticket_id" uuid null, "created_by_id" uuid not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "announcement_starts_at_index" on "announcement" ("starts_at");`);
    this.addSql(`create index "announcement_service_ids_index" on "announcement" using gin ("service_ids");`);
    this.addSql(
      `create index "announcement_establishment_ids_index" on "announcement" using gin ("establishment_ids");`,
    );

    this.addSql(
      `create table "announcement_update" ("id" uuid not null, "announcement_id" uuid not null, "status" text not null, "message_fr" text not null, "message_en" text null, "author_id" uuid not null, "posted_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "announcement_update_announcement_id_index" on "announcement_update" ("announcement_id");`,
    );

    this.addSql(
      `alter table "announcement" add constraint "announcement_linked_ticket_id_foreign" foreign key ("linked_ticket_id") references "ticket" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "announcement" add constraint "announcement_created_by_id_foreign" foreign key ("created_by_id") references "person" ("id");`,
    );
    this.addSql(
      `alter table "announcement" add constraint "announcement_severity_check" check ("severity" in ('information', 'degraded', 'outage', 'maintenance'));`,
    );
    this.addSql(
      `alter table "announcement" add constraint "announcement_audience_check" check ("audience" in ('public', 'requesters'));`,
    );
    this.addSql(
      `alter table "announcement" add constraint "announcement_phase_check" check ("phase" in ('investigating', 'identified', 'monitoring', 'resolved'));`,
    );

    this.addSql(
      `alter table "announcement_update" add constraint "announcement_update_announcement_id_foreign" foreign key ("announcement_id") references "announcement" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "announcement_update" add constraint "announcement_update_author_id_foreign" foreign key ("author_id") references "person" ("id");`,
    );
    this.addSql(
      `alter table "announcement_update" add constraint "announcement_update_status_check" check ("status" in ('investigating', 'identified', 'monitoring', 'resolved'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "announcement_update" drop constraint "announcement_update_announcement_id_foreign";`,
    );

    this.addSql(`drop table if exists "announcement" cascade;`);
    this.addSql(`drop table if exists "announcement_update" cascade;`);
  }
}
