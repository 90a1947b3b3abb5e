import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { t } from '../../lib/messages.ts';
import { problemsApi } from '../../lib/problems.ts';

export default class ProblemsLink extends GuichetCommand<typeof ProblemsLink> {
  static override summary = 'Link incidents to a problem (recorded on each incident’s timeline)';
  static override examples = ['<%= config.bin %> problems link GU-2026-000042 GU-2026-000043 GU-2026-000044'];
  static override strict = false;
  static override args = {
    ref: Args.string({ description: 'Problem reference', required: true }),
    incident: Args.string({ description: 'Incident references', required: true }),
  };

  async run() {
    await this.parseFlags();
    const { args, argv } = await this.parse(ProblemsLink);
    const incidents = (argv as string[]).slice(1);
    const connection = await this.client();
    const linked = [];
    // One by one, in the order given: a refusal stops at that incident and says which.
    for (const incident of incidents) {
      linked.push(await problemsApi.link(connection, { reference: args.ref, incident }));
      this.logToStderr(t('problems_linked', { incident, problem: args.ref }));
    }
    return linked;
  }
}
