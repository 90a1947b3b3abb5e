import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { CliError, EXIT } from '../../lib/errors.ts';
import { mailApi, renderExplanation } from '../../lib/mail-inbound.ts';
import { t } from '../../lib/messages.ts';

export default class MailResolve extends GuichetCommand<typeof MailResolve> {
  static override summary =
    'Decide on a held mail: add it to its ticket, open a ticket for its sender, or set it aside';
  static override description =
    'For the moderators of the mailbox’s service (and admins). --note adds the mail to the ticket it was matched to as an internal note; --open opens a ticket for its sender on the mailbox’s service; --dismiss sets it aside. See guichet mail list --decision held.';
  static override examples = [
    'guichet mail resolve "<CAF3x9k2@mail.insa-rouen.fr>" --note',
    'guichet mail resolve CAF3x9k2@mail.insa-rouen.fr --open',
  ];
  static override args = {
    messageId: Args.string({ description: 'The Message-ID (or the inbound id)', required: true }),
  };
  static override flags = {
    note: Flags.boolean({
      description: 'Add it to its ticket as an internal note',
      exclusive: ['open', 'dismiss'],
    }),
    open: Flags.boolean({ description: 'Open a ticket for its sender', exclusive: ['note', 'dismiss'] }),
    dismiss: Flags.boolean({ description: 'Set it aside', exclusive: ['note', 'open'] }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(MailResolve);
    const action = flags.note ? 'note' : flags.open ? 'open' : flags.dismiss ? 'dismiss' : null;
    if (!action) throw new CliError(t('mail_resolve_action'), EXIT.usage);
    const mail = await mailApi.resolve(await this.client(), args.messageId, action);
    if (!this.jsonEnabled()) this.log(renderExplanation(mail));
    return mail;
  }
}
