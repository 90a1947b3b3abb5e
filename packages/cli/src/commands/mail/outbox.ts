import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { localDateTime } from '../../lib/dates.ts';
import { type OutboxStatus, outboxApi } from '../../lib/mail.ts';
import { inert } from '../../lib/terminal-text.ts';

const STATUSES: OutboxStatus[] = ['pending', 'sent', 'failed', 'held', 'digested'];

export default class MailOutbox extends GuichetCommand<typeof MailOutbox> {
  static override summary =
    'Notifications not sent yet, or given up on, with their last error (technical admins)';
  static override description =
    'Without --status: what is pending and what failed. A failed message goes again with guichet mail retry ID.';
  static override examples = [
    '<%= config.bin %> mail outbox',
    '<%= config.bin %> mail outbox --status failed --json',
  ];
  static override flags = {
    status: Flags.string({ description: 'Only this status', options: STATUSES }),
    limit: Flags.integer({ description: 'At most this many (1–500, default 100)', min: 1, max: 500 }),
  };

  async run() {
    const flags = await this.parseFlags();
    const entries = await outboxApi.outbox(await this.client(), {
      ...(flags.status ? { status: flags.status as OutboxStatus } : {}),
      ...(flags.limit ? { limit: flags.limit } : {}),
    });
    this.printList(entries, [
      { header: 'ID', value: (e) => e.id },
      { header: 'STATUS', value: (e) => e.status },
      { header: 'KIND', value: (e) => e.kind },
      { header: 'TO', value: (e) => inert(e.recipient) },
      { header: 'TICKET', value: (e) => e.reference ?? '' },
      { header: 'TRIES', value: (e) => String(e.attempts) },
      { header: 'NEXT', value: (e) => (e.status === 'pending' ? localDateTime(e.nextAttemptAt) : '') },
      { header: 'LAST ERROR', value: (e) => inert(e.lastError ?? ''), flexible: true },
    ]);
    return { entries };
  }
}
