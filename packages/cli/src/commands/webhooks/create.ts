import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { t } from '../../lib/messages.ts';
import { webhooksApi } from '../../lib/webhooks.ts';

export default class WebhooksCreate extends GuichetCommand<typeof WebhooksCreate> {
  static override summary = 'Subscribe a receiver to events (functional or technical admins)';
  static override description =
    'Prints the signing secret (whsec_…) once: keep it, it is never shown again (guichet webhooks list does not show it).';
  static override examples = [
    '<%= config.bin %> webhooks create --url https://intranet.insa-lyon.fr/hooks --event ticket.created --event ticket.resolved --service moodle',
  ];
  static override flags = {
    url: Flags.string({ description: 'The receiver (https://)', required: true }),
    event: Flags.string({
      description: 'An event type or pattern (ticket.*, ticket.resolved, announcement.*, *); repeatable',
      required: true,
      multiple: true,
    }),
    service: Flags.string({
      description: 'Only events about this service (code); repeatable',
      multiple: true,
    }),
    establishment: Flags.string({
      description: 'Only events about this establishment (code); repeatable',
      multiple: true,
    }),
    description: Flags.string({ description: 'What it is for' }),
    inactive: Flags.boolean({ description: 'Create it switched off' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const webhook = await webhooksApi.create(await this.client(), {
      url: flags.url,
      eventTypes: flags.event,
      ...(flags.service ? { services: flags.service } : {}),
      ...(flags.establishment ? { establishments: flags.establishment } : {}),
      ...(flags.description ? { description: flags.description } : {}),
      ...(flags.inactive ? { active: false } : {}),
    });
    if (!this.jsonEnabled()) {
      this.log(webhook.secret);
      this.logToStderr(t('webhook_created', { id: webhook.id }));
    }
    return { webhook };
  }
}
