/**
 * `guichet announce` as a user runs it: separate processes (bin/run.js) against a real API server
 * on a loopback port over a real PostgreSQL.
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

vi.setConfig({ testTimeout: 240_000 });

const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function given() {
  const g = await createTestGuichet();
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  const server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'guichet-announce-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const token = async (person: string) =>
    (await g.tokens.create({ person, name: 'announce test', scopes: ['read', 'write'] }, 'local')).token;
  const tokens = {
    moodle: await token('moodle.moderation@insa-lyon.fr'),
    scenari: await token('scenari.moderation@insa-rouen.fr'),
  };
  const guichet = (as: keyof typeof tokens, args: string[], lang = 'fr_FR.UTF-8') =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        {
          env: {
            PATH: process.env.PATH,
            HOME: dir,
            GUICHET_CONFIG_DIR: dir,
            GUICHET_URL: url,
            GUICHET_TOKEN: tokens[as],
            LANG: lang,
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ).stdin?.end('');
    });
  return { guichet, url };
}

describe('guichet announce', () => {
  it('create, update, resolve and list; refusals in one line with a non-zero exit', async () => {
    const { guichet, url } = await given();
    // Given the Moodle moderator publishes an outage
    const created = await guichet('moodle', [
      'announce',
      'create',
      '--title',
      'Moodle inaccessible',
      '--title-en',
      'Moodle unavailable',
      '--severity',
      'outage',
      '--service',
      'moodle',
      '--body',
      'Erreur de lecture de la base de données',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const a = JSON.parse(created.stdout);
    expect(a).toMatchObject({ state: 'active', services: ['moodle'], severity: 'outage' });

    // When they post an update and list the active ones
    const updated = await guichet('moodle', [
      'announce',
      'update',
      a.id,
      '--status',
      'identified',
      '--message',
      'Disque plein',
    ]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toMatch(/^Gravité\s+Service interrompu$/m);
    expect(updated.stdout).toContain('cause identifiée : Disque plein');
    const table = await guichet('moodle', ['announce', 'list', '--state', 'active']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+ÉTAT\s+GRAVITÉ/);
    expect(table.stdout).toContain('Moodle inaccessible');
    const english = await guichet('moodle', ['announce', 'list'], 'en_GB.UTF-8');
    expect(english.stdout).toContain('Moodle unavailable');

    // Then resolving ends it; it is among the past ones, readable without a token
    const resolved = await guichet('moodle', ['announce', 'resolve', a.id, '--message', 'Rétabli', '--json']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(JSON.parse(resolved.stdout)).toMatchObject({ state: 'past', phase: 'resolved' });
    const past = await guichet('moodle', ['announce', 'list', '--state', 'past', '--json']);
    expect(JSON.parse(past.stdout).items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const anonymous = await fetch(`${url}/v1/announcements?state=past`);
    expect(((await anonymous.json()) as { total: number }).total).toBe(1);

    // A moderator of another service is refused, in one line
    const refused = await guichet('scenari', [
      'announce',
      'update',
      a.id,
      '--status',
      'monitoring',
      '--message',
      'x',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('modérateurs de tous les services concernés');
    // A bad date is a usage error naming the option
    const badDate = await guichet('moodle', [
      'announce',
      'create',
      '--title',
      'x',
      '--severity',
      'outage',
      '--ends',
      '12/31/2026',
    ]);
    expect(badDate.code).toBe(3);
    expect(badDate.stderr).toContain('--ends');
  });
});
