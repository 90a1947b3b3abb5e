import { Migration } from '@mikro-orm/migrations';

export class Migration20261128224533_list_indexes extends Migration {
  override name = 'Migration20261128224533_list_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "ticket_agent_id_index";`);
    this.addSql(`drop index "ticket_status_index";`);
    this.addSql(`drop index "ticket_team_id_index";`);
    this.addSql(`create index "ticket_created_at_id_index" on "ticket" ("created_at", "id");`);
    this.addSql(`create index "ticket_updated_at_id_index" on "ticket" ("updated_at", "id");`);
    this.addSql(`create index "ticket_status_created_at_index" on "ticket" ("status", "created_at");`);
    this.addSql(`create index "ticket_agent_id_created_at_index" on "ticket" ("agent_id", "created_at");`);
    this.addSql(`create index "ticket_team_id_created_at_index" on "ticket" ("team_id", "created_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "ticket_created_at_id_index";`);
    this.addSql(`drop index "ticket_updated_at_id_index";`);
    this.addSql(`drop index "ticket_status_created_at_index";`);
    this.addSql(`drop index "ticket_agent_id_created_at_index";`);
    this.addSql(`drop index "ticket_team_id_created_at_index";`);
    this.addSql(`create index "ticket_agent_id_index" on "ticket" ("agent_id");`);
    this.addSql(`create index "ticket_status_index" on "ticket" ("status");`);
    this.addSql(`create index "ticket_team_id_index" on "ticket" ("team_id");`);
  }
}
