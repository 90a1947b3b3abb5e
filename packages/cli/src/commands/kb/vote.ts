import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { UsageError } from '../../lib/errors.ts';
import { kbApi, renderVotes } from '../../lib/kb.ts';

export default class KbVote extends GuichetCommand<typeof KbVote> {
  static override summary = 'Say whether a published article helped: one vote per person per revision';
  static override description = 'Voting again on the same revision changes your vote.';
  static override examples = [
    '<%= config.bin %> kb vote KB-000042 --helpful',
    '<%= config.bin %> kb vote KB-000042 --not-helpful',
  ];
  static override args = { ref: Args.string({ description: 'Article reference', required: true }) };
  static override flags = {
    helpful: Flags.boolean({ description: 'It helped (utile)', exclusive: ['not-helpful'] }),
    'not-helpful': Flags.boolean({ description: 'It did not help (pas utile)', exclusive: ['helpful'] }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbVote);
    if (!flags.helpful && !flags['not-helpful']) throw UsageError.say('kb_vote_which');
    const article = await kbApi.vote(await this.client(), {
      reference: args.ref,
      value: flags.helpful ? 'helpful' : 'not_helpful',
    });
    this.log(renderVotes(article));
    return article;
  }
}
