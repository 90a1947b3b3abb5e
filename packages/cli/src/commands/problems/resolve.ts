import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';
import { t } from '../../lib/messages.ts';
import { outcomeColumns, problemsApi } from '../../lib/problems.ts';
import { textFlag } from '../../lib/text-input.ts';

export default class ProblemsResolve extends GuichetCommand<typeof ProblemsResolve> {
  static override summary = 'Resolve a problem’s open linked incidents with its solution, each on its own';
  static override description =
    'Each incident goes through its own resolve (same rules, events and notifications); the report says, per incident, resolved, skipped (already resolved or closed) or refused (and why). Running it again is safe. With --problem, the problem itself is resolved first. Exit 1 when an incident was refused.';
  static override examples = [
    '<%= config.bin %> problems resolve GU-2026-000042 --problem --solution "Réplica resynchronisé"',
    '<%= config.bin %> problems resolve GU-2026-000042',
  ];
  static override args = { ref: Args.string({ description: 'Problem reference', required: true }) };
  static override flags = {
    solution: Flags.string({
      description: 'Solution written on each incident (default: the problem’s, once resolved); - for stdin',
    }),
    problem: Flags.boolean({ description: 'Resolve the problem itself first', default: false }),
    service: Flags.string({ description: 'Service recorded on the problem’s resolution (default: its own)' }),
    'if-match': integerFlag({ min: 1 })({
      description: 'Only if the problem ticket is still at this version',
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(ProblemsResolve);
    const solution = await textFlag('solution', flags.solution);
    const report = await problemsApi.resolve(await this.client(), {
      reference: args.ref,
      body: {
        resolveProblem: flags.problem,
        ...(solution !== undefined ? { solution } : {}),
        ...(flags.service !== undefined ? { service: flags.service } : {}),
      },
      ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
    });
    if (report.problem.outcome === 'resolved') {
      this.logToStderr(t('problems_problem_resolved', { reference: report.problem.reference }));
    }
    this.printList(report.incidents, outcomeColumns);
    if (report.notVisible > 0) this.logToStderr(t('problems_not_visible', { count: report.notVisible }));
    // A refused incident is worth a non-zero exit for scripts; the others stay resolved.
    if (report.incidents.some((i) => i.outcome === 'refused')) process.exitCode = 1;
    return report;
  }
}
