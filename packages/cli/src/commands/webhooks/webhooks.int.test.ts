/**
 * `guichet webhooks` as an admin runs it: separate processes (bin/run.js)
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
import {
  createTestGuichet,
  givenDemoCatalogue,
  givenPerson,
  startWebhookReceiver,
} from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 240_000 });

const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function given() {
  const g = await createTestGuichet({ webhooks: { allowHttp: true, allowedTargets: ['127.0.0.1'] } });
  cleanups.push(() => g.dispose());
  const staff = await givenDemoCatalogue(g);
  const server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'guichet-webhooks-'));
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

describe('guichet webhooks', () => {
  it('creates a subscription (secret once), lists, tests, shows deliveries and redelivers', async () => {
    const { g, guichet } = await given();
    const r = await startWebhookReceiver();
    cleanups.push(() => r.close());

    // A technician may not subscribe: one line, non-zero exit
    const refused = await guichet('tech', ['webhooks', 'create', '--url', r.url, '--event', 'ticket.*']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    // The admin subscribes: the secret on stdout, once
    const created = await guichet('admin', [
      'webhooks',
      'create',
      '--url',
      r.url,
      '--event',
      'ticket.created',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^whsec_/);
    const listed = await guichet('admin', ['webhooks', 'list', '--json']);
    expect(listed.stdout).not.toContain(secret);
    const [webhook] = (JSON.parse(listed.stdout) as { webhooks: { id: string; url: string }[] }).webhooks;
    expect(webhook!.url).toBe(r.url);

    // A test event arrives, verified with the secret
    const tested = await guichet('admin', ['webhooks', 'test', webhook!.id]);
    expect(tested.code, tested.stderr).toBe(0);
    expect(
      (new Webhook(secret).verify(r.received[0]!.body, r.received[0]!.headers as never) as { type: string })
        .type,
    ).toBe('webhook.test');

    // A ticket event is delivered, listed, and redelivered
    await g.tickets.create(await givenPerson(g), {
      title: 'Accès',
      description: 'Erreur',
      service: 'moodle',
    });
    await g.webhooks.settle();
    await g.webhooks.deliverDue();
    const deliveries = await guichet('admin', [
      'webhooks',
      'deliveries',
      webhook!.id,
      '--status',
      'delivered',
      '--json',
    ]);
    const found = (JSON.parse(deliveries.stdout) as { deliveries: { id: string; type: string }[] })
      .deliveries;
    const created1 = found.find((d) => d.type === 'ticket.created')!;
    const again = await guichet('admin', ['webhooks', 'redeliver', webhook!.id, created1.id]);
    expect(again.code, again.stderr).toBe(0);
    await g.webhooks.deliverDue();
    expect(r.received.filter((h) => h.headers['webhook-id'] === created1.id)).toHaveLength(2);

    // A receiver that refuses the test: one line, non-zero exit
    r.status = 500;
    const failed = await guichet('admin', ['webhooks', 'test', webhook!.id]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('HTTP 500');
  });
});
