import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { renderTimeline } from '../../lib/tickets.ts';
import { ticketWithHistory } from '../../services/tickets/history.ts';

export default class TicketsTimeline extends GuichetCommand<typeof TicketsTimeline> {
  static override summary = 'What happened to a ticket, in sentences; internal notes are marked INTERNAL';
  static override description = 'With --json, the events as the API stores them (ids, codes, raw data).';
  static override args = { ref: Args.string({ description: 'Ticket reference', required: true }) };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(TicketsTimeline);
    const { events, names } = await ticketWithHistory(await this.client(), args.ref);
    this.log(renderTimeline(events, names));
    return { events };
  }
}
