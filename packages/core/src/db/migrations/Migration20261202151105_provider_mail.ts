import { Migration } from '@mikro-orm/migrations';

export class Migration20261202151105_provider_mail extends Migration {
  override name = 'Migration20261202151105_provider_mail';

  override up(): void | Promise<void> {
    this.addSql(`alter table "provider" add "mail_address" varchar(320) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "provider" drop column "mail_address";`);
  }
}
