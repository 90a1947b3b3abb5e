import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { UsageError } from '../../lib/errors.ts';
import { integerFlag } from '../../lib/flags.ts';
import { textFlag } from '../../lib/text-input.ts';
import { renderTicket } from '../../lib/tickets.ts';
import { updateProviderReference } from '../../services/tickets/provider-ref-update.ts';

export default class TicketsProviderRefUpdate extends GuichetCommand<typeof TicketsProviderRefUpdate> {
  static override summary = 'Record what became of the provider’s ticket: its status, notes';
  static override examples = [
    '<%= config.bin %> tickets provider-ref update GU-2026-000042 KEL-4521 --status resolved --notes "Correctif livré en 3.2.1"',
  ];
  static override args = {
    ref: Args.string({ description: 'Ticket reference', required: true }),
    'provider-ref': Args.string({
      description: 'The provider’s ticket number (as tickets show prints it), or the reference’s id',
      required: true,
    }),
  };
  static override flags = {
    status: Flags.string({ options: ['open', 'resolved', 'closed'] }),
    notes: Flags.string({ description: 'Notes, or - to read them from standard input' }),
    'if-match': integerFlag({ min: 1 })({
      description: 'Only if the ticket is still at this version (else exit 1, nothing changed)',
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(TicketsProviderRefUpdate);
    const notes = await textFlag('notes', flags.notes);
    if (flags.status === undefined && notes === undefined)
      throw UsageError.say('edit_nothing', { flags: '--status, --notes' });
    const ticket = await updateProviderReference(await this.client(), {
      reference: args.ref,
      providerRef: args['provider-ref'],
      changes: {
        ...(flags.status ? { status: flags.status as 'open' } : {}),
        ...(notes !== undefined ? { notes } : {}),
      },
      ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
    });
    this.log(renderTicket(ticket));
    return ticket;
  }
}
