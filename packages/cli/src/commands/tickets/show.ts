import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { renderTicket } from '../../lib/tickets.ts';
import { ticketWithHistory } from '../../services/tickets/history.ts';

export default class TicketsShow extends GuichetCommand<typeof TicketsShow> {
  static override summary = 'One ticket with its history, and the actions you may take on it now';
  static override description =
    'With --json, the ticket as the API gives it (its history: tickets timeline --json).';
  static override args = {
    ref: Args.string({ description: 'Ticket reference, e.g. GU-2026-000042', required: true }),
  };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(TicketsShow);
    const { ticket, events, names } = await ticketWithHistory(await this.client(), args.ref);
    this.log(renderTicket(ticket, { events, names }));
    return ticket;
  }
}
