import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';
import { type InboundMail, type InboundQuery, mailApi } from '../../lib/mail-inbound.ts';
import type { Column } from '../../lib/output.ts';
import { inert } from '../../lib/terminal-text.ts';

const DECISIONS = ['created', 'replied', 'held', 'refused', 'ignored'] as const;

const columns: Column<InboundMail>[] = [
  { header: 'WHEN', value: (m) => m.receivedAt.slice(0, 16).replace('T', ' ') },
  { header: 'STATUS', value: (m) => m.decision },
  { header: 'REF', value: (m) => m.ticketReference ?? '' },
  { header: 'WHO', value: (m) => inert(m.sender) },
  { header: 'TITLE', value: (m) => inert(m.subject), flexible: true },
  { header: 'WHY', value: (m) => inert(m.summary), flexible: true },
];

export default class MailList extends GuichetCommand<typeof MailList> {
  static override summary = 'Received mail, newest first, with each decision and why (e.g. what is held)';
  static override description =
    'Admins see every mail; moderators the mail of their services’ mailboxes. Held mail waits for a moderator: a stranger’s reply to a ticket, a provider’s mail, an unknown sender.';
  static override examples = ['guichet mail list --decision held'];
  static override flags = {
    decision: Flags.string({ description: 'Only this decision', options: [...DECISIONS] }),
    limit: integerFlag({ min: 1, max: 500 })({ description: 'At most this many (default 50)' }),
    csv: Flags.boolean({ description: 'CSV instead of a table' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const query: InboundQuery = {
      ...(flags.decision ? { decision: flags.decision as InboundQuery['decision'] } : {}),
      ...(flags.limit ? { limit: flags.limit } : {}),
    };
    const mails = await mailApi.list(await this.client(), query);
    this.printList(mails, columns, flags.csv);
    return mails;
  }
}
