import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';
import { hitColumns, kbApi, type SearchFilters } from '../../lib/kb.ts';
import { t } from '../../lib/messages.ts';

export default class KbSearch extends GuichetCommand<typeof KbSearch> {
  static override summary = 'Search the knowledge base (French and English, typos tolerated)';
  static override examples = [
    '<%= config.bin %> kb search "opale odt" --service scenari',
    '<%= config.bin %> kb search vpn --status published --json',
    '<%= config.bin %> kb search opale --limit 20 --after eyJyIjowLjEsImlkIjoi…',
  ];
  static override args = { query: Args.string({ description: 'Words to look for' }) };
  static override flags = {
    service: Flags.string({ description: 'Service code (its sub-services included)' }),
    tag: Flags.string({ description: 'Tag code' }),
    kind: Flags.string({ options: ['how_to', 'known_error', 'faq'] }),
    language: Flags.string({ options: ['fr', 'en'] }),
    status: Flags.string({ options: ['draft', 'in_review', 'published', 'archived'] }),
    audience: Flags.string({ options: ['internal', 'requesters', 'public'] }),
    limit: integerFlag({ min: 1, max: 100 })({ description: 'How many results', default: 20 }),
    after: Flags.string({ description: 'Cursor from a previous page (shown on stderr)' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbSearch);
    const query = Object.fromEntries(
      Object.entries({
        q: args.query,
        service: flags.service,
        tag: flags.tag,
        kind: flags.kind,
        language: flags.language,
        status: flags.status,
        audience: flags.audience,
        limit: flags.limit,
        after: flags.after,
      }).filter(([, v]) => v !== undefined),
    ) as SearchFilters;
    const page = await kbApi.search(await this.client(), query);
    this.printList(page.items, hitColumns);
    if (page.next && !this.jsonEnabled()) this.logToStderr(t('next_page', { cursor: page.next }));
    return page;
  }
}
