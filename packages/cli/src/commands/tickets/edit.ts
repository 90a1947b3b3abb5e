import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { UsageError } from '../../lib/errors.ts';
import { integerFlag } from '../../lib/flags.ts';
import { textFlag } from '../../lib/text-input.ts';
import { renderTicket } from '../../lib/tickets.ts';
import { editTicket, type TicketChanges } from '../../services/tickets/edit.ts';

/** The word that clears an optional link (sub-service, linked problem). */
const NONE = 'none';

export default class TicketsEdit extends GuichetCommand<typeof TicketsEdit> {
  static override summary = 'Change a ticket’s fields: title, description, type, impact, urgency, service…';
  static override description =
    'Only the options given change (PATCH /v1/tickets/{reference}). The requester may correct the title and description until the ticket is assigned; staff may change every field.';
  static override examples = [
    '<%= config.bin %> tickets edit GU-2026-000042 --type incident --impact high',
    '<%= config.bin %> tickets edit GU-2026-000042 --service moodle --sub-service none --if-match 4',
    'cat nouvelle-description.txt | <%= config.bin %> tickets edit GU-2026-000042 --description -',
  ];
  static override args = { ref: Args.string({ description: 'Ticket reference', required: true }) };
  static override flags = {
    title: Flags.string({ description: 'New title' }),
    description: Flags.string({ description: 'New description, or - to read it from standard input' }),
    type: Flags.string({ options: ['incident', 'request', 'problem'] }),
    impact: Flags.string({ options: ['high', 'medium', 'low'] }),
    urgency: Flags.string({ options: ['high', 'medium', 'low'] }),
    service: Flags.string({ description: 'Service code' }),
    'sub-service': Flags.string({ description: `Sub-service code (${NONE} to remove it)` }),
    establishment: Flags.string({ description: 'Establishment code' }),
    'linked-problem': Flags.string({
      description: `Reference of the problem ticket it belongs to (${NONE} to unlink)`,
    }),
    'if-match': integerFlag({ min: 1 })({
      description: 'Only if the ticket is still at this version (else exit 1, nothing changed)',
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(TicketsEdit);
    const orNull = (v: string | undefined) => (v === NONE ? null : v);
    const changes: TicketChanges = Object.fromEntries(
      Object.entries({
        title: flags.title,
        description: await textFlag('description', flags.description),
        type: flags.type as TicketChanges['type'],
        impact: flags.impact as TicketChanges['impact'],
        urgency: flags.urgency as TicketChanges['urgency'],
        service: flags.service,
        subService: orNull(flags['sub-service']),
        establishment: flags.establishment,
        linkedProblem: orNull(flags['linked-problem']),
      }).filter(([, v]) => v !== undefined),
    );
    if (Object.keys(changes).length === 0)
      throw UsageError.say('edit_nothing', {
        flags:
          '--title, --description, --type, --impact, --urgency, --service, --sub-service, --establishment, --linked-problem',
      });
    const ticket = await editTicket(await this.client(), {
      reference: args.ref,
      changes,
      ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
    });
    this.log(renderTicket(ticket));
    return ticket;
  }
}
