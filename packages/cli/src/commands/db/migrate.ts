import { GuichetCommand } from '../../lib/base.ts';
import { withLocalGuichet } from '../../lib/local.ts';
import { t } from '../../lib/messages.ts';

export default class DbMigrate extends GuichetCommand<typeof DbMigrate> {
  static override summary = 'Apply pending migrations (DATABASE_URL, or the embedded database)';

  async run() {
    await this.parseFlags();
    const before = await withLocalGuichet({ migrate: false }, (g) => g.migrationStatus());
    const after = await withLocalGuichet({ migrate: true }, (g) => g.migrationStatus());
    const applied = before.pending.filter((m) => after.executed.includes(m));
    this.log(applied.length === 0 ? t('up_to_date') : applied.map((m) => `applied  ${m}`).join('\n'));
    return { applied, executed: after.executed, pending: after.pending };
  }
}
