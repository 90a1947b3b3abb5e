import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { textFlag } from '../../lib/text-input.ts';
import { renderTicket } from '../../lib/tickets.ts';
import { uploadAttachments } from '../../services/tickets/attachments.ts';

export default class TicketsComment extends GuichetCommand<typeof TicketsComment> {
  static override summary = 'Reply to the requester, or add an internal note with --internal';
  static override args = { ref: Args.string({ description: 'Ticket reference', required: true }) };
  static override flags = {
    body: Flags.string({ required: true, description: 'Text, or - to read it from standard input' }),
    internal: Flags.boolean({ description: 'Internal note: never shown to the requester' }),
    attach: Flags.string({
      description: 'A file to send with the comment (repeat for several), in the same transaction',
      multiple: true,
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(TicketsComment);
    const connection = await this.client();
    const body = (await textFlag('body', flags.body))!;
    if (flags.attach?.length) {
      // One upload: the comment and its files are written together, or not at all.
      const result = await uploadAttachments(connection, args.ref, flags.attach, {
        body,
        internal: flags.internal,
      });
      this.log(renderTicket(result.ticket!));
      return { ...result.ticket!, attachments: result.attachments };
    }
    const { api, url } = connection;
    const ticket = await this.call(
      url,
      api.POST('/v1/tickets/{reference}/comments', {
        params: { path: { reference: args.ref } },
        body: { body, internal: flags.internal },
      }),
    );
    this.log(renderTicket(ticket));
    return ticket;
  }
}
