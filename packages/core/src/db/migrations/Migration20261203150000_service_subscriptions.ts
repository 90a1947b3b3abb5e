import { Migration } from '@mikro-orm/migrations';

/** Service subscriptions: a person follows a service's announcements (one row per person and service). */
export class Migration20261203150000_service_subscriptions extends Migration {
  override name = 'Migration20261203150000_service_subscriptions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "service_subscription" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "person_id" uuid not null, "service_id" uuid not null, primary key ("id"));`,
    );
    this.addSql(
      `create index "service_subscription_service_id_index" on "service_subscription" ("service_id");`,
    );
    this.addSql(
      `alter table "service_subscription" add constraint "service_subscription_person_id_service_id_unique" unique ("person_id", "service_id");`,
    );

    this.addSql(
      `alter table "service_subscription" add constraint "service_subscription_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "service_subscription" add constraint "service_subscription_service_id_foreign" foreign key ("service_id") references "service" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "service_subscription" cascade;`);
  }
}
