import { Migration } from '@mikro-orm/migrations';

export class Migration20261128162720_idempotency extends Migration {
  override name = 'Migration20261128162720_idempotency';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "idempotency_record" ("token_id" uuid not null, "key" varchar(255) not null, "request_hash" varchar(64) not null, "status" int null, "body" text null, "headers" jsonb null, "created_at" timestamptz not null, primary key ("token_id", "key"));`,
    );
    this.addSql(`create index "idempotency_record_created_at_index" on "idempotency_record" ("created_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "idempotency_record" cascade;`);
  }
}
