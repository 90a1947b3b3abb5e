import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: every change to what the catalogue snapshot holds (services, teams, establishments,
 * providers, routing rules; technicians are profile grants, announced on `guichet_credentials`) is
 * announced with NOTIFY on `guichet_catalogue` (payload: the table), once per statement, so that
 * every API process forgets its copy (see ReadCache).
 */
const TABLES = ['service', 'team', 'establishment', 'provider', 'routing_rule'];

export class Migration20261202000000_catalogue_notify extends Migration {
  override name = 'Migration20261202000000_catalogue_notify';

  override up(): void {
    this.addSql(`create or replace function guichet_catalogue_notify() returns trigger
      language plpgsql as $$
      begin
        perform pg_notify('guichet_catalogue', tg_table_name);
        return null;
      end $$;`);
    for (const table of TABLES) {
      this.addSql(`create trigger ${table}_catalogue_notify after insert or update or delete or truncate on "${table}"
        for each statement execute function guichet_catalogue_notify();`);
    }
  }

  override down(): void {
    for (const table of TABLES)
      this.addSql(`drop trigger if exists ${table}_catalogue_notify on "${table}";`);
    this.addSql('drop function if exists guichet_catalogue_notify();');
  }
}
