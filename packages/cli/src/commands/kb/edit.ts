import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { UsageError } from '../../lib/errors.ts';
import { integerFlag } from '../../lib/flags.ts';
import { type ArticleChanges, kbApi, renderArticle } from '../../lib/kb.ts';
import { readArticleFile, sendWithPlaces } from '../../lib/kb-files.ts';
import { textFlag } from '../../lib/text-input.ts';

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

export default class KbEdit extends GuichetCommand<typeof KbEdit> {
  static override summary = 'Change an article: the options given, or the fields a file sets';
  static override description =
    'Only what is given changes (a new revision). With -f, the file’s front matter and body (its reference and status are ignored). --if-match refuses the change if the article moved on.';
  static override examples = [
    '<%= config.bin %> kb edit KB-000042 --title "Opale : export ODT" --tags libreoffice,opale',
    '<%= config.bin %> kb edit KB-000042 -f KB-000042.md --if-match 3',
  ];
  static override args = { ref: Args.string({ description: 'Article reference', required: true }) };
  static override flags = {
    file: Flags.string({ char: 'f', description: 'Markdown file with front matter, - for stdin' }),
    title: Flags.string({ description: 'New title' }),
    summary: Flags.string({ description: 'New summary' }),
    body: Flags.string({ description: 'New Markdown body, or - to read it from standard input' }),
    kind: Flags.string({ options: ['how_to', 'known_error', 'faq'] }),
    language: Flags.string({ options: ['fr', 'en'] }),
    audience: Flags.string({ options: ['internal', 'requesters', 'public'] }),
    services: Flags.string({ description: 'Service codes, comma-separated (replaces them)' }),
    tags: Flags.string({ description: 'Tag codes, comma-separated (replaces them)' }),
    owner: Flags.string({ description: 'Owner’s e-mail' }),
    'if-match': integerFlag({ min: 1 })({
      description: 'Only if the article is still at this version (else exit 1, nothing changed)',
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbEdit);
    const file = flags.file ? await readArticleFile(flags.file) : null;
    const changes = (file?.fields ??
      Object.fromEntries(
        Object.entries({
          title: flags.title,
          summary: flags.summary,
          body: await textFlag('body', flags.body),
          kind: flags.kind,
          language: flags.language,
          audience: flags.audience,
          services: list(flags.services),
          tags: list(flags.tags),
          owner: flags.owner,
        }).filter(([, v]) => v !== undefined),
      )) as ArticleChanges;
    if (Object.keys(changes).length === 0)
      throw UsageError.say('edit_nothing', {
        flags: '-f, --title, --summary, --body, --kind, --language, --audience, --services, --tags, --owner',
      });
    const connection = await this.client();
    const edit = () =>
      kbApi.edit(connection, {
        reference: args.ref,
        changes,
        ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
      });
    const article = file ? await sendWithPlaces(file, edit) : await edit();
    this.log(renderArticle(article));
    return article;
  }
}
