import { Migration } from '@mikro-orm/migrations';

export class Migration20261128151242_schema extends Migration {
  override name = 'Migration20261128151242_schema';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "establishment" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(64) not null, "name" varchar(200) not null, "mail_domains" text[] not null default '{}', primary key ("id"));`,
    );
    this.addSql(`alter table "establishment" add constraint "establishment_code_unique" unique ("code");`);

    this.addSql(
      `create table "person" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "subject" varchar(400) null, "email" varchar(320) not null, "display_name" varchar(200) not null, "establishment_id" uuid null, "affiliation" text not null default 'staff', "language" text not null default 'fr', "active" boolean not null default true, primary key ("id"));`,
    );
    this.addSql(`alter table "person" add constraint "person_subject_unique" unique ("subject");`);
    this.addSql(`alter table "person" add constraint "person_email_unique" unique ("email");`);

    this.addSql(
      `create table "provider" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(64) not null, "name" varchar(200) not null, "contact" varchar(320) null, "support_url" varchar(500) null, primary key ("id"));`,
    );
    this.addSql(`alter table "provider" add constraint "provider_code_unique" unique ("code");`);

    this.addSql(
      `create table "team" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(64) not null, "name" varchar(200) not null, "establishment_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`alter table "team" add constraint "team_code_unique" unique ("code");`);

    this.addSql(
      `create table "service" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(64) not null, "name" varchar(200) not null, "description" text not null default '', "parent_id" uuid null, "status" text not null default 'active', "owner_id" uuid null, "approval_policy" text not null default 'none', "default_team_id" uuid null, "provider_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`alter table "service" add constraint "service_code_unique" unique ("code");`);

    this.addSql(
      `create table "routing_rule" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(64) not null, "position" int not null default 100, "active" boolean not null default true, "match_service_id" uuid null, "match_type" text null, "match_establishment_id" uuid null, "team_id" uuid not null, "agent_id" uuid null, "default_type" text null, primary key ("id"));`,
    );
    this.addSql(`alter table "routing_rule" add constraint "routing_rule_code_unique" unique ("code");`);

    this.addSql(
      `create table "profile_grant" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "person_id" uuid not null, "profile" text not null, "service_id" uuid null, "team_id" uuid null, primary key ("id"));`,
    );
    this.addSql(
      `create unique index "profile_grant_scope_unique" on "profile_grant" ("person_id", "profile", "service_id", "team_id") nulls not distinct;`,
    );

    this.addSql(
      `create table "ticket" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "reference" varchar(32) not null, "type" text null, "title" varchar(300) not null, "description" text not null, "requester_id" uuid not null, "created_by_id" uuid not null, "channel" text not null, "service_id" uuid null, "sub_service_id" uuid null, "establishment_id" uuid null, "impact" text not null default 'medium', "urgency" text not null default 'medium', "priority" text not null default 'medium', "status" text not null, "team_id" uuid null, "agent_id" uuid null, "pending_until" timestamptz null, "pending_kind" text null, "pending_reason" text null, "solution" text null, "rejection_reason" text null, "linked_problem_id" uuid null, "resolved_at" timestamptz null, "closed_at" timestamptz null, "version" int not null default 1, "search_vector" tsvector generated always as (setweight(to_tsvector('fr_unaccent', coalesce(title, '')), 'A') || setweight(to_tsvector('fr_unaccent', coalesce(description, '')), 'B')) stored not null, primary key ("id"));`,
    );
    this.addSql(`alter table "ticket" add constraint "ticket_reference_unique" unique ("reference");`);
    this.addSql(`create index "ticket_requester_id_index" on "ticket" ("requester_id");`);
    this.addSql(`create index "ticket_service_id_index" on "ticket" ("service_id");`);
    this.addSql(`create index "ticket_status_index" on "ticket" ("status");`);
    this.addSql(`create index "ticket_team_id_index" on "ticket" ("team_id");`);
    this.addSql(`create index "ticket_agent_id_index" on "ticket" ("agent_id");`);
    this.addSql(`create index "ticket_search_vector_index" on "ticket" using gin ("search_vector");`);
    this.addSql(`create index "ticket_status_team_id_index" on "ticket" ("status", "team_id");`);
    this.addSql(`create index "ticket_pending_until_index" on "ticket" ("pending_until");`);

    this.addSql(
      `create table "provider_reference" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "ticket_id" uuid not null, "provider_id" uuid not null, "external_id" varchar(200) not null, "status" text not null default 'open', "notes" text null, primary key ("id"));`,
    );
    this.addSql(`create index "provider_reference_ticket_id_index" on "provider_reference" ("ticket_id");`);
    this.addSql(
      `alter table "provider_reference" add constraint "provider_reference_ticket_id_provider_id_external_id_unique" unique ("ticket_id", "provider_id", "external_id");`,
    );

    this.addSql(
      `create table "notification" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "recipient_id" uuid not null, "ticket_id" uuid null, "kind" varchar(64) not null, "language" text not null, "subject" varchar(400) not null, "body" text not null, "sent_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "notification_recipient_id_index" on "notification" ("recipient_id");`);

    this.addSql(
      `create table "ticket_event" ("id" bigserial primary key, "ticket_id" uuid not null, "type" text not null, "actor_id" uuid null, "visibility" text not null default 'public', "data" jsonb not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "ticket_event_ticket_id_index" on "ticket_event" ("ticket_id");`);

    this.addSql(
      `alter table "person" add constraint "person_establishment_id_foreign" foreign key ("establishment_id") references "establishment" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "person" add constraint "person_affiliation_check" check ("affiliation" in ('staff', 'faculty', 'student'));`,
    );
    this.addSql(
      `alter table "person" add constraint "person_language_check" check ("language" in ('fr', 'en'));`,
    );

    this.addSql(
      `alter table "team" add constraint "team_establishment_id_foreign" foreign key ("establishment_id") references "establishment" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "service" add constraint "service_parent_id_foreign" foreign key ("parent_id") references "service" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "service" add constraint "service_owner_id_foreign" foreign key ("owner_id") references "person" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "service" add constraint "service_default_team_id_foreign" foreign key ("default_team_id") references "team" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "service" add constraint "service_provider_id_foreign" foreign key ("provider_id") references "provider" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "service" add constraint "service_status_check" check ("status" in ('active', 'retired'));`,
    );
    this.addSql(
      `alter table "service" add constraint "service_approval_policy_check" check ("approval_policy" in ('none', 'required'));`,
    );

    this.addSql(
      `alter table "routing_rule" add constraint "routing_rule_match_service_id_foreign" foreign key ("match_service_id") references "service" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "routing_rule" add constraint "routing_rule_match_establishment_id_foreign" foreign key ("match_establishment_id") references "establishment" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "routing_rule" add constraint "routing_rule_team_id_foreign" foreign key ("team_id") references "team" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "routing_rule" add constraint "routing_rule_agent_id_foreign" foreign key ("agent_id") references "person" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "routing_rule" add constraint "routing_rule_match_type_check" check ("match_type" in ('incident', 'request', 'problem'));`,
    );
    this.addSql(
      `alter table "routing_rule" add constraint "routing_rule_default_type_check" check ("default_type" in ('incident', 'request', 'problem'));`,
    );

    this.addSql(
      `alter table "profile_grant" add constraint "profile_grant_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "profile_grant" add constraint "profile_grant_service_id_foreign" foreign key ("service_id") references "service" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "profile_grant" add constraint "profile_grant_team_id_foreign" foreign key ("team_id") references "team" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "profile_grant" add constraint "profile_grant_profile_check" check ("profile" in ('approver', 'moderator', 'technician', 'functional_admin', 'technical_admin'));`,
    );

    this.addSql(
      `alter table "ticket" add constraint "ticket_requester_id_foreign" foreign key ("requester_id") references "person" ("id");`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_created_by_id_foreign" foreign key ("created_by_id") references "person" ("id");`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_service_id_foreign" foreign key ("service_id") references "service" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_sub_service_id_foreign" foreign key ("sub_service_id") references "service" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_establishment_id_foreign" foreign key ("establishment_id") references "establishment" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_team_id_foreign" foreign key ("team_id") references "team" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_agent_id_foreign" foreign key ("agent_id") references "person" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_linked_problem_id_foreign" foreign key ("linked_problem_id") references "ticket" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_type_check" check ("type" in ('incident', 'request', 'problem'));`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_channel_check" check ("channel" in ('api', 'portal', 'email', 'cli', 'phone'));`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_impact_check" check ("impact" in ('high', 'medium', 'low'));`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_urgency_check" check ("urgency" in ('high', 'medium', 'low'));`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_priority_check" check ("priority" in ('critical', 'high', 'medium', 'low', 'planning'));`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_status_check" check ("status" in ('pending_approval', 'new', 'assigned', 'pending', 'resolved', 'closed', 'rejected'));`,
    );
    this.addSql(
      `alter table "ticket" add constraint "ticket_pending_kind_check" check ("pending_kind" in ('until_date', 'awaiting_requester'));`,
    );

    this.addSql(
      `alter table "provider_reference" add constraint "provider_reference_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id");`,
    );
    this.addSql(
      `alter table "provider_reference" add constraint "provider_reference_provider_id_foreign" foreign key ("provider_id") references "provider" ("id");`,
    );
    this.addSql(
      `alter table "provider_reference" add constraint "provider_reference_status_check" check ("status" in ('open', 'resolved', 'closed'));`,
    );

    this.addSql(
      `alter table "notification" add constraint "notification_recipient_id_foreign" foreign key ("recipient_id") references "person" ("id");`,
    );
    this.addSql(
      `alter table "notification" add constraint "notification_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "notification" add constraint "notification_language_check" check ("language" in ('fr', 'en'));`,
    );

    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id");`,
    );
    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_actor_id_foreign" foreign key ("actor_id") references "person" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_type_check" check ("type" in ('created', 'approval_requested', 'approval_granted', 'approval_refused', 'assigned', 'reassigned', 'pended', 'info_requested', 'woken', 'resumed', 'resolved', 'reopened', 'closed', 'field_changed', 'public_reply', 'internal_note', 'requester_replied', 'provider_escalated', 'provider_updated'));`,
    );
    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_visibility_check" check ("visibility" in ('public', 'internal'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "person" drop constraint "person_establishment_id_foreign";`);
    this.addSql(`alter table "team" drop constraint "team_establishment_id_foreign";`);
    this.addSql(`alter table "routing_rule" drop constraint "routing_rule_match_establishment_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_establishment_id_foreign";`);
    this.addSql(`alter table "service" drop constraint "service_owner_id_foreign";`);
    this.addSql(`alter table "routing_rule" drop constraint "routing_rule_agent_id_foreign";`);
    this.addSql(`alter table "profile_grant" drop constraint "profile_grant_person_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_requester_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_created_by_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_agent_id_foreign";`);
    this.addSql(`alter table "notification" drop constraint "notification_recipient_id_foreign";`);
    this.addSql(`alter table "ticket_event" drop constraint "ticket_event_actor_id_foreign";`);
    this.addSql(`alter table "service" drop constraint "service_provider_id_foreign";`);
    this.addSql(`alter table "provider_reference" drop constraint "provider_reference_provider_id_foreign";`);
    this.addSql(`alter table "service" drop constraint "service_default_team_id_foreign";`);
    this.addSql(`alter table "routing_rule" drop constraint "routing_rule_team_id_foreign";`);
    this.addSql(`alter table "profile_grant" drop constraint "profile_grant_team_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_team_id_foreign";`);
    this.addSql(`alter table "service" drop constraint "service_parent_id_foreign";`);
    this.addSql(`alter table "routing_rule" drop constraint "routing_rule_match_service_id_foreign";`);
    this.addSql(`alter table "profile_grant" drop constraint "profile_grant_service_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_service_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_sub_service_id_foreign";`);
    this.addSql(`alter table "ticket" drop constraint "ticket_linked_problem_id_foreign";`);
    this.addSql(`alter table "provider_reference" drop constraint "provider_reference_ticket_id_foreign";`);
    this.addSql(`alter table "notification" drop constraint "notification_ticket_id_foreign";`);
    this.addSql(`alter table "ticket_event" drop constraint "ticket_event_ticket_id_foreign";`);

    this.addSql(`drop table if exists "establishment" cascade;`);
    this.addSql(`drop table if exists "person" cascade;`);
    this.addSql(`drop table if exists "provider" cascade;`);
    this.addSql(`drop table if exists "team" cascade;`);
    this.addSql(`drop table if exists "service" cascade;`);
    this.addSql(`drop table if exists "routing_rule" cascade;`);
    this.addSql(`drop table if exists "profile_grant" cascade;`);
    this.addSql(`drop table if exists "ticket" cascade;`);
    this.addSql(`drop table if exists "provider_reference" cascade;`);
    this.addSql(`drop table if exists "notification" cascade;`);
    this.addSql(`drop table if exists "ticket_event" cascade;`);
  }
}
