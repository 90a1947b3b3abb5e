import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { localDateTime } from '../../lib/dates.ts';
import { inert } from '../../lib/terminal-text.ts';
import { type WebhookDelivery, webhooksApi } from '../../lib/webhooks.ts';

const STATUSES: WebhookDelivery['status'][] = ['pending', 'delivered', 'failed'];

export default class WebhooksDeliveries extends GuichetCommand<typeof WebhooksDeliveries> {
  static override summary = 'The delivery log of a subscription, newest first';
  static override examples = ['<%= config.bin %> webhooks deliveries ID --status failed'];
  static override args = { id: Args.string({ description: 'The subscription’s id', required: true }) };
  static override flags = {
    status: Flags.string({ description: 'Only this status', options: STATUSES }),
    limit: Flags.integer({ description: 'At most this many (1–200, default 50)', min: 1, max: 200 }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(WebhooksDeliveries);
    const deliveries = await webhooksApi.deliveries(await this.client(), args.id, {
      ...(flags.status ? { status: flags.status as WebhookDelivery['status'] } : {}),
      ...(flags.limit ? { limit: flags.limit } : {}),
    });
    this.printList(deliveries, [
      { header: 'ID', value: (d) => d.id },
      { header: 'STATUS', value: (d) => d.status },
      { header: 'TYPE', value: (d) => d.type },
      { header: 'SEQ', value: (d) => String(d.sequence) },
      { header: 'TRIES', value: (d) => String(d.attempts) },
      { header: 'HTTP', value: (d) => (d.lastStatusCode === null ? '' : String(d.lastStatusCode)) },
      { header: 'NEXT', value: (d) => (d.status === 'pending' ? localDateTime(d.nextAttemptAt) : '') },
      { header: 'LAST ERROR', value: (d) => inert(d.lastError ?? ''), flexible: true },
    ]);
    return { deliveries };
  }
}
