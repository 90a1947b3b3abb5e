/**
 * The server with two worker processes behind one port (issue 11): what was per process must hold
 * across them. Each request goes on a new connection, which the cluster hands to the workers in
 * turn, so consecutive requests are served by both.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestGuichet,
  eventually,
  freePort,
  givenDemoCatalogue,
  type TestGuichet,
} from '@guichet/core/testing';
import { afterEach, expect, it } from 'vitest';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Starts the server; resolves once every worker listens, with the pids that logged requests so far. */
async function startServer(url: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['packages/api/src/server.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      GUICHET_DEMO: '0',
      GUICHET_WORKERS: '2',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  );
  const lines: string[] = [];
  let buffered = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
  });
  // The supervisor says so once the last worker listens.
  await eventually(async () => (lines.some((l) => l.includes('Guichet is listening')) ? true : null), 60_000);
  /** The worker processes that logged an API request (`path`). */
  const servedBy = (path: string) =>
    new Set(lines.filter((l) => l.includes(`"path":"${path}"`)).map((l) => JSON.parse(l).pid as number));
  return { port, servedBy, lines };
}

/** One request on a connection of its own (no keep-alive): the cluster picks the next worker. */
function call(port: number, method: string, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, agent: false, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function given(): Promise<TestGuichet> {
  const g = await createTestGuichet();
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  return g;
}

it('a token’s rate limit holds across the workers', async () => {
  const g = await given();
  const { port, servedBy, lines } = await startServer(g.databaseUrl, { GUICHET_RATE_LIMIT: '5' });
  // Without SMTP the server says once (not once per worker) that notifications are not sent.
  const noSmtp = () => lines.filter((l) => l.includes('no GUICHET_SMTP_URL'));
  await eventually(async () => (noSmtp().length > 0 ? true : null), 5_000);
  const token = (
    await g.tokens.create({ person: 'vr.tech@insa-rennes.fr', name: 't', scopes: ['read'] }, 'local')
  ).token;
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push(await call(port, 'GET', '/v1/me', token));
  // Both workers answered; counted per worker, 2 × 5 would pass; counted for the server, 5.
  await eventually(async () => (servedBy('/v1/me').size === 2 ? true : null), 5_000);
  expect(statuses.filter((s) => s === 200)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  expect(noSmtp()).toHaveLength(1);
});

it('a grant revoked or a token revoked through one worker is refused by every worker', async () => {
  const g = await given();
  const { port, servedBy } = await startServer(g.databaseUrl);
  const manager = await g.catalogue.upsertPerson({ email: 'vr.manager@insa-rennes.fr', displayName: 'M' });
  const requester = await g.catalogue.upsertPerson({ email: 'prof@insa-rennes.fr', displayName: 'P' });
  const ticket = await g.tickets.create(
    { personId: requester.id },
    { title: 'Casque VR', description: 'En panne', service: 'vr-room' },
  );
  const moderator = (await g.tokens.create({ person: manager.email, name: 't', scopes: ['read'] }, 'local'))
    .token;
  const admin = (
    await g.tokens.create(
      { person: 'admin@groupe-insa.fr', name: 't', scopes: ['read', 'write', 'admin'] },
      'local',
    )
  ).token;
  const path = `/v1/tickets/${ticket.reference}`;
  // Both workers remember the moderator's grants.
  for (let i = 0; i < 4; i++) expect(await call(port, 'GET', path, moderator)).toBe(200);
  await eventually(async () => (servedBy(path).size === 2 ? true : null), 5_000);
  // When the grant is revoked through one of them
  const revoked = await call(
    port,
    'DELETE',
    '/v1/people/vr.manager@insa-rennes.fr/profiles?profile=moderator&service=vr-room',
    admin,
  );
  expect(revoked).toBe(200);
  // (the manager is the VR room's approver too: that goes as well, from yet another process)
  await g.catalogue.revokeProfile({ person: manager.email, profile: 'approver', service: 'vr-room' });
  // Then neither worker lets them see the ticket any more
  await eventually(async () => {
    const seen = await Promise.all(Array.from({ length: 6 }, () => call(port, 'GET', path, moderator)));
    return seen.every((s) => s === 404) ? true : null;
  }, 5_000);
  // A token revoked through one worker stops authenticating on both.
  const tech = await g.tokens.create(
    { person: 'vr.tech@insa-rennes.fr', name: 't', scopes: ['read'] },
    'local',
  );
  for (let i = 0; i < 4; i++) expect(await call(port, 'GET', '/v1/me', tech.token)).toBe(200);
  const techWrite = (
    await g.tokens.create({ person: 'vr.tech@insa-rennes.fr', name: 'w', scopes: ['read', 'write'] }, 'local')
  ).token;
  expect(await call(port, 'DELETE', `/v1/tokens/${tech.id}`, techWrite)).toBe(204);
  await eventually(async () => {
    const seen = await Promise.all(Array.from({ length: 6 }, () => call(port, 'GET', '/v1/me', tech.token)));
    return seen.every((s) => s === 401) ? true : null;
  }, 5_000);
});

it('a stop asked while the workers are still starting stops them and the embedded PostgreSQL', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-early-stop-'));
  cleanups.push(async () => {
    // A PostgreSQL left behind (the failure this test looks for) is stopped by its own pid.
    const pidFile = join(dataDir, 'postmaster.pid');
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });
  const port = await freePort();
  const { DATABASE_URL: _external, ...env } = process.env;
  const child = spawn(process.execPath, ['packages/api/src/server.ts'], {
    env: { ...env, GUICHET_DATA_DIR: dataDir, PORT: String(port), GUICHET_DEMO: '0', GUICHET_WORKERS: '2' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  // As soon as the first worker answers (the second one is still starting), as `npm start`'s
  // smoke test and a hasty Ctrl-C do:
  await eventually(
    async () => ((await call(port, 'GET', '/readyz', '').catch(() => 0)) === 200 ? true : null),
    60_000,
  );
  expect(log).not.toContain('Guichet is listening');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(log).toContain('"msg":"stopped"');
  // PostgreSQL removes its postmaster.pid once it has shut down.
  expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
}, 90_000);
