import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';
import { problemsApi, suggestionColumns } from '../../lib/problems.ts';

export default class ProblemsSuggest extends GuichetCommand<typeof ProblemsSuggest> {
  static override summary =
    'Open incidents that look like the problem: same service, created around it, similar text (with why)';
  static override examples = [
    '<%= config.bin %> problems suggest GU-2026-000042',
    '<%= config.bin %> problems suggest GU-2026-000042 --window-days 7',
  ];
  static override args = { ref: Args.string({ description: 'Problem reference', required: true }) };
  static override flags = {
    'window-days': integerFlag()({ description: 'Days before and after the problem’s creation (default 3)' }),
    limit: integerFlag()({ description: 'At most this many (default 20)' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(ProblemsSuggest);
    const suggestions = await problemsApi.suggest(await this.client(), {
      reference: args.ref,
      ...(flags['window-days'] !== undefined ? { windowDays: flags['window-days'] } : {}),
      ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    });
    this.printList(suggestions, suggestionColumns);
    return suggestions;
  }
}
