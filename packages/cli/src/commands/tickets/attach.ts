import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { cliLanguage, t } from '../../lib/messages.ts';
import { textFlag } from '../../lib/text-input.ts';
import { type Attachment, formatSize, uploadAttachments } from '../../services/tickets/attachments.ts';

export default class TicketsAttach extends GuichetCommand<typeof TicketsAttach> {
  static override summary = 'Attach files to a ticket (internal with --internal: staff only)';
  static override description =
    'The files go in one upload: all are attached, or none (a file past the size limits refuses the upload). With --body, they come with that reply (or internal note); without it, public files join the ticket’s creation. The server reads each file’s type from its bytes.';
  static override strict = false;
  static override args = {
    ref: Args.string({ description: 'Ticket reference', required: true }),
    file: Args.string({ description: 'File(s) to attach', required: true }),
  };
  static override flags = {
    internal: Flags.boolean({ description: 'On an internal note: never shown to the requester' }),
    body: Flags.string({
      description: 'Text of the reply or note carrying the files, or - for standard input',
    }),
  };
  static override examples = [
    '<%= config.bin %> tickets attach GU-2026-000042 capture.png journal.txt',
    '<%= config.bin %> tickets attach GU-2026-000042 trace.log --internal --body "Trace du serveur"',
  ];

  async run() {
    const flags = await this.parseFlags();
    const { args, argv } = await this.parse(TicketsAttach);
    const files = (argv as string[]).slice(1);
    const result = await uploadAttachments(await this.client(), args.ref, files, {
      body: await textFlag('body', flags.body),
      internal: flags.internal,
    });
    this.printList<Attachment>(result.attachments, [
      { header: 'ID', value: (a) => a.id },
      { header: 'FILE', value: (a) => a.filename, flexible: true },
      { header: 'SIZE', value: (a) => formatSize(a.size, cliLanguage()) },
      { header: 'CONTENT_TYPE', value: (a) => a.contentType },
      { header: 'VISIBILITY', value: (a) => a.visibility },
    ]);
    this.logToStderr(t('attachment_attached', { count: result.attachments.length, reference: args.ref }));
    return result;
  }
}
