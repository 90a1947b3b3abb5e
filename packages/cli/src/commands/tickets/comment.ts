import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { textFlag } from '../../lib/text-input.ts';
import { renderTicket } from '../../lib/tickets.ts';

export default class TicketsComment extends GuichetCommand<typeof TicketsComment> {
  static override summary = 'Reply to the requester, or add an internal note with --internal';
  static override args = { ref: Args.string({ description: 'Ticket reference', required: true }) };
  static override flags = {
    body: Flags.string({ required: true, description: 'Text, or - to read it from standard input' }),
    internal: Flags.boolean({ description: 'Internal note: never shown to the requester' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(TicketsComment);
    const { api, url } = await this.client();
    const ticket = await this.call(
      url,
      api.POST('/v1/tickets/{reference}/comments', {
        params: { path: { reference: args.ref } },
        body: { body: (await textFlag('body', flags.body))!, internal: flags.internal },
      }),
    );
    this.log(renderTicket(ticket));
    return ticket;
  }
}
