/**
 * `kill -9` of the API in the middle of mail delivery: after a restart every notification arrives,
 * none is lost, and a message the killed process had handed to the SMTP server without hearing its
 * answer comes again with the same Message-ID (recognisable), never as a second, different mail.
 * Real parts: the server process (`packages/api/src/server.ts`), a real SMTP receiver, real
 * PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  createTestGuichet,
  eventually,
  freePort,
  givenDemoCatalogue,
  givenPerson,
  startReceiver,
  type TestGuichet,
} from '@guichet/core/testing';
import pg from 'pg';
import { afterEach, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 240_000 });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** The server in its own process group, so that `kill -9` takes the supervisor and its worker together. */
async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['packages/api/src/server.ts'], {
    env: { ...process.env, PORT: String(await freePort()), GUICHET_DEMO: '0', GUICHET_WORKERS: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n'));
    if (process.env.DEBUG_MAIL_CRASH) process.stderr.write(chunk);
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });
  await eventually(async () => (lines.some((l) => l.includes('Guichet is listening')) ? true : null), 60_000);
  return child;
}

async function outboxCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from notification group by status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  } finally {
    await client.end();
  }
}

it('a kill -9 during delivery loses no notification and doubles none beyond a recognisable resend', async () => {
  // Given 30 queued notifications (receipts of 30 tickets) and a slow SMTP receiver (50 ms a message)
  const g: TestGuichet = await createTestGuichet();
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  for (let i = 0; i < 30; i += 1) {
    const requester = await givenPerson(g, { email: `requerant.${i}@insa-lyon.fr` });
    await g.tickets.create(requester, { title: `Panne ${i}`, description: 'Moodle', service: 'moodle' });
  }
  await g.notifications.settle();
  const ids = (await g.mail.outbox('local', { status: ['pending'], limit: 500 })).map((e) => e.id);
  expect(ids.length).toBeGreaterThanOrEqual(30);
  const receiver = await startReceiver({ delayMs: 50 });
  cleanups.push(() => receiver.close());
  const env = {
    DATABASE_URL: g.databaseUrl,
    GUICHET_SMTP_URL: receiver.url,
    GUICHET_MAIL_FROM: 'Guichet INSA <guichet@insa-lyon.fr>',
    // A short lease: what the killed worker had claimed is taken again soon after the restart.
    GUICHET_MAIL_LEASE_SECONDS: '8',
    GUICHET_MAIL_TIMEOUT_SECONDS: '2',
  };

  // When the server is killed with SIGKILL while it delivers
  const first = await startServer(env);
  await eventually(async () => (receiver.received.length >= 5 ? true : null), 60_000);
  const exited = new Promise<void>((done) => first.once('exit', () => done()));
  process.kill(-first.pid!, 'SIGKILL');
  await exited;
  const beforeRestart = receiver.received.length;
  expect(beforeRestart).toBeLessThan(ids.length);

  // And started again
  await startServer(env);

  // Then everything is sent, each notification arrived, and only its own Message-ID came twice
  await eventually(async () => {
    const counts = await outboxCounts(g.databaseUrl);
    if (process.env.DEBUG_MAIL_CRASH) console.log(counts, receiver.received.length);
    return (counts.pending ?? 0) === 0 && (counts.sent ?? 0) >= ids.length ? counts : null;
  }, 90_000);
  const received = receiver.received.map((m) => m.messageId);
  const expected = ids.map((id) => `<notification.${id}@insa-lyon.fr>`);
  expect(new Set(received)).toEqual(new Set(expected));
  const repeats = received.length - new Set(received).size;
  // One message at most was in the killed worker's hands (it sends one at a time).
  expect(repeats).toBeLessThanOrEqual(1);
});
