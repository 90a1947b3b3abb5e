import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { t } from '../../lib/messages.ts';
import { webhooksApi } from '../../lib/webhooks.ts';

export default class WebhooksRedeliver extends GuichetCommand<typeof WebhooksRedeliver> {
  static override summary = 'Send a delivered or given-up delivery again (same id and payload)';
  static override examples = ['<%= config.bin %> webhooks redeliver WEBHOOK_ID DELIVERY_ID'];
  static override args = {
    id: Args.string({ description: 'The subscription’s id', required: true }),
    delivery: Args.string({
      description: 'The delivery’s id (guichet webhooks deliveries ID)',
      required: true,
    }),
  };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(WebhooksRedeliver);
    const delivery = await webhooksApi.redeliver(await this.client(), args.id, args.delivery);
    this.logToStderr(t('webhook_requeued', { id: delivery.id }));
    return { delivery };
  }
}
