/**
 * `guichet tickets list --sla` as a user runs it: a separate process (bin/run.js) against a real API
 * server on a loopback port, real PostgreSQL, a controlled clock past a one-minute target.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '@guichet/api';
import { createTestGuichet, givenDemoCatalogue } from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 180_000 });

const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function given() {
  let now = new Date();
  const g = await createTestGuichet({}, { clock: { now: () => now } });
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  await g.catalogue.applyDocument({
    ...(await g.catalogue.exportDocument()),
    calendars: [
      {
        code: 'toujours',
        timeZone: 'Europe/Paris',
        holidays: 'none',
        hours: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]])),
      },
    ],
    serviceLevels: [
      {
        code: 'chat',
        service: 'chat',
        firstResponseMinutes: 1,
        resolutionMinutes: 6000,
        calendar: 'toujours',
      },
    ],
  });
  const prof = await g.catalogue.upsertPerson({ email: 'prof@insa-rennes.fr', displayName: 'Claire Martin' });
  const t = await g.tickets.create(
    { personId: prof.id },
    { title: 'Chat muet', description: 'x', service: 'chat' },
  );
  await g.tickets.create(
    { personId: prof.id },
    { title: 'Quiz bloqué', description: 'x', service: 'moodle' },
  );
  // The tracker keeps each ticket's due data for lists (a timeline consumer, run by hand here).
  await g.serviceLevels.refresh();
  now = new Date(now.getTime() + 10 * 60_000);
  const server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'guichet-cli-list-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const tokenOf = async (person: string) =>
    (await g.tokens.create({ person, name: 'cli test', scopes: ['read', 'write'] }, 'local')).token;
  const tokens = { prof: await tokenOf('prof@insa-rennes.fr'), admin: await tokenOf('admin@groupe-insa.fr') };
  const guichet = (args: string[], token: string, lang = 'fr_FR.UTF-8') =>
    new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        {
          cwd: dir,
          env: {
            PATH: process.env.PATH,
            HOME: dir,
            GUICHET_CONFIG_DIR: dir,
            GUICHET_URL: url,
            GUICHET_TOKEN: token,
            LANG: lang,
            COLUMNS: '400',
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  return { reference: t.reference, tokens, guichet };
}

describe('guichet tickets list --sla', () => {
  it('lists the tickets past their target with an SLA column, and nothing else', async () => {
    const { reference, tokens, guichet } = await given();
    const fr = await guichet(['tickets', 'list', '--sla', 'breached', '--sort', 'dueAt'], tokens.admin);
    expect(fr.code, fr.stderr).toBe(0);
    expect(fr.stdout).toMatch(/SLA/);
    expect(fr.stdout).toMatch(new RegExp(`^${reference}\\s.*dépassé`, 'm'));
    expect(fr.stdout).not.toContain('Quiz bloqué');
    const en = await guichet(['tickets', 'list', '--sla', 'breached'], tokens.admin, 'en_GB.UTF-8');
    expect(en.stdout).toMatch(/breached/);
    const json = await guichet(['tickets', 'list', '--sla', 'breached', '--json'], tokens.admin);
    expect(JSON.parse(json.stdout).items).toEqual([
      expect.objectContaining({ reference, serviceLevel: expect.objectContaining({ target: 'chat' }) }),
    ]);
    const bad = await guichet(['tickets', 'list', '--sla', 'late'], tokens.admin);
    expect(bad.code).toBe(3);
  });
});
