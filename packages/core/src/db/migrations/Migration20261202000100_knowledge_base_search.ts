import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: what the knowledge base's search needs before its tables exist.
 * - The extensions (again, for databases whose first migration ran before a superuser added them).
 * - `en_unaccent`, the English twin of `fr_unaccent` (accents ignored, English stemming).
 * - `guichet_unaccent(text)`: `unaccent` is only STABLE (its dictionary could change), so it cannot
 *   sit in an index; this IMMUTABLE wrapper can (the trigram index on titles, the words table).
 * - `guichet_kb_config(language)`: the text search configuration of an article's language.
 * - `guichet_kb_vector(...)`: an article's weighted tsvector (title A, tags B, summary and symptom C,
 *   body, cause, workaround and solution D), IMMUTABLE so that a stored generated column can use it.
 * - The sequence behind article references (`KB-000042`).
 */
export class Migration20261202000100_knowledge_base_search extends Migration {
  override name = 'Migration20261202000100_knowledge_base_search';

  override up(): void {
    this.addSql('create extension if not exists unaccent;');
    this.addSql('create extension if not exists pg_trgm;');
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_ts_config where cfgname = 'en_unaccent') then
        create text search configuration en_unaccent ( copy = english );
        alter text search configuration en_unaccent
          alter mapping for hword, hword_part, word with unaccent, english_stem;
      end if;
    end $$;`);
    // Every name inside the functions is schema-qualified: PostgreSQL 17+ builds indexes (and runs
    // ANALYZE, REINDEX…) with a safe search_path, where unqualified extension objects are not found.
    this.addSql(`do $do$
    declare
      me text := current_schema();
      ext text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
                    where e.extname = 'unaccent');
      fr text := (select n.nspname from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace
                   where c.cfgname = 'fr_unaccent' limit 1);
      en text := (select n.nspname from pg_ts_config c join pg_namespace n on n.oid = c.cfgnamespace
                   where c.cfgname = 'en_unaccent' limit 1);
    begin
      execute format($f$create or replace function %I.guichet_unaccent(text) returns text
        language sql immutable strict parallel safe
        as $b$ select %I.unaccent(%L::regdictionary, $1) $b$$f$, me, ext, ext || '.unaccent');
      execute format($f$create or replace function %I.guichet_kb_config(text) returns regconfig
        language sql immutable strict parallel safe
        as $b$ select case $1 when 'en' then %L::regconfig else %L::regconfig end $b$$f$,
        me, en || '.en_unaccent', fr || '.fr_unaccent');
      execute format($f$create or replace function %I.guichet_kb_vector(
          language text, title text, tags text[], summary text, symptom text,
          body text, cause text, workaround text, solution text) returns tsvector
        language sql immutable parallel safe
        as $b$ select
            setweight(to_tsvector(%1$I.guichet_kb_config(language), coalesce(title, '')), 'A')
         || setweight(to_tsvector(%1$I.guichet_kb_config(language),
              coalesce(array_to_string(tags, ' '), '')), 'B')
         || setweight(to_tsvector(%1$I.guichet_kb_config(language),
              coalesce(summary, '') || ' ' || coalesce(symptom, '')), 'C')
         || setweight(to_tsvector(%1$I.guichet_kb_config(language),
              coalesce(body, '') || ' ' || coalesce(cause, '') || ' ' || coalesce(workaround, '') || ' ' || coalesce(solution, '')), 'D')
        $b$$f$, me);
    end $do$;`);
    this.addSql('create sequence if not exists article_number_seq as bigint start 1;');
  }

  override down(): void {
    this.addSql('drop sequence if exists article_number_seq;');
    this.addSql(
      'drop function if exists guichet_kb_vector(text, text, text[], text, text, text, text, text, text);',
    );
    this.addSql('drop function if exists guichet_kb_config(text);');
    this.addSql('drop function if exists guichet_unaccent(text);');
    this.addSql('drop text search configuration if exists en_unaccent;');
  }
}
