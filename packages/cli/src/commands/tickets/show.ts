import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { renderTicket } from '../../lib/tickets.ts';

export default class TicketsShow extends GuichetCommand<typeof TicketsShow> {
  static override summary = 'One ticket, with the actions you may take on it now';
  static override args = {
    ref: Args.string({ description: 'Ticket reference, e.g. GU-2026-000042', required: true }),
  };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(TicketsShow);
    const { api, url } = await this.client();
    const ticket = await this.call(
      url,
      api.GET('/v1/tickets/{reference}', { params: { path: { reference: args.ref } } }),
    );
    this.log(renderTicket(ticket));
    return ticket;
  }
}
