import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { CliError, toCliError } from '../../lib/errors.ts';
import { EXIT_TEMPFAIL, mailApi, outcomeLine, readStdinBytes } from '../../lib/mail-inbound.ts';
import { t } from '../../lib/messages.ts';

export default class MailIngest extends GuichetCommand<typeof MailIngest> {
  static override summary = 'Hand one received mail (RFC 5322 on standard input) to the gateway';
  static override description =
    `For an MTA pipe, e.g. Postfix master.cf: flags=Rq user=guichet argv=guichet mail ingest --mailbox \${recipient}
Prints the outcome on one line (created, replied, held, refused, ignored or duplicate, the ticket, the Message-ID, the reasons). Exit 0 for every decided outcome, also ignored and duplicate; 75 (EX_TEMPFAIL: the MTA defers and delivers again) whenever the mail could not be recorded, including a wrong command line or token, so that no mail is bounced or lost because of Guichet's configuration. Needs a technical admin's token with the admin scope.`;
  static override examples = [
    'guichet mail ingest --mailbox cellule-pedagogique@insa-rouen.fr < message.eml',
  ];
  static override flags = {
    mailbox: Flags.string({
      description: 'The address the mail was received at (a mailbox of the catalogue)',
      required: true,
    }),
  };

  async run() {
    await this.parseFlags();
    const { flags } = await this.parse(MailIngest);
    if (process.stdin.isTTY) throw CliError.of('mail_no_stdin', {}, EXIT_TEMPFAIL);
    const raw = await readStdinBytes();
    if (raw.length === 0) throw CliError.of('mail_no_stdin', {}, EXIT_TEMPFAIL);
    const outcome = await mailApi.ingest(await this.client(), flags.mailbox, raw);
    if (!this.jsonEnabled()) this.log(outcomeLine(outcome));
    return outcome;
  }

  /** Whatever went wrong, the MTA must keep the mail and try again (never bounce it). */
  override async catch(error: Error & { code?: string }) {
    if (error.code === 'EEXIT') throw error;
    const failure = toCliError(error);
    return super.catch(
      new CliError(t('mail_not_recorded', { detail: failure.line }), EXIT_TEMPFAIL, failure.detail),
    );
  }
}
