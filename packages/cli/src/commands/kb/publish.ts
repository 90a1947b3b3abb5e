import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';
import { kbApi, renderArticle } from '../../lib/kb.ts';

export default class KbPublish extends GuichetCommand<typeof KbPublish> {
  static override summary = 'Publish an article (moderators of its services)';
  static override examples = ['<%= config.bin %> kb publish KB-000042 --audience requesters'];
  static override args = { ref: Args.string({ description: 'Article reference', required: true }) };
  static override flags = {
    audience: Flags.string({ options: ['internal', 'requesters', 'public'], description: 'Who may read it' }),
    comment: Flags.string({ description: 'A word for the revision history' }),
    'if-match': integerFlag({ min: 1 })({ description: 'Only if the article is still at this version' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbPublish);
    const article = await kbApi.action(await this.client(), {
      reference: args.ref,
      action: 'publish',
      ...(flags.audience ? { audience: flags.audience as 'internal' } : {}),
      ...(flags.comment !== undefined ? { comment: flags.comment } : {}),
      ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
    });
    this.log(renderArticle(article));
    return article;
  }
}
