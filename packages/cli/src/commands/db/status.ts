import { GuichetCommand } from '../../lib/base.ts';
import { EXIT } from '../../lib/errors.ts';
import { withLocalGuichet } from '../../lib/local.ts';

export default class DbStatus extends GuichetCommand<typeof DbStatus> {
  static override summary = 'Applied and pending migrations; exits 2 when some are pending';

  async run() {
    await this.parseFlags();
    const status = await withLocalGuichet({ migrate: false }, (g) => g.migrationStatus());
    this.log(
      [...status.executed.map((m) => `applied  ${m}`), ...status.pending.map((m) => `pending  ${m}`)].join(
        '\n',
      ),
    );
    if (status.pending.length > 0) process.exitCode = EXIT.differs;
    return status;
  }
}
