/**
 * `guichet problems` as a user runs it: separate processes (bin/run.js) against a real API server on
 * a loopback port over a real PostgreSQL.
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
  await g.catalogue.upsertPerson({ email: 'etudiant@insa-lyon.fr', displayName: 'Étudiant' });
  const server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'guichet-problems-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const token = async (person: string) =>
    (await g.tokens.create({ person, name: 'problems test', scopes: ['read', 'write'] }, 'local')).token;
  const tokens = {
    moderator: await token('moodle.moderation@insa-lyon.fr'),
    requester: await token('etudiant@insa-lyon.fr'),
  };
  const guichet = (as: keyof typeof tokens, args: string[]) =>
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
            LANG: 'fr_FR.UTF-8',
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ).stdin?.end('');
    });
  const http = async (as: keyof typeof tokens, method: string, path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${tokens[as]}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json() as Promise<{ reference: string }>;
  };
  return { guichet, http };
}

describe('guichet problems', () => {
  it('edit, suggest, link, list, show from the incident, resolve; errors in one line, non-zero exit', async () => {
    const { guichet, http } = await given();
    const problem = (
      await http('moderator', 'POST', '/v1/tickets', {
        title: 'Erreur de lecture de la base de données Moodle',
        description: 'database read error à la connexion',
        service: 'moodle',
        type: 'problem',
      })
    ).reference;
    const incident = (
      await http('requester', 'POST', '/v1/tickets', {
        title: 'Erreur de lecture base de données Moodle',
        description: 'database read error en me connectant',
        service: 'moodle',
      })
    ).reference;

    const edit = await guichet('moderator', [
      'problems',
      'edit',
      problem,
      '--root-cause',
      'Réplica db-2 désynchronisé',
      '--workaround',
      'Se reconnecter après une minute',
    ]);
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.stdout).toContain('Cause racine (INTERNE)');

    const suggest = await guichet('moderator', ['problems', 'suggest', problem, '--json']);
    expect(suggest.code, suggest.stderr).toBe(0);
    expect(JSON.parse(suggest.stdout).map((s: { reference: string }) => s.reference)).toEqual([incident]);

    const link = await guichet('moderator', ['problems', 'link', problem, incident]);
    expect(link.code, link.stderr).toBe(0);
    expect(link.stderr).toContain(`${incident} rattaché au problème ${problem}`);

    const list = await guichet('moderator', ['problems', 'incidents', problem]);
    expect(list.stdout).toContain(incident);
    expect(list.stdout).toContain('nouveau');

    // The requester reads the public summary from their ticket: no root cause.
    const show = await guichet('requester', ['problems', 'show', '--ticket', incident]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('Se reconnecter après une minute');
    expect(show.stdout).not.toContain('db-2');
    const hidden = await guichet('requester', ['problems', 'show', problem]);
    expect(hidden.code).toBe(1);
    expect(hidden.stderr.trim().split('\n')[0]).toMatch(/^guichet: Ticket introuvable/);

    // The incident is still new: the batch reports it refused, exits 1, and changes nothing else.
    const resolve = await guichet('moderator', [
      'problems',
      'resolve',
      problem,
      '--solution',
      'Corrigé',
      '--json',
    ]);
    expect(resolve.code).toBe(1);
    expect(JSON.parse(resolve.stdout).incidents).toEqual([
      expect.objectContaining({ reference: incident, outcome: 'refused', code: 'INVALID_TRANSITION' }),
    ]);

    // A resolved update for the announcements while the problem stays open is refused, naming the flag's field.
    const early = await guichet('moderator', [
      'problems',
      'resolve',
      problem,
      '--solution',
      'Corrigé',
      '--announcement-message',
      'OpenINSA fonctionne de nouveau',
    ]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('announcementMessage');

    const toProblem = await guichet('moderator', ['problems', 'link', problem, problem]);
    expect(toProblem.code).toBe(1);
    expect(toProblem.stderr).toContain('incident');

    const unlink = await guichet('moderator', ['problems', 'unlink', problem, incident]);
    expect(unlink.code, unlink.stderr).toBe(0);
    const none = await guichet('requester', ['problems', 'show', '--ticket', incident]);
    expect(none.code).toBe(1);
  });
});
