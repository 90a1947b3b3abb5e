/**
 * An IMAP poller in a process of its own, for the take-over test (killed with SIGKILL, as a crashed
 * API process would be). Settings come as JSON in POLLER_OPTIONS; it writes one line per event on
 * stdout: `status <status>`, `ingest <Message-ID>` when ingest is called, and `done <uid>` once the
 * message is flagged (and moved).
 */
import { ImapPoller } from '../../packages/core/src/mail/imap/imap-poller.ts';

const options = JSON.parse(process.env.POLLER_OPTIONS ?? '{}');
const poller = new ImapPoller({
  ...options,
  ingest: async (raw: Buffer) => {
    const messageId = /^Message-ID:\s*(\S+)/im.exec(raw.toString('utf8'))?.[1] ?? '';
    process.stdout.write(`ingest ${messageId}\n`);
    return { decision: 'created' };
  },
});
poller.on('status', (status) => process.stdout.write(`status ${status}\n`));
poller.on('ingested', (event) => process.stdout.write(`done ${event.uid}\n`));
poller.start();
process.on('SIGTERM', () => {
  poller.stop().then(() => process.exit(0));
});
