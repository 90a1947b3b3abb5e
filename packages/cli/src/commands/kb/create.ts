import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { kbApi, renderArticle } from '../../lib/kb.ts';
import type { ArticleFields } from '../../lib/kb-file.ts';
import { readArticleFile, sendWithPlaces } from '../../lib/kb-files.ts';

export default class KbCreate extends GuichetCommand<typeof KbCreate> {
  static override summary = 'Write a draft from a Markdown file with YAML front matter';
  static override description =
    'The front matter holds the metadata (title and kind required; summary, language, audience, services, tags, owner, reviewers, linkedProblem, linkedTickets, reviewBy, translation, symptom, cause, workaround, solution), the rest of the file is the Markdown body. Every error of the file is listed at once, as file:line:column.';
  static override examples = ['<%= config.bin %> kb create -f article.md'];
  static override flags = {
    file: Flags.string({ char: 'f', required: true, description: 'Markdown file, - for stdin' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const file = await readArticleFile(flags.file, { requireNew: true });
    const connection = await this.client();
    const article = await sendWithPlaces(file, () => kbApi.create(connection, file.fields as ArticleFields));
    this.log(renderArticle(article));
    return article;
  }
}
