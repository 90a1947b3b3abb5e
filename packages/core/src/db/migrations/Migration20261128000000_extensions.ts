import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: what the schema generator cannot express. French full-text search that ignores
 * accents ("ecole" finds "écoles"): `unaccent` is not IMMUTABLE, so it goes into a text search
 * configuration (`fr_unaccent`, a copy of `french` with unaccent before the stemmer) that a stored
 * generated column can use. The ticket number sequence gives references without a hot counter row.
 */
export class Migration20261128000000_extensions extends Migration {
  override name = 'Migration20261128000000_extensions';

  override up(): void {
    this.addSql('create extension if not exists unaccent;');
    this.addSql('create extension if not exists pg_trgm;');
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_ts_config where cfgname = 'fr_unaccent') then
        create text search configuration fr_unaccent ( copy = french );
        alter text search configuration fr_unaccent
          alter mapping for hword, hword_part, word with unaccent, french_stem;
      end if;
    end $$;`);
    this.addSql('create sequence if not exists ticket_number_seq as bigint start 1;');
  }

  override down(): void {
    this.addSql('drop sequence if exists ticket_number_seq;');
    this.addSql('drop text search configuration if exists fr_unaccent;');
  }
}
