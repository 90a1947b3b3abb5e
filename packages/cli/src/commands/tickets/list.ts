import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { dateFlag, integerFlag } from '../../lib/flags.ts';
import { t } from '../../lib/messages.ts';
import { ticketColumns } from '../../lib/tickets.ts';
import { listTickets, type TicketQuery } from '../../services/tickets/list.ts';

export default class TicketsList extends GuichetCommand<typeof TicketsList> {
  static override summary = 'Tickets you may see, newest first (filters mirror GET /v1/tickets)';
  static override examples = [
    '<%= config.bin %> tickets list --mine',
    '<%= config.bin %> tickets list --opened-by-me --status resolved',
    '<%= config.bin %> tickets list --queue unassigned --service moodle',
    '<%= config.bin %> tickets list --status closed --created-from 2026-09-01 --all --csv > tickets.csv',
    '<%= config.bin %> tickets list -q "vidéoprojecteur" --json',
    '<%= config.bin %> tickets list --sla at_risk --sort dueAt',
  ];
  static override flags = {
    status: Flags.string({ description: 'Comma-separated statuses, e.g. new,assigned' }),
    type: Flags.string({ options: ['incident', 'request', 'problem'] }),
    service: Flags.string({ description: 'Service code (its sub-services included)' }),
    team: Flags.string({ description: 'Team code' }),
    agent: Flags.string({ description: 'Email of the technician it is assigned to' }),
    requester: Flags.string({ description: 'Email of the person who asked (the requester)' }),
    establishment: Flags.string({ description: 'Establishment code' }),
    priority: Flags.string({ description: 'Comma-separated priorities, e.g. critical,high' }),
    'created-from': dateFlag({
      description:
        'Created at or after: YYYY-MM-DD or DD/MM/YYYY (local midnight), DD/MM/YYYY HH:MM, or ISO 8601',
    }),
    'created-to': dateFlag({ description: 'Created before (same forms as --created-from)' }),
    'updated-from': dateFlag({ description: 'Last changed at or after (same forms as --created-from)' }),
    'updated-to': dateFlag({ description: 'Last changed before (same forms as --created-from)' }),
    queue: Flags.string({ options: ['mine', 'my_teams', 'unassigned', 'awaiting_my_approval'] }),
    mine: Flags.boolean({
      description: 'Open tickets assigned to you, as technician (same as --queue mine); see --opened-by-me',
      exclusive: ['queue'],
    }),
    'opened-by-me': Flags.boolean({
      description: 'Tickets you opened, as requester (--requester with your email); see --mine',
      exclusive: ['requester'],
    }),
    q: Flags.string({ char: 'q', description: 'Full-text search (accent-insensitive French)' }),
    sort: Flags.string({
      options: ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'dueAt'],
      description: 'dueAt: the nearest service-level due time first',
    }),
    sla: Flags.string({
      options: ['breached', 'at_risk'],
      description: 'Only tickets with a breached target, or one at risk (staff)',
    }),
    limit: integerFlag({ min: 1, max: 200 })({ description: 'Page size (1–200)', default: 50 }),
    after: Flags.string({ description: 'Cursor from a previous page (shown on stderr)' }),
    all: Flags.boolean({ description: 'Follow the cursor through every page' }),
    csv: Flags.boolean({ description: 'CSV with a header line', exclusive: ['json'] }),
  };

  async run() {
    const flags = await this.parseFlags();
    const query: TicketQuery = {
      status: flags.status,
      type: flags.type as TicketQuery['type'],
      service: flags.service,
      team: flags.team,
      agent: flags.agent,
      requester: flags.requester,
      establishment: flags.establishment,
      priority: flags.priority,
      createdFrom: flags['created-from'],
      createdTo: flags['created-to'],
      updatedFrom: flags['updated-from'],
      updatedTo: flags['updated-to'],
      queue: (flags.mine ? 'mine' : flags.queue) as TicketQuery['queue'],
      q: flags.q,
      sort: flags.sort as TicketQuery['sort'],
      sla: flags.sla as TicketQuery['sla'],
      limit: flags.limit,
      after: flags.after,
    };
    const { items, next } = await listTickets(await this.client(), {
      query,
      all: Boolean(flags.all),
      openedByMe: Boolean(flags['opened-by-me']),
    });
    const sla = items.some((t) => t.serviceLevel);
    this.printList(items, ticketColumns(Boolean(flags.csv), { sla }), flags.csv);
    if (next && !this.jsonEnabled()) this.logToStderr(t('next_page', { cursor: next }));
    return { items, next };
  }
}
