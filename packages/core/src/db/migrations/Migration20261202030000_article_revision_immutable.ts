import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: article revisions are immutable at the database level. UPDATE is always refused;
 * DELETE only when it comes from deleting the article itself (the foreign key's cascade runs as a
 * trigger, so it is nested: `pg_trigger_depth() > 1`), so that a never-published draft can be
 * discarded with its history while no code path (or psql session) can rewrite one.
 */
export class Migration20261202030000_article_revision_immutable extends Migration {
  override name = 'Migration20261202030000_article_revision_immutable';

  override up(): void {
    this.addSql(`create or replace function guichet_article_revision_immutable() returns trigger
      language plpgsql as $$
      begin
        if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
          return old;
        end if;
        raise exception 'article_revision is immutable (% refused)', tg_op using errcode = 'restrict_violation';
      end $$;`);
    this.addSql(`create trigger article_revision_immutable before update or delete on article_revision
      for each row execute function guichet_article_revision_immutable();`);
  }

  override down(): void {
    this.addSql('drop trigger if exists article_revision_immutable on article_revision;');
    this.addSql('drop function if exists guichet_article_revision_immutable();');
  }
}
