import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';
import { kbApi, renderArticle } from '../../lib/kb.ts';

export default class KbSubmit extends GuichetCommand<typeof KbSubmit> {
  static override summary = 'Submit a draft for review (soumettre à relecture): draft → in review';
  static override description =
    'The article waits for a moderator of its services, who publishes it (guichet kb publish) or sends it back as a draft (guichet kb return-to-draft).';
  static override examples = [
    '<%= config.bin %> kb submit KB-000042 --comment "Relu avec Kelis, prêt à publier"',
  ];
  static override args = { ref: Args.string({ description: 'Article reference', required: true }) };
  static override flags = {
    comment: Flags.string({ description: 'A word for the revision history (the reviewer reads it)' }),
    'if-match': integerFlag({ min: 1 })({ description: 'Only if the article is still at this version' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbSubmit);
    const article = await kbApi.action(await this.client(), {
      reference: args.ref,
      action: 'submit',
      ...(flags.comment !== undefined ? { comment: flags.comment } : {}),
      ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
    });
    this.log(renderArticle(article));
    return article;
  }
}
