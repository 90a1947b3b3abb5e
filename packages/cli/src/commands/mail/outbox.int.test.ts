/**
 * `guichet mail` and `guichet notifications` as a user runs them: separate processes (bin/run.js)
 * against a real API server on a loopback port over a real PostgreSQL.
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
  const staff = await givenDemoCatalogue(g);
  const server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'guichet-mail-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const token = async (person: string, scopes: ('read' | 'write' | 'admin')[]) =>
    (await g.tokens.create({ person, name: 'mail test', scopes }, 'local')).token;
  const tokens = {
    admin: await token('admin@groupe-insa.fr', ['read', 'write', 'admin']),
    tech: await token('vr.tech@insa-rennes.fr', ['read', 'write']),
    moderator: await token('vr.manager@insa-rennes.fr', ['read', 'write']),
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
  return { g, staff, guichet };
}

describe('guichet mail and notifications', () => {
  it('an admin sees the outbox; a technician is refused; a test without SMTP says why, in one line', async () => {
    const { g, staff, guichet } = await given();
    const student = await g.catalogue.upsertPerson({
      email: 'etudiant@insa-rennes.fr',
      displayName: 'Étudiant',
    });
    await g.tickets.create(
      { personId: student.id },
      { title: 'Cube', description: 'Réserver', service: 'vr-room' },
    );
    await staff('vr.manager@insa-rennes.fr');
    await g.notifications.settle();

    const listed = await guichet('admin', ['mail', 'outbox', '--json']);
    expect(listed.code).toBe(0);
    const { entries } = JSON.parse(listed.stdout) as { entries: { kind: string; recipient: string }[] };
    expect(entries.map((e) => [e.kind, e.recipient]).sort()).toEqual([
      ['ticket.approval_requested', 'vr.manager@insa-rennes.fr'],
      ['ticket.created', 'etudiant@insa-rennes.fr'],
    ]);
    const table = await guichet('admin', ['mail', 'outbox']);
    expect(table.stdout).toMatch(/^ID\s+STATUT\s+GENRE\s+À\s+TICKET\s+ESSAIS\s+PROCHAIN\s+DERNIÈRE ERREUR$/m);

    const refused = await guichet('tech', ['mail', 'outbox']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim().split('\n')[0]).toMatch(/^guichet: /);

    const test = await guichet('admin', ['mail', 'test', 'ops@insa-rennes.fr']);
    expect(test.code).not.toBe(0);
    expect(test.stderr).toContain('GUICHET_SMTP_URL');
  });

  it('anyone shows and sets their notification preferences; a malformed or unknown one is refused', async () => {
    const { guichet } = await given();
    const set = await guichet('tech', [
      'notifications',
      'preferences',
      '--set',
      'ticket.assigned=digest',
      '--set',
      'ticket.woken=off',
      '--json',
    ]);
    expect(set.code).toBe(0);
    const { preferences } = JSON.parse(set.stdout) as { preferences: { kind: string; delivery: string }[] };
    expect(preferences).toContainEqual({ kind: 'ticket.assigned', delivery: 'digest' });
    expect(preferences).toContainEqual({ kind: 'ticket.woken', delivery: 'off' });
    const shown = await guichet('tech', ['notifications', 'preferences']);
    expect(shown.stdout).toMatch(/^ticket\.assigned\s+digest$/m);

    const malformed = await guichet('tech', ['notifications', 'preferences', '--set', 'ticket.assigned']);
    expect(malformed.code).not.toBe(0);
    expect(malformed.stderr).toContain('ticket.replied=digest');
    const unknown = await guichet('tech', ['notifications', 'preferences', '--set', 'ticket.nope=off']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('preferences.ticket.nope');
  });

  it('a moderator decides on a held mail; without a decision the command says which are possible', async () => {
    const { g, guichet } = await given();
    await g.catalogue.applyDocument({
      mailboxes: [{ address: 'cube-vr@insa-rennes.fr', service: 'vr-room' }],
    });
    const held = await g.mailGateway.ingest(
      Buffer.from(
        'From: inconnu@exterieur.example\r\nSubject: Casque\r\nMessage-ID: <h1@exterieur.example>\r\n\r\nBonjour\r\n',
      ),
      { mailbox: 'cube-vr@insa-rennes.fr' },
    );
    expect(held.decision).toBe('held');
    const none = await guichet('moderator', ['mail', 'resolve', '<h1@exterieur.example>']);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('--dismiss');
    const refused = await guichet('tech', ['mail', 'resolve', '<h1@exterieur.example>', '--dismiss']);
    expect(refused.code).not.toBe(0);
    const done = await guichet('moderator', [
      'mail',
      'resolve',
      '<h1@exterieur.example>',
      '--open',
      '--json',
    ]);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ decision: 'created' });
  });
});
