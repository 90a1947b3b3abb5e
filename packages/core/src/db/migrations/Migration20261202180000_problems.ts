import { Migration } from '@mikro-orm/migrations';

export class Migration20261202180000_problems extends Migration {
  override name = 'Migration20261202180000_problems';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "problem_record" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "ticket_id" uuid not null, "root_cause" text null, "root_cause_visibility" text not null default 'internal', "workaround" text null, "workaround_visibility" text not null default 'public', "known_error_article_id" uuid null, "updated_by_id" uuid null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(
      `alter table "problem_record" add constraint "problem_record_ticket_id_unique" unique ("ticket_id");`,
    );

    this.addSql(
      `alter table "problem_record" add constraint "problem_record_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "problem_record" add constraint "problem_record_known_error_article_id_foreign" foreign key ("known_error_article_id") references "article" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "problem_record" add constraint "problem_record_updated_by_id_foreign" foreign key ("updated_by_id") references "person" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "problem_record" add constraint "problem_record_root_cause_visibility_check" check ("root_cause_visibility" in ('internal', 'public'));`,
    );
    this.addSql(
      `alter table "problem_record" add constraint "problem_record_workaround_visibility_check" check ("workaround_visibility" in ('internal', 'public'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "problem_record" cascade;`);
  }
}
