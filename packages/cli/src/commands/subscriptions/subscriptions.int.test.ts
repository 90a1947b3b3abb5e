/**
 * `guichet subscriptions` and `guichet announce … --notify` as a user runs them: separate processes
 * (bin/run.js) against a real API server on a loopback port, over a real PostgreSQL, with a real
 * SMTP receiver for the mails.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '@guichet/api';
import { createTestGuichet, givenDemoCatalogue, startReceiver } from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import type { ParsedMail } from 'mailparser';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 240_000 });

const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const to = (mail: ParsedMail) =>
  mail.to && !Array.isArray(mail.to) ? (mail.to.value[0]?.address ?? '') : '';

async function given() {
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const g = await createTestGuichet({
    mail: {
      smtpUrl: receiver.url,
      from: 'Guichet INSA <guichet@groupe-insa.fr>',
      retryBaseSeconds: 0,
      timeoutSeconds: 5,
    },
  });
  cleanups.push(() => g.dispose());
  const staff = await givenDemoCatalogue(g);
  const server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'guichet-subscriptions-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const people = {
    lyon: { email: 'etudiant@insa-lyon.fr', establishment: 'insa-lyon' },
    rennes: { email: 'teacher@insa-rennes.fr', establishment: 'insa-rennes', language: 'en' as const },
    rouen: { email: 'agent@insa-rouen.fr', establishment: 'insa-rouen' },
    follower: { email: 'suivi.moodle@insa-strasbourg.fr', establishment: 'insa-strasbourg' },
    otherFollower: { email: 'suivi.scenari@insa-toulouse.fr', establishment: 'insa-toulouse' },
  };
  for (const p of Object.values(people)) await g.catalogue.upsertPerson({ ...p, displayName: p.email });
  // The Moodle problem and three incidents from three establishments, linked to it
  const moderator = await staff('moodle.moderation@insa-lyon.fr');
  const problem = await g.tickets.create(moderator, {
    title: 'Erreur de lecture de la base de données Moodle',
    description: 'database read error',
    service: 'moodle',
    type: 'problem',
  });
  for (const who of ['lyon', 'rennes', 'rouen'] as const) {
    const person = await g.catalogue.findActivePerson(people[who].email);
    const t = await g.tickets.create(
      { personId: person!.personId },
      { title: 'Moodle inaccessible', description: 'database read error', service: 'moodle' },
    );
    await g.problems.link(moderator, problem.reference, { incident: t.reference });
  }
  const token = async (person: string) =>
    (await g.tokens.create({ person, name: 'cli test', scopes: ['read', 'write'] }, 'local')).token;
  const tokens = {
    moodle: await token('moodle.moderation@insa-lyon.fr'),
    follower: await token(people.follower.email),
    otherFollower: await token(people.otherFollower.email),
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
  const deliver = async () => {
    const before = receiver.received.length;
    await g.mail.deliverDue();
    return receiver.received.slice(before).map(to).sort();
  };
  return { guichet, deliver, problem };
}

describe('guichet subscriptions and announce --notify', () => {
  it('followers and the linked incidents’ requesters get one mail per notified change, none otherwise', async () => {
    const { guichet, deliver, problem } = await given();
    // Given one person follows Moodle and another Scenari
    const added = await guichet('follower', ['subscriptions', 'add', 'moodle', '--json']);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      service: 'moodle',
      serviceName: 'Moodle groupe (OpenINSA)',
    });
    expect((await guichet('otherFollower', ['subscriptions', 'add', 'scenari'])).code).toBe(0);
    const listed = await guichet('follower', ['subscriptions', 'list']);
    expect(listed.stdout).toMatch(/^SERVICE\s+CRÉÉ\s+NOM/);
    expect(listed.stdout).toContain('Moodle groupe (OpenINSA)');
    expect(listed.stdout).not.toContain('scenari');

    // When the moderator publishes with --notify
    const created = await guichet('moodle', [
      'announce',
      'create',
      '--title',
      'Moodle inaccessible',
      '--severity',
      'outage',
      '--service',
      'moodle',
      '--ticket',
      problem.reference,
      '--notify',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const a = JSON.parse(created.stdout);
    expect(a.notified).toBe(4);
    const everyone = [
      'agent@insa-rouen.fr',
      'etudiant@insa-lyon.fr',
      'suivi.moodle@insa-strasbourg.fr',
      'teacher@insa-rennes.fr',
    ];
    expect(await deliver()).toEqual(everyone);

    // An update with --notify: one more each, and the count said on stderr
    const updated = await guichet('moodle', [
      'announce',
      'update',
      a.id,
      '--status',
      'identified',
      '--message',
      'Disque plein',
      '--notify',
    ]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stderr).toContain('4 personne(s) prévenue(s) par courriel');
    expect(await deliver()).toEqual(everyone);

    // Without --notify: nobody
    const quiet = await guichet('moodle', ['announce', 'resolve', a.id, '--message', 'Rétabli', '--json']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(JSON.parse(quiet.stdout)).not.toHaveProperty('notified');
    expect(await deliver()).toEqual([]);

    // Stopping, and a service that does not exist: one line, non-zero exit
    const removed = await guichet('follower', ['subscriptions', 'remove', 'moodle', '--json']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ subscriptions: [] });
    const unknown = await guichet('follower', ['subscriptions', 'add', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('nope');
  });
});
