/**
 * `guichet reports` as a user runs it: a separate process (bin/run.js) against a real API server on
 * a loopback port, real PostgreSQL, the rollup refreshed before the command runs.
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

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** A period around today, whatever the time zone of the machine and of the reports. */
const PERIOD = ['--from', day(-2), '--to', day(1)];

/** Two Moodle tickets and one Chat ticket opened by a teacher, the rollup refreshed. */
async function given() {
  const g = await createTestGuichet();
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  const prof = await g.catalogue.upsertPerson({ email: 'prof@insa-rennes.fr', displayName: 'Claire Martin' });
  for (const [title, service] of [
    ['Quiz bloqué', 'moodle'],
    ['Cours invisible', 'moodle'],
    ['Chat muet', 'chat'],
  ] as const)
    await g.tickets.create({ personId: prof.id }, { title, description: 'x', service });
  await g.reports.refresh();
  const server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'guichet-cli-reports-'));
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
  return { tokens, guichet };
}

describe('guichet reports', () => {
  it('shows a volume report by service as a table with bars, as CSV and as JSON, and refuses a requester and a bad --by in one line', async () => {
    const { tokens, guichet } = await given();
    const fr = await guichet(['reports', 'volume', ...PERIOD, '--by', 'service'], tokens.admin);
    expect(fr.code, fr.stderr).toBe(0);
    expect(fr.stdout).toMatch(/SERVICE\s+CRÉÉS\s+RÉSOLUS/);
    expect(fr.stdout).toMatch(/^moodle\s+2\s+0\s+0\s+0\s+0\s+0$/m);
    expect(fr.stdout).toMatch(/^chat\s+1\s+0/m);
    expect(fr.stdout).toMatch(/^moodle\s+█+ 2$/m);
    const en = await guichet(
      ['reports', 'volume', ...PERIOD, '--by', 'service'],
      tokens.admin,
      'en_GB.UTF-8',
    );
    expect(en.stdout).toMatch(/SERVICE\s+CREATED\s+RESOLVED/);

    const filtered = await guichet(
      ['reports', 'volume', ...PERIOD, '--by', 'service', '--service', 'chat'],
      tokens.admin,
    );
    expect(filtered.stdout).not.toMatch(/^moodle/m);

    const byDay = await guichet(['reports', 'volume', ...PERIOD, '--by', 'day'], tokens.admin);
    expect(byDay.code, byDay.stderr).toBe(0);
    // Volume has a row per day with tickets: today only.
    expect(byDay.stdout).toMatch(/^CRÉÉS\s+▁\s+3–3$/m);
    const backlog = await guichet(['reports', 'backlog', ...PERIOD], tokens.admin);
    expect(backlog.code, backlog.stderr).toBe(0);
    expect(backlog.stdout).toMatch(/^EN COURS\s+[▁▂▃▄▅▆▇█]{4}\s+0–3$/m);

    const csv = await guichet(['reports', 'volume', ...PERIOD, '--by', 'service', '--csv'], tokens.admin);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('service,created,resolved,closed,reopened,rejected,escalated');
    expect(csv.stdout).toContain('moodle,2,0,0,0,0,0');

    const json = await guichet(['reports', 'volume', ...PERIOD, '--by', 'service', '--json'], tokens.admin);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ name: 'volume', by: ['service'] });
    expect(report.rows).toContainEqual(expect.objectContaining({ service: 'moodle', created: 2 }));

    const refused = await guichet(['reports', 'volume', ...PERIOD], tokens.prof);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    const bad = await guichet(['reports', 'volume', ...PERIOD, '--by', 'service,colour'], tokens.admin);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--by');
    expect(bad.stderr).toContain('colour');
  });
});
