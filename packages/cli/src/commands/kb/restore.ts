import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';
import { kbApi, renderArticle } from '../../lib/kb.ts';

export default class KbRestore extends GuichetCommand<typeof KbRestore> {
  static override summary = 'Bring back an earlier revision’s content (as a new revision)';
  static override examples = ['<%= config.bin %> kb restore KB-000042 2'];
  static override args = {
    ref: Args.string({ description: 'Article reference', required: true }),
    revision: Args.integer({ description: 'Revision number (guichet kb history)', required: true, min: 1 }),
  };
  static override flags = {
    'if-match': integerFlag({ min: 1 })({ description: 'Only if the article is still at this version' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbRestore);
    const article = await kbApi.restore(await this.client(), {
      reference: args.ref,
      revision: args.revision,
      ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
    });
    this.log(renderArticle(article));
    return article;
  }
}
