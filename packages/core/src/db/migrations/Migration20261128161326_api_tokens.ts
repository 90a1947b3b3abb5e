import { Migration } from '@mikro-orm/migrations';

export class Migration20261128161326_api_tokens extends Migration {
  override name = 'Migration20261128161326_api_tokens';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "api_token" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "person_id" uuid not null, "name" varchar(200) not null, "prefix" varchar(16) not null, "secret_hash" varchar(64) not null, "scopes" text[] not null default '{}', "expires_at" timestamptz not null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "api_token_person_id_index" on "api_token" ("person_id");`);
    this.addSql(
      `alter table "api_token" add constraint "api_token_secret_hash_unique" unique ("secret_hash");`,
    );

    this.addSql(
      `alter table "api_token" add constraint "api_token_person_id_foreign" foreign key ("person_id") references "person" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "api_token" cascade;`);
  }
}
