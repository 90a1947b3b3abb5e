import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';
import { kbApi, renderArticle } from '../../lib/kb.ts';

export default class KbArchive extends GuichetCommand<typeof KbArchive> {
  static override summary = 'Archive an article (no longer suggested nor found by requesters)';
  static override examples = ['<%= config.bin %> kb archive KB-000042 --comment "Opale 5 retiré"'];
  static override args = { ref: Args.string({ description: 'Article reference', required: true }) };
  static override flags = {
    comment: Flags.string({ description: 'A word for the revision history' }),
    'if-match': integerFlag({ min: 1 })({ description: 'Only if the article is still at this version' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbArchive);
    const article = await kbApi.action(await this.client(), {
      reference: args.ref,
      action: 'archive',
      ...(flags.comment !== undefined ? { comment: flags.comment } : {}),
      ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
    });
    this.log(renderArticle(article));
    return article;
  }
}
