import { GuichetCommand } from '../../lib/base.ts';
import { inert } from '../../lib/terminal-text.ts';
import { webhooksApi } from '../../lib/webhooks.ts';

export default class WebhooksList extends GuichetCommand<typeof WebhooksList> {
  static override summary = 'Your webhook subscriptions (functional or technical admins)';
  static override examples = ['<%= config.bin %> webhooks list', '<%= config.bin %> webhooks list --json'];

  async run() {
    await this.parseFlags();
    const webhooks = await webhooksApi.list(await this.client());
    this.printList(webhooks, [
      { header: 'ID', value: (w) => w.id },
      { header: 'ACTIVE', value: (w) => (w.active ? 'yes' : 'no') },
      { header: 'EVENTS', value: (w) => w.eventTypes.join(',') },
      { header: 'SERVICES', value: (w) => w.services.join(',') },
      { header: 'URL', value: (w) => inert(w.url), flexible: true },
      { header: 'DISABLED BECAUSE', value: (w) => inert(w.disabledReason ?? '') },
    ]);
    return { webhooks };
  }
}
