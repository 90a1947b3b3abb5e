import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { cliLanguage, t } from '../../lib/messages.ts';
import { downloadAttachment, formatSize } from '../../services/tickets/attachments.ts';

export default class TicketsAttachmentGet extends GuichetCommand<typeof TicketsAttachmentGet> {
  static override summary = 'Download an attachment (its id: tickets show or tickets attach list them)';
  static override args = { id: Args.string({ description: 'Attachment id', required: true }) };
  static override flags = {
    output: Flags.string({
      char: 'o',
      description: 'Where to save it (default: its own name in the current folder; - for standard output)',
    }),
    force: Flags.boolean({ description: 'Replace the file if it exists' }),
  };
  static override examples = [
    '<%= config.bin %> tickets attachment get 0b9e4c52-7d8e-4a8f-9a55-2b2f6ad3d2f1',
    '<%= config.bin %> tickets attachment get 0b9e4c52-7d8e-4a8f-9a55-2b2f6ad3d2f1 -o - | less',
  ];

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(TicketsAttachmentGet);
    const saved = await downloadAttachment(await this.client(), args.id, {
      output: flags.output,
      force: flags.force,
    });
    if (saved.path !== '-') {
      this.logToStderr(
        t('attachment_saved', {
          filename: saved.filename,
          path: saved.path,
          size: formatSize(saved.size, cliLanguage()),
        }),
      );
    }
    return saved;
  }
}
