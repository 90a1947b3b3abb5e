/**
 * `guichet mail ingest` as Postfix runs it (a separate process, the mail on standard input) and
 * `guichet mail explain`, against a real API server on a loopback port over a real PostgreSQL.
 */
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp } from '@guichet/api';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 180_000 });

const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url));
const CELL = 'cellule-pedagogique@insa-rouen.fr';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function given() {
  const g: TestGuichet = await createTestGuichet();
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  await g.catalogue.applyDocument({ mailboxes: [{ address: CELL, service: 'scenari' }] });
  await g.catalogue.upsertPerson({ email: 'marie.curie@insa-rouen.fr', displayName: 'Marie Curie' });
  const server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = async (scopes: ('read' | 'write' | 'admin')[]) =>
    (await g.tokens.create({ person: 'admin@groupe-insa.fr', name: 'mta', scopes }, 'local')).token;
  const mta = await token(['read', 'write', 'admin']);
  /** Runs `guichet args…` with the bytes on stdin, as a pipe would. */
  const guichet = (args: string[], stdin: Buffer, env: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [BIN, ...args],
        {
          env: {
            PATH: process.env.PATH,
            HOME: '/nonexistent',
            GUICHET_CONFIG_DIR: '/nonexistent/guichet',
            GUICHET_URL: url,
            GUICHET_TOKEN: mta,
            GUICHET_LANG: 'fr',
            ...env,
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin?.end(stdin);
    });
  return { g, url, token, guichet };
}

const MAIL = Buffer.concat([
  Buffer.from(
    `From: Marie Curie <marie.curie@insa-rouen.fr>\r\nTo: ${CELL}\r\nSubject: =?ISO-8859-1?Q?Probl=E8me_Opale?=\r\nMessage-ID: <pipe-1@insa-rouen.fr>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n`,
  ),
  // Latin-1 bytes on stdin: the command must pass them on as they are, not as UTF-8 text.
  Buffer.from("L'export .odt échoue.\r\n", 'latin1'),
]);

describe('guichet mail', () => {
  it('ingest: one line per decided mail, exit 0 also for a duplicate; explain says why', async () => {
    const { g, guichet } = await given();
    const first = await guichet(['mail', 'ingest', '--mailbox', CELL], MAIL);
    expect(first, first.stderr).toMatchObject({ code: 0 });
    expect(first.stdout).toMatch(
      /^created GU-\d{4}-\d{6} <pipe-1@insa-rouen\.fr> thread_none,sender_known\n$/,
    );
    const reference = first.stdout.split(' ')[1] ?? '';
    const ticket = await g.tickets.get('system', reference);
    expect(ticket).toMatchObject({ title: 'Problème Opale', channel: 'email' });
    expect(ticket.description).toBe("L'export .odt échoue.");

    const again = await guichet(['mail', 'ingest', '--mailbox', CELL, '--json'], MAIL);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ decision: 'duplicate', ticketReference: reference });

    const explained = await guichet(['mail', 'explain', 'pipe-1@insa-rouen.fr'], Buffer.alloc(0));
    expect(explained, explained.stderr).toMatchObject({ code: 0 });
    expect(explained.stdout).toContain(`created ${reference}`);
    expect(explained.stdout).toContain('- expéditeur connu (marie.curie@insa-rouen.fr)');
  });

  it('ingest exits 75 (the MTA defers) when the mail could not be recorded', async () => {
    const { guichet, token } = await given();
    const down = await guichet(['mail', 'ingest', '--mailbox', CELL], MAIL, {
      GUICHET_URL: 'http://127.0.0.1:9',
    });
    expect(down.code).toBe(75);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toMatch(/^guichet: courriel non enregistré/);
    const plain = await guichet(['mail', 'ingest', '--mailbox', CELL], MAIL, {
      GUICHET_TOKEN: await token(['read', 'write']),
    });
    expect(plain.code).toBe(75);
    const noMailbox = await guichet(['mail', 'ingest'], MAIL);
    expect(noMailbox.code).toBe(75);
    const empty = await guichet(['mail', 'ingest', '--mailbox', CELL], Buffer.alloc(0));
    expect(empty.code).toBe(75);
  });
});
