import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { mailApi, renderExplanation } from '../../lib/mail-inbound.ts';

export default class MailExplain extends GuichetCommand<typeof MailExplain> {
  static override summary = 'Which rule the gateway applied to a received mail, and why';
  static override description =
    'Admins see every mail; moderators the mail of their services’ mailboxes. The Message-ID may be given with or without its angle brackets.';
  static override examples = [
    'guichet mail explain "<CAF3x9k2@mail.insa-rouen.fr>"',
    'guichet mail explain CAF3x9k2@mail.insa-rouen.fr --json',
  ];
  static override args = {
    messageId: Args.string({ description: 'The Message-ID (or the inbound id)', required: true }),
  };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(MailExplain);
    const mail = await mailApi.explain(await this.client(), args.messageId);
    if (!this.jsonEnabled()) this.log(renderExplanation(mail));
    return mail;
  }
}
