import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { problemsApi, renderProblem } from '../../lib/problems.ts';

export default class ProblemsShow extends GuichetCommand<typeof ProblemsShow> {
  static override summary = 'A problem and its analysis (root cause, workaround, known error)';
  static override description =
    'Staff of the problem see the whole record; anyone else who may see it (a requester from their incident, with --ticket) sees the public summary only.';
  static override examples = [
    '<%= config.bin %> problems show GU-2026-000042',
    '<%= config.bin %> problems show --ticket GU-2026-000043',
  ];
  static override args = { ref: Args.string({ description: 'Problem reference' }) };
  static override flags = {
    ticket: Flags.string({ description: 'Show the problem this ticket is linked to instead' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(ProblemsShow);
    const connection = await this.client();
    const problem = flags.ticket
      ? await problemsApi.ofTicket(connection, flags.ticket)
      : await problemsApi.get(connection, args.ref ?? this.error('REF or --ticket', { exit: 2 }));
    this.log(renderProblem(problem));
    return problem;
  }
}
