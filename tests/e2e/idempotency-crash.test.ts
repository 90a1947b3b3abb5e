/**
 * Issue 9, finding 15: a server killed (kill -9) in the middle of an idempotent creation leaves
 * nothing behind, neither the effect nor a claim on the key: the retry creates exactly one ticket
 * at once (it used to answer 409 until the claim went stale, then create a second ticket).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createApp } from '@guichet/api';
import { createTestGuichet, freePort, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function startServer(url: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['packages/api/src/server.ts'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), GUICHET_DEMO: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/readyz`).catch(() => null))?.ok) return { base, child };
    if (i > 150) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('a creation cut short by kill -9 leaves no claim and no ticket; the retry creates exactly one', async () => {
  const g: TestGuichet = await createTestGuichet();
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  await g.catalogue.upsertPerson({ email: 'prof@insa-rennes.fr', displayName: 'Prof' });
  const token = (
    await g.tokens.create({ person: 'prof@insa-rennes.fr', name: 't', scopes: ['write'] }, 'local')
  ).token;
  const db = new pg.Client({ connectionString: g.databaseUrl });
  await db.connect();
  cleanups.push(() => db.end());
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
  const request = {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': 'crash-1',
    },
    body: JSON.stringify({ title: 'Projecteur', description: 'Ne s’allume pas', service: 'vr-room' }),
  };

  // Given a server whose creation is held inside its transaction (the ticket table is locked)
  const server = await startServer(g.databaseUrl);
  await db.query('begin');
  await db.query('lock table ticket in exclusive mode');
  const inFlight = fetch(`${server.base}/v1/tickets`, request).catch(() => null);
  for (let i = 0; ; i++) {
    const waiting = await db.query(
      `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (waiting.rowCount) break;
    if (i > 100) throw new Error('the creation never reached the lock');
    await new Promise((r) => setTimeout(r, 100));
  }
  // When the server dies there, and the lock is released
  server.child.kill('SIGKILL');
  await new Promise((r) => server.child.once('exit', r));
  expect(await inFlight).toBeNull();
  await db.query('commit');
  // Its transaction is gone with it: no ticket, no claim on the key
  for (
    let i = 0;
    (await count("select count(*) as n from pg_stat_activity where wait_event_type = 'Lock'")) > 0;
    i++
  ) {
    if (i > 50) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(await count(`select count(*) as n from ticket where title = 'Projecteur'`)).toBe(0);
  expect(await count('select count(*) as n from idempotency_record')).toBe(0);

  // Then the client's retry (on any process) creates the ticket, once, and a second retry replays it
  const app = createApp(g);
  const retry = await app.request('/v1/tickets', request);
  expect(retry.status).toBe(201);
  const again = await app.request('/v1/tickets', request);
  expect(again.status).toBe(201);
  expect(again.headers.get('Idempotent-Replayed')).toBe('true');
  const [first, second] = (await Promise.all([retry.json(), again.json()])) as { reference: string }[];
  expect(second!.reference).toBe(first!.reference);
  expect(await count(`select count(*) as n from ticket where title = 'Projecteur'`)).toBe(1);
});
