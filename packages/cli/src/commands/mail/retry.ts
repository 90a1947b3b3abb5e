import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { outboxApi } from '../../lib/mail.ts';
import { t } from '../../lib/messages.ts';

export default class MailRetry extends GuichetCommand<typeof MailRetry> {
  static override summary =
    'Queue a failed notification again, with a fresh set of attempts (technical admins)';
  static override examples = ['<%= config.bin %> mail retry 0193a4c2-7d1e-7b3a-9f10-2c5e8d4b6a01'];
  static override args = {
    id: Args.string({
      description: 'The notification’s id (guichet mail outbox --status failed)',
      required: true,
    }),
  };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(MailRetry);
    const entry = await outboxApi.retry(await this.client(), args.id);
    this.logToStderr(t('mail_requeued', { id: entry.id }));
    return { entry };
  }
}
