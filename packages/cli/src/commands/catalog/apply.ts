import { Flags } from '@oclif/core';
import { GuichetCommand, readStdin } from '../../lib/base.ts';
import { fileErrors, fileFailure, readCatalogueFile } from '../../lib/catalogue-file.ts';
import { CliError, EXIT } from '../../lib/errors.ts';
import { t } from '../../lib/messages.ts';
import { renderPlan } from '../../lib/plan.ts';

export default class CatalogApply extends GuichetCommand<typeof CatalogApply> {
  static override summary =
    'Apply a catalogue file (YAML): services, teams, providers, profiles, routing rules';
  static override description =
    `Declarative and idempotent: creates and updates what the file names, in one transaction; a field left out is left as stored. Items absent from the file are left alone unless --prune (retires services, deactivates routing rules, revokes profiles).

With --dry-run, prints the plan and exits 0 when nothing would change, 2 when something would (a CI job can gate on it). Every error of the file is listed at once, each as file:line:column with the field.`;
  static override examples = [
    '<%= config.bin %> catalog apply -f examples/catalogue.yaml --dry-run',
    '<%= config.bin %> catalog apply -f catalogue.yaml',
  ];
  static override flags = {
    file: Flags.string({
      char: 'f',
      required: true,
      description: 'Catalogue file (YAML or JSON), - for stdin',
    }),
    'dry-run': Flags.boolean({ description: 'Print the plan, change nothing; exit 2 when it is not empty' }),
    prune: Flags.boolean({ description: 'Also retire / deactivate / revoke what the file does not name' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const file = await readCatalogueFile(
      flags.file === '-' ? '<stdin>' : flags.file,
      flags.file === '-' ? await readStdin() : undefined,
    );
    const { api, url } = await this.client();
    const query = flags.prune ? { prune: 'true' as const } : {};
    const body = file.data as never;
    let plan: Awaited<
      ReturnType<
        typeof this.call<{
          changes: {
            kind: string;
            key: string;
            op: string;
            fields: { field: string; from?: unknown; to?: unknown }[];
          }[];
        }>
      >
    >;
    try {
      plan = flags['dry-run']
        ? await this.call(url, api.POST('/v1/catalogue/plan', { params: { query }, body }))
        : await this.call(url, api.PUT('/v1/catalogue', { params: { query }, body }));
    } catch (error) {
      const located = error instanceof CliError ? fileErrors(file, error.detail as never) : null;
      if (located) throw fileFailure(file.name, located, (error as CliError).detail);
      throw error;
    }
    if (plan.changes.length > 0) this.log(renderPlan(plan.changes));
    const count = plan.changes.length;
    this.logToStderr(
      count === 0 ? t('no_changes') : t(flags['dry-run'] ? 'changes_planned' : 'changes_applied', { count }),
    );
    if (flags['dry-run'] && count > 0) process.exitCode = EXIT.differs;
    return { applied: !flags['dry-run'], changes: plan.changes };
  }
}
