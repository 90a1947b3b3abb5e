import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: what the knowledge base's search needs at 100,000 articles.
 * - The words table behind typo corrections keeps letters only. Numbers and codes are never
 *   corrected ("erreur 503" is not "erreur 502"); kept, they made the table as large as the number
 *   of distinct numbers the articles hold, and each correction's trigram lookup slow.
 * - The status index covers the unpublished articles only (drafts, in review, archived: what a
 *   writer lists). Published articles are most of the table: through the index, the planner
 *   intersected a bitmap of nearly every row with the text search's, which cost more than it saved.
 */
export class Migration20261202050000_kb_search_at_scale extends Migration {
  override name = 'Migration20261202050000_kb_search_at_scale';

  override up(): void {
    this.addSql(`delete from kb_word where word ~ '[0-9]';`);
    this.addSql('drop index if exists "article_status_audience_index";');
    this.addSql(
      `create index "article_unpublished_index" on "article" ("status", "audience") where status <> 'published';`,
    );
  }

  override down(): void {
    // The removed words come back as articles are written again.
    this.addSql('drop index if exists "article_unpublished_index";');
    this.addSql('create index "article_status_audience_index" on "article" ("status", "audience");');
  }
}
