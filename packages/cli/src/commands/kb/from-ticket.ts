import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { kbApi, renderArticle } from '../../lib/kb.ts';

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

export default class KbFromTicket extends GuichetCommand<typeof KbFromTicket> {
  static override summary =
    'Write a draft from a resolved ticket (its problem and solution, no internal notes)';
  static override examples = [
    '<%= config.bin %> kb from-ticket GU-2026-000042 --tags libreoffice',
    '<%= config.bin %> kb from-ticket GU-2026-000042 --summary "La génération ODT échoue avec Opale 5.0.3"',
  ];
  static override args = { ticket: Args.string({ description: 'Ticket reference', required: true }) };
  static override flags = {
    title: Flags.string({ description: 'Title (default: the ticket’s)' }),
    summary: Flags.string({ description: 'Summary, shown in search results (default: none)' }),
    language: Flags.string({ options: ['fr', 'en'] }),
    audience: Flags.string({ options: ['internal', 'requesters', 'public'] }),
    tags: Flags.string({ description: 'Tag codes, comma-separated' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbFromTicket);
    const body = Object.fromEntries(
      Object.entries({
        title: flags.title,
        summary: flags.summary,
        language: flags.language,
        audience: flags.audience,
        tags: list(flags.tags),
      }).filter(([, v]) => v !== undefined),
    );
    const article = await kbApi.fromTicket(await this.client(), { ticket: args.ticket, body });
    this.log(renderArticle(article));
    return article;
  }
}
