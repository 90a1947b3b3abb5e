import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { CliError } from '../../lib/errors.ts';
import { t } from '../../lib/messages.ts';
import { inert } from '../../lib/terminal-text.ts';
import { webhooksApi } from '../../lib/webhooks.ts';

export default class WebhooksTest extends GuichetCommand<typeof WebhooksTest> {
  static override summary = 'Send a webhook.test event at once and say what the receiver answered';
  static override examples = ['<%= config.bin %> webhooks test ID'];
  static override args = { id: Args.string({ description: 'The subscription’s id', required: true }) };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(WebhooksTest);
    const delivery = await webhooksApi.test(await this.client(), args.id);
    const attempt = delivery.log[delivery.log.length - 1];
    if (delivery.status !== 'delivered') {
      throw CliError.of('webhook_test_failed', { error: inert(delivery.lastError ?? '') });
    }
    this.logToStderr(
      t('webhook_test_sent', { status: attempt?.statusCode ?? '', ms: attempt?.latencyMs ?? '' }),
    );
    return { delivery };
  }
}
