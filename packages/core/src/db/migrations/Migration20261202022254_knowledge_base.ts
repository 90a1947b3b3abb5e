import { Migration } from '@mikro-orm/migrations';

export class Migration20261202022254_knowledge_base extends Migration {
  override name = 'Migration20261202022254_knowledge_base';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "kb_tag" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(64) not null, "label" varchar(200) not null, "synonyms" text[] not null default '{}', primary key ("id"));`,
    );
    this.addSql(`alter table "kb_tag" add constraint "kb_tag_code_unique" unique ("code");`);
    this.addSql(`create index "kb_tag_synonyms_index" on "kb_tag" using gin ("synonyms");`);

    this.addSql(`create table "kb_word" ("word" varchar(64) not null, primary key ("word"));`);
    this.addSql(`create index "kb_word_trgm_index" on "kb_word" using gin ("word" gin_trgm_ops);`);

    this.addSql(
      `create table "article" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "reference" varchar(16) not null, "title" varchar(300) not null, "summary" text not null default '', "body" text not null default '', "kind" text not null, "symptom" text null, "cause" text null, "workaround" text null, "solution" text null, "language" text not null, "translation_id" uuid null, "service_ids" uuid[] not null default '{}', "tags" text[] not null default '{}', "audience" text not null default 'internal', "status" text not null default 'draft', "owner_id" uuid not null, "reviewer_ids" uuid[] not null default '{}', "linked_problem_id" uuid null, "review_by" timestamptz null, "published_at" timestamptz null, "revision" int not null default 1, "version" int not null default 1, "search_vector" tsvector generated always as (guichet_kb_vector(language, title, tags, summary, symptom, body, cause, workaround, solution)) stored not null, primary key ("id"));`,
    );
    this.addSql(`alter table "article" add constraint "article_reference_unique" unique ("reference");`);
    this.addSql(`create index "article_search_vector_index" on "article" using gin ("search_vector");`);
    this.addSql(`create index "article_tags_index" on "article" using gin ("tags");`);
    this.addSql(`create index "article_service_ids_index" on "article" using gin ("service_ids");`);
    this.addSql(`create index "article_status_audience_index" on "article" ("status", "audience");`);
    this.addSql(`create index "article_updated_at_id_index" on "article" ("updated_at", "id");`);
    this.addSql(
      `create index "article_title_trgm_index" on "article" using gin (guichet_unaccent(lower(title)) gin_trgm_ops);`,
    );

    this.addSql(
      `create table "kb_suggestion" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "person_id" uuid not null, "text" text not null, "service_id" uuid null, "article_ids" uuid[] not null default '{}', "ticket_ids" uuid[] not null default '{}', "deflected_at" timestamptz null, "deflected_by_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "kb_suggestion_person_id_index" on "kb_suggestion" ("person_id");`);

    this.addSql(
      `create table "article_vote" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "article_id" uuid not null, "revision" int not null, "person_id" uuid not null, "value" text not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "article_vote" add constraint "article_vote_article_id_revision_person_id_unique" unique ("article_id", "revision", "person_id");`,
    );

    this.addSql(
      `create table "article_ticket_link" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "article_id" uuid not null, "ticket_id" uuid not null, "relation" text not null default 'related', "created_by_id" uuid not null, primary key ("id"));`,
    );
    this.addSql(`create index "article_ticket_link_ticket_id_index" on "article_ticket_link" ("ticket_id");`);
    this.addSql(
      `alter table "article_ticket_link" add constraint "article_ticket_link_article_id_ticket_id_unique" unique ("article_id", "ticket_id");`,
    );

    this.addSql(
      `create table "article_revision" ("id" uuid not null, "article_id" uuid not null, "number" int not null, "action" text not null, "author_id" uuid not null, "changes" jsonb not null, "snapshot" jsonb not null, "restored_from" int null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "article_revision" add constraint "article_revision_article_id_number_unique" unique ("article_id", "number");`,
    );

    this.addSql(`alter table "ticket_event" drop constraint "ticket_event_type_check";`);
    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_type_check" check ("type" in ('created', 'approval_requested', 'approval_granted', 'approval_refused', 'assigned', 'reassigned', 'pended', 'info_requested', 'woken', 'resumed', 'resolved', 'reopened', 'closed', 'field_changed', 'public_reply', 'internal_note', 'requester_replied', 'provider_escalated', 'provider_updated', 'article_created'));`,
    );

    this.addSql(
      `alter table "article" add constraint "article_translation_id_foreign" foreign key ("translation_id") references "article" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "article" add constraint "article_owner_id_foreign" foreign key ("owner_id") references "person" ("id");`,
    );
    this.addSql(
      `alter table "article" add constraint "article_linked_problem_id_foreign" foreign key ("linked_problem_id") references "ticket" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "article" add constraint "article_kind_check" check ("kind" in ('how_to', 'known_error', 'faq'));`,
    );
    this.addSql(
      `alter table "article" add constraint "article_language_check" check ("language" in ('fr', 'en'));`,
    );
    this.addSql(
      `alter table "article" add constraint "article_audience_check" check ("audience" in ('internal', 'requesters', 'public'));`,
    );
    this.addSql(
      `alter table "article" add constraint "article_status_check" check ("status" in ('draft', 'in_review', 'published', 'archived'));`,
    );

    this.addSql(
      `alter table "kb_suggestion" add constraint "kb_suggestion_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "kb_suggestion" add constraint "kb_suggestion_service_id_foreign" foreign key ("service_id") references "service" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "kb_suggestion" add constraint "kb_suggestion_deflected_by_id_foreign" foreign key ("deflected_by_id") references "article" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "article_vote" add constraint "article_vote_article_id_foreign" foreign key ("article_id") references "article" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "article_vote" add constraint "article_vote_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "article_vote" add constraint "article_vote_value_check" check ("value" in ('helpful', 'not_helpful'));`,
    );

    this.addSql(
      `alter table "article_ticket_link" add constraint "article_ticket_link_article_id_foreign" foreign key ("article_id") references "article" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "article_ticket_link" add constraint "article_ticket_link_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "article_ticket_link" add constraint "article_ticket_link_created_by_id_foreign" foreign key ("created_by_id") references "person" ("id");`,
    );
    this.addSql(
      `alter table "article_ticket_link" add constraint "article_ticket_link_relation_check" check ("relation" in ('source', 'related'));`,
    );

    this.addSql(
      `alter table "article_revision" add constraint "article_revision_article_id_foreign" foreign key ("article_id") references "article" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "article_revision" add constraint "article_revision_author_id_foreign" foreign key ("author_id") references "person" ("id");`,
    );
    this.addSql(
      `alter table "article_revision" add constraint "article_revision_action_check" check ("action" in ('created', 'created_from_ticket', 'edited', 'submitted', 'published', 'returned_to_draft', 'archived', 'restored'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "article" drop constraint "article_translation_id_foreign";`);
    this.addSql(`alter table "kb_suggestion" drop constraint "kb_suggestion_deflected_by_id_foreign";`);
    this.addSql(`alter table "article_vote" drop constraint "article_vote_article_id_foreign";`);
    this.addSql(
      `alter table "article_ticket_link" drop constraint "article_ticket_link_article_id_foreign";`,
    );
    this.addSql(`alter table "article_revision" drop constraint "article_revision_article_id_foreign";`);

    this.addSql(`drop table if exists "kb_tag" cascade;`);
    this.addSql(`drop table if exists "kb_word" cascade;`);
    this.addSql(`drop table if exists "article" cascade;`);
    this.addSql(`drop table if exists "kb_suggestion" cascade;`);
    this.addSql(`drop table if exists "article_vote" cascade;`);
    this.addSql(`drop table if exists "article_ticket_link" cascade;`);
    this.addSql(`drop table if exists "article_revision" cascade;`);

    this.addSql(`alter table "ticket_event" drop constraint "ticket_event_type_check";`);
    this.addSql(
      `alter table "ticket_event" add constraint "ticket_event_type_check" check ("type" in ('created', 'approval_requested', 'approval_granted', 'approval_refused', 'assigned', 'reassigned', 'pended', 'info_requested', 'woken', 'resumed', 'resolved', 'reopened', 'closed', 'field_changed', 'public_reply', 'internal_note', 'requester_replied', 'provider_escalated', 'provider_updated'));`,
    );
  }
}
