import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';
import { kbApi, renderArticle } from '../../lib/kb.ts';

export default class KbReturnToDraft extends GuichetCommand<typeof KbReturnToDraft> {
  static override summary =
    'Send an article back as a draft (renvoyer en brouillon): from review, or unpublish it (moderators)';
  static override description =
    'A draft is no longer found by requesters; its writers change it and submit it again (guichet kb submit). Say why with --comment.';
  static override examples = [
    '<%= config.bin %> kb return-to-draft KB-000042 --comment "Préciser la version d’Opale concernée"',
  ];
  static override args = { ref: Args.string({ description: 'Article reference', required: true }) };
  static override flags = {
    comment: Flags.string({ description: 'Why, for the revision history (the writer reads it)' }),
    'if-match': integerFlag({ min: 1 })({ description: 'Only if the article is still at this version' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbReturnToDraft);
    const article = await kbApi.action(await this.client(), {
      reference: args.ref,
      action: 'return-to-draft',
      ...(flags.comment !== undefined ? { comment: flags.comment } : {}),
      ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
    });
    this.log(renderArticle(article));
    return article;
  }
}
