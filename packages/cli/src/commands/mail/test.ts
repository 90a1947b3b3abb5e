import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { outboxApi } from '../../lib/mail.ts';
import { t } from '../../lib/messages.ts';
import { inert } from '../../lib/terminal-text.ts';

export default class MailTest extends GuichetCommand<typeof MailTest> {
  static override summary = 'Send a test message now through the configured SMTP server (technical admins)';
  static override description =
    'Checks GUICHET_SMTP_URL and the sender address: prints what the SMTP server answered, or why it refused.';
  static override examples = ['<%= config.bin %> mail test admin@insa-lyon.fr'];
  static override args = {
    to: Args.string({ description: 'Who receives the test message', required: true }),
  };
  static override flags = {
    language: Flags.string({ description: 'Language of the message', options: ['fr', 'en'] }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(MailTest);
    const report = await outboxApi.test(
      await this.client(),
      args.to,
      flags.language as 'fr' | 'en' | undefined,
    );
    this.logToStderr(t('mail_test_sent', { to: inert(args.to), response: inert(report.response) }));
    return report;
  }
}
