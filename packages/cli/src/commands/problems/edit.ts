import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { UsageError } from '../../lib/errors.ts';
import { integerFlag } from '../../lib/flags.ts';
import { type ProblemChanges, problemsApi, renderProblem } from '../../lib/problems.ts';
import { textFlag } from '../../lib/text-input.ts';

export default class ProblemsEdit extends GuichetCommand<typeof ProblemsEdit> {
  static override summary = 'Change a problem’s analysis: the options given only';
  static override description =
    'An empty value clears a field (--known-error ""). The root cause is internal unless --root-cause-visibility public; the workaround is public unless marked internal.';
  static override examples = [
    '<%= config.bin %> problems edit GU-2026-000042 --root-cause "Réplica désynchronisé" --workaround "Se reconnecter" --known-error KB-000042',
  ];
  static override args = { ref: Args.string({ description: 'Problem reference', required: true }) };
  static override flags = {
    'root-cause': Flags.string({ description: 'Root cause, or - to read it from standard input' }),
    'root-cause-visibility': Flags.string({ options: ['internal', 'public'] }),
    workaround: Flags.string({ description: 'Workaround, or - to read it from standard input' }),
    'workaround-visibility': Flags.string({ options: ['internal', 'public'] }),
    'known-error': Flags.string({ description: 'Reference of the known-error article ("" to unset)' }),
    'if-match': integerFlag({ min: 0 })({
      description: 'Only if the analysis is still at this version (else exit 1, nothing changed)',
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(ProblemsEdit);
    const orNull = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? null : v);
    const changes = Object.fromEntries(
      Object.entries({
        rootCause: orNull(await textFlag('root-cause', flags['root-cause'])),
        rootCauseVisibility: flags['root-cause-visibility'],
        workaround: orNull(await textFlag('workaround', flags.workaround)),
        workaroundVisibility: flags['workaround-visibility'],
        knownErrorArticle: orNull(flags['known-error']),
      }).filter(([, v]) => v !== undefined),
    ) as ProblemChanges;
    if (Object.keys(changes).length === 0) throw UsageError.say('problems_nothing_to_change');
    const problem = await problemsApi.edit(await this.client(), {
      reference: args.ref,
      changes,
      ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
    });
    this.log(renderProblem(problem));
    return problem;
  }
}
