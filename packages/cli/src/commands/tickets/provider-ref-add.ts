import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { renderTicket } from '../../lib/tickets.ts';

export default class TicketsProviderRefAdd extends GuichetCommand<typeof TicketsProviderRefAdd> {
  static override summary = 'Record the ticket opened at an external provider (escalation)';
  static override args = { ref: Args.string({ description: 'Ticket reference', required: true }) };
  static override flags = {
    provider: Flags.string({ required: true, description: 'Provider code, e.g. kelis' }),
    'external-id': Flags.string({ required: true, description: 'The provider’s ticket number' }),
    status: Flags.string({ options: ['open', 'resolved', 'closed'] }),
    notes: Flags.string(),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(TicketsProviderRefAdd);
    const { api, url } = await this.client();
    const ticket = await this.call(
      url,
      api.POST('/v1/tickets/{reference}/provider-references', {
        params: { path: { reference: args.ref } },
        body: {
          provider: flags.provider,
          externalId: flags['external-id'],
          status: flags.status as 'open' | undefined,
          notes: flags.notes,
        },
      }),
    );
    this.log(renderTicket(ticket));
    return ticket;
  }
}
