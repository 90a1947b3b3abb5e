/**
 * `guichet sla show` as a user runs it: a separate process (bin/run.js) against a real API server on
 * a loopback port, real PostgreSQL, the targets from a catalogue document.
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
  const g = await createTestGuichet();
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
        firstResponseMinutes: 600,
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
  const server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'guichet-cli-sla-'));
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

describe('guichet sla show', () => {
  it('shows the target and both clocks to staff, in French or English, and refuses the requester in one line', async () => {
    const { reference, tokens, guichet } = await given();
    const fr = await guichet(['sla', 'show', reference], tokens.admin);
    expect(fr.code, fr.stderr).toBe(0);
    expect(fr.stdout).toContain(`${reference} · chat · calendrier toujours`);
    expect(fr.stdout).toMatch(/Première réponse\s+running\s+0 h 00\s+10 h 00\s+10 h 00/);
    const en = await guichet(['sla', 'show', reference], tokens.admin, 'en_GB.UTF-8');
    expect(en.stdout).toMatch(/Resolution\s+running\s+0 h 00\s+100 h 00/);
    const json = await guichet(['sla', 'show', reference, '--json'], tokens.admin);
    expect(JSON.parse(json.stdout)).toMatchObject({
      reference,
      target: { code: 'chat' },
      resolution: { targetMinutes: 6000 },
    });
    const refused = await guichet(['sla', 'show', reference], tokens.prof);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  });
});
