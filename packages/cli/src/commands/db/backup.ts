import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { withLocalGuichet } from '../../lib/local.ts';
import { t } from '../../lib/messages.ts';

export default class DbBackup extends GuichetCommand<typeof DbBackup> {
  static override summary = 'Save all Guichet data to a file (gzipped, any PostgreSQL version)';
  static override description =
    'One consistent snapshot, taken while the server keeps working. The job queue is not saved: pending wake-ups are re-created by the scheduler.';
  static override examples = ['<%= config.bin %> db backup guichet-$(date +%F).backup'];
  static override args = {
    file: Args.string({ required: true, description: 'File to write, - for stdout' }),
  };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(DbBackup);
    // Written beside, then renamed: a failed backup never leaves a half file under the name.
    const partial = `${args.file}.partial`;
    let out: Writable = process.stdout;
    // Opened once the database is found: a command that cannot start leaves no file behind.
    const counts = await withLocalGuichet({ migrate: false }, (g) => {
      if (args.file !== '-') out = createWriteStream(partial, { mode: 0o600 });
      return g.backup(out);
    });
    if (out !== process.stdout) {
      await finished(out);
      await rename(partial, args.file);
    }
    // Attachment files are counted apart from the tables' rows.
    const { files = 0, files_missing: missing = 0, ...tables } = counts;
    const total = Object.values(tables).reduce((a, b) => a + b, 0);
    this.logToStderr(t('backup_done', { rows: total, tables: Object.keys(tables).length, file: args.file }));
    if (files + missing > 0) this.logToStderr(t('attachment_backup_files', { files, missing }));
    return { file: args.file, tables, files, filesMissing: missing };
  }
}
