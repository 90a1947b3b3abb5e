import { Migration } from '@mikro-orm/migrations';

export class Migration20261202171101_service_levels extends Migration {
  override name = 'Migration20261202171101_service_levels';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "business_calendar" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(64) not null, "definition" jsonb not null, "establishments" text[] not null default '{}', primary key ("id"));`,
    );
    this.addSql(
      `alter table "business_calendar" add constraint "business_calendar_code_unique" unique ("code");`,
    );

    this.addSql(
      `create table "service_level" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(64) not null, "service_id" uuid not null, "priority" text null, "type" text null, "first_response_minutes" int null, "resolution_minutes" int null, "calendar_id" uuid not null, "use_requester_calendar" boolean not null default false, "pause_while_provider" boolean not null default false, "active" boolean not null default true, primary key ("id"));`,
    );
    this.addSql(`alter table "service_level" add constraint "service_level_code_unique" unique ("code");`);

    this.addSql(
      `alter table "service_level" add constraint "service_level_service_id_foreign" foreign key ("service_id") references "service" ("id");`,
    );
    this.addSql(
      `alter table "service_level" add constraint "service_level_calendar_id_foreign" foreign key ("calendar_id") references "business_calendar" ("id");`,
    );
    this.addSql(
      `alter table "service_level" add constraint "service_level_priority_check" check ("priority" in ('critical', 'high', 'medium', 'low', 'planning'));`,
    );
    this.addSql(
      `alter table "service_level" add constraint "service_level_type_check" check ("type" in ('incident', 'request', 'problem'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "service_level" drop constraint "service_level_calendar_id_foreign";`);

    this.addSql(`drop table if exists "business_calendar" cascade;`);
    this.addSql(`drop table if exists "service_level" cascade;`);
  }
}
