import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { incidentColumns, problemsApi } from '../../lib/problems.ts';

export default class ProblemsIncidents extends GuichetCommand<typeof ProblemsIncidents> {
  static override summary = 'The incidents linked to a problem that you may see, with their states';
  static override examples = ['<%= config.bin %> problems incidents GU-2026-000042'];
  static override args = { ref: Args.string({ description: 'Problem reference', required: true }) };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(ProblemsIncidents);
    const incidents = await problemsApi.incidents(await this.client(), args.ref);
    this.printList(incidents, incidentColumns);
    return incidents;
  }
}
