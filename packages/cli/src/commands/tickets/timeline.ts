import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { renderTimeline } from '../../lib/tickets.ts';

export default class TicketsTimeline extends GuichetCommand<typeof TicketsTimeline> {
  static override summary = 'What happened to a ticket; internal notes are marked INTERNAL';
  static override args = { ref: Args.string({ description: 'Ticket reference', required: true }) };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(TicketsTimeline);
    const { api, url } = await this.client();
    const events = await this.call(
      url,
      api.GET('/v1/tickets/{reference}/timeline', { params: { path: { reference: args.ref } } }),
    );
    this.log(renderTimeline(events));
    return { events };
  }
}
