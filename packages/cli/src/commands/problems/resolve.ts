import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';
import { t } from '../../lib/messages.ts';
import { outcomeColumns, problemsApi } from '../../lib/problems.ts';
import { textFlag } from '../../lib/text-input.ts';

export default class ProblemsResolve extends GuichetCommand<typeof ProblemsResolve> {
  static override summary = 'Resolve a problem’s open linked incidents with its solution, each on its own';
  static override description =
    'Each incident goes through its own resolve (same rules, events and notifications); the report says, per incident, resolved, skipped (already resolved or closed) or refused (and why). Running it again is safe. With --problem, the problem itself is resolved first. With --announcement-message, each open announcement linked to the problem then gets a resolved update with that text. Exit 1 when an incident or an announcement update was refused.';
  static override examples = [
    '<%= config.bin %> problems resolve GU-2026-000042 --problem --solution "Réplica resynchronisé"',
    '<%= config.bin %> problems resolve GU-2026-000042',
    '<%= config.bin %> problems resolve GU-2026-000042 --problem --solution "Réplica resynchronisé" --announcement-message "OpenINSA fonctionne de nouveau" --announcement-message-en "OpenINSA works again"',
  ];
  static override args = { ref: Args.string({ description: 'Problem reference', required: true }) };
  static override flags = {
    solution: Flags.string({
      description: 'Solution written on each incident (default: the problem’s, once resolved); - for stdin',
    }),
    problem: Flags.boolean({ description: 'Resolve the problem itself first', default: false }),
    service: Flags.string({ description: 'Service recorded on the problem’s resolution (default: its own)' }),
    'announcement-message': Flags.string({
      description:
        'French text of the resolved update posted to each open announcement linked to the problem (the problem must end resolved); - for stdin',
    }),
    'announcement-message-en': Flags.string({
      description: 'English text of that update',
      dependsOn: ['announcement-message'],
    }),
    'if-match': integerFlag({ min: 1 })({
      description: 'Only if the problem ticket is still at this version',
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(ProblemsResolve);
    const solution = await textFlag('solution', flags.solution);
    const announcement = await textFlag('announcement-message', flags['announcement-message']);
    const report = await problemsApi.resolve(await this.client(), {
      reference: args.ref,
      body: {
        resolveProblem: flags.problem,
        ...(solution !== undefined ? { solution } : {}),
        ...(flags.service !== undefined ? { service: flags.service } : {}),
        ...(announcement !== undefined
          ? {
              announcementMessage: {
                fr: announcement,
                ...(flags['announcement-message-en'] ? { en: flags['announcement-message-en'] } : {}),
              },
            }
          : {}),
      },
      ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
    });
    if (report.problem.outcome === 'resolved') {
      this.logToStderr(t('problems_problem_resolved', { reference: report.problem.reference }));
    }
    this.printList(report.incidents, outcomeColumns);
    if (report.notVisible > 0) this.logToStderr(t('problems_not_visible', { count: report.notVisible }));
    for (const a of report.announcements) {
      this.logToStderr(
        a.outcome === 'refused'
          ? t('problems_announcement_refused', { id: a.id, message: a.message })
          : t(`problems_announcement_${a.outcome}`, { id: a.id }),
      );
    }
    // A refusal is worth a non-zero exit for scripts; the rest stays resolved.
    if ([...report.incidents, ...report.announcements].some((i) => i.outcome === 'refused')) {
      process.exitCode = 1;
    }
    return report;
  }
}
