import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { hitColumns, kbApi } from '../../lib/kb.ts';

export default class KbLinked extends GuichetCommand<typeof KbLinked> {
  static override summary = 'The articles linked to a ticket that you may read (kb from-ticket links them)';
  static override examples = ['<%= config.bin %> kb linked GU-2026-000042'];
  static override args = { ticket: Args.string({ description: 'Ticket reference', required: true }) };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(KbLinked);
    const articles = await kbApi.linked(await this.client(), args.ticket);
    this.printList(articles, hitColumns);
    return articles;
  }
}
