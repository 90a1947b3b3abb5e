import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { t } from '../../lib/messages.ts';
import { problemsApi } from '../../lib/problems.ts';

export default class ProblemsUnlink extends GuichetCommand<typeof ProblemsUnlink> {
  static override summary = 'Unlink an incident from a problem (recorded on the incident’s timeline)';
  static override examples = ['<%= config.bin %> problems unlink GU-2026-000042 GU-2026-000043'];
  static override args = {
    ref: Args.string({ description: 'Problem reference', required: true }),
    incident: Args.string({ description: 'Incident reference', required: true }),
  };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(ProblemsUnlink);
    await problemsApi.unlink(await this.client(), { reference: args.ref, incident: args.incident });
    this.logToStderr(t('problems_unlinked', { incident: args.incident, problem: args.ref }));
    return { problem: args.ref, incident: args.incident, linked: false };
  }
}
