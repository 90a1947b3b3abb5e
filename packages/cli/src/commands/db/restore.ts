import { createReadStream } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { withLocalGuichet } from '../../lib/local.ts';
import { t } from '../../lib/messages.ts';

export default class DbRestore extends GuichetCommand<typeof DbRestore> {
  static override summary = 'Restore a backup into this database, in one transaction';
  static override description =
    'The database is migrated first and must be at the backup’s schema version. It must hold no people or tickets, unless --force (everything in it is then replaced). Stop the servers using it first.';
  static override args = { file: Args.string({ required: true, description: 'Backup file, - for stdin' }) };
  static override flags = { force: Flags.boolean({ description: 'Replace what the database holds' }) };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(DbRestore);
    const input = args.file === '-' ? process.stdin : createReadStream(args.file);
    const counts = await withLocalGuichet({ migrate: true }, (g) => g.restore(input, { force: flags.force }));
    // Attachment files are counted apart from the tables' rows.
    const { files = 0, ...tables } = counts;
    const total = Object.values(tables).reduce((a, b) => a + b, 0);
    this.logToStderr(t('restore_done', { rows: total, tables: Object.keys(tables).length }));
    if (files > 0) this.logToStderr(t('attachment_restore_files', { files }));
    return { file: args.file, tables, files };
  }
}
