/**
 * A second Guichet process for scheduler tests: connects to the database given as argument, runs the
 * scheduler's workers, prints "ready" and stays up until SIGTERM.
 */
import { createGuichet } from '../src/guichet.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: scheduler-process.ts DATABASE_URL');
const guichet = await createGuichet({
  database: { url },
  scheduler: { enabled: true, pollingIntervalSeconds: 0.5, sweepCron: '* * * * *' },
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  guichet.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
