/**
 * `guichet tickets attach`, `tickets comment --attach` and `tickets attachment get` as a user runs
 * them: separate processes (bin/run.js) against a real API server on a loopback port, real PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '@guichet/api';
import type { CoreConfigInput } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue } from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 180_000 });

const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url));
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function given(overrides: Partial<CoreConfigInput> = {}) {
  const g = await createTestGuichet(overrides);
  cleanups.push(() => g.dispose());
  const staff = await givenDemoCatalogue(g);
  const manager = await staff('vr.manager@insa-rennes.fr');
  const prof = await g.catalogue.upsertPerson({ email: 'prof@insa-rennes.fr', displayName: 'Claire Martin' });
  const t = await g.tickets.create(
    { personId: prof.id },
    { title: 'Casque', description: 'Noir', service: 'vr-room' },
  );
  await g.tickets.act(manager, t.reference, { action: 'approve' });
  const server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'guichet-cli-attach-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const tokenOf = async (person: string) =>
    (await g.tokens.create({ person, name: 'cli test', scopes: ['read', 'write'] }, 'local')).token;
  const tokens = {
    prof: await tokenOf('prof@insa-rennes.fr'),
    tech: await tokenOf('vr.tech@insa-rennes.fr'),
  };
  const guichet = (args: string[], token: string) =>
    new Promise<Run>((resolve) => {
      const child = execFile(
        process.execPath,
        [BIN, ...args],
        {
          cwd: dir,
          encoding: 'buffer',
          env: {
            PATH: process.env.PATH,
            HOME: dir,
            GUICHET_CONFIG_DIR: dir,
            GUICHET_URL: url,
            GUICHET_TOKEN: token,
            LANG: 'fr_FR.UTF-8',
            COLUMNS: '400',
          },
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number((error as { code?: number }).code ?? 1) : 0,
            stdout: stdout.toString('utf8'),
            stderr: stderr.toString('utf8'),
          }),
      );
      child.stdin?.end();
    });
  return { g, reference: t.reference, dir, tokens, guichet };
}

describe('guichet tickets attach / attachment get', () => {
  it('attaches files, lists them on the ticket, and downloads them byte-identical', async () => {
    const { reference, dir, tokens, guichet } = await given();
    await mkdir(join(dir, 'envoi'));
    await writeFile(join(dir, 'envoi', 'écran.txt'), PNG);
    await writeFile(join(dir, 'envoi', 'notes.md'), '# Notes\n');
    // When the requester attaches two files
    const attached = await guichet(
      ['tickets', 'attach', reference, 'envoi/écran.txt', 'envoi/notes.md', '--json'],
      tokens.prof,
    );
    expect(attached.code, attached.stderr).toBe(0);
    const result = JSON.parse(attached.stdout) as {
      attachments: { id: string; filename: string; contentType: string }[];
    };
    expect(result.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['écran.txt', 'image/png'],
      ['notes.md', 'application/octet-stream'],
    ]);
    // Then `tickets show` lists them with their ids
    const shown = await guichet(['tickets', 'show', reference], tokens.tech);
    expect(shown.stdout).toContain(`📎 écran.txt (${PNG.length} o, image/png) ${result.attachments[0]!.id}`);
    // And `tickets attachment get` saves the same bytes under the file's name, refusing to overwrite
    const got = await guichet(['tickets', 'attachment', 'get', result.attachments[0]!.id], tokens.tech);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stderr).toContain('écran.txt enregistré dans');
    expect((await readFile(join(dir, 'écran.txt'))).equals(PNG)).toBe(true);
    const again = await guichet(['tickets', 'attachment', 'get', result.attachments[0]!.id], tokens.tech);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    const out = await guichet(
      ['tickets', 'attachment', 'get', result.attachments[1]!.id, '-o', '-'],
      tokens.tech,
    );
    expect(out.stdout).toBe('# Notes\n');
  });

  it('comment --attach writes the note and its file together; the requester cannot fetch it', async () => {
    const { reference, dir, tokens, guichet } = await given();
    await writeFile(join(dir, 'trace.log'), 'trace interne');
    const note = await guichet(
      [
        'tickets',
        'comment',
        reference,
        '--body',
        'Trace du serveur',
        '--internal',
        '--attach',
        'trace.log',
        '--json',
      ],
      tokens.tech,
    );
    expect(note.code, note.stderr).toBe(0);
    const { attachments } = JSON.parse(note.stdout) as { attachments: { id: string; visibility: string }[] };
    expect(attachments[0]!.visibility).toBe('internal');
    const denied = await guichet(
      ['tickets', 'attachment', 'get', attachments[0]!.id, '-o', 'x.log'],
      tokens.prof,
    );
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^guichet: Introuvable: /);
  });

  it('says in one line what is wrong: a missing file, a file too large', async () => {
    const { reference, dir, tokens, guichet } = await given({ attachments: { maxFileBytes: 1000 } });
    const missing = await guichet(['tickets', 'attach', reference, 'absent.png'], tokens.prof);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('guichet: impossible de lire le fichier absent.png (ENOENT)\n');
    await writeFile(join(dir, 'gros.bin'), Buffer.alloc(5000));
    const big = await guichet(['tickets', 'attach', reference, 'gros.bin'], tokens.prof);
    expect(big.code).toBe(1);
    expect(big.stderr).toContain('« gros.bin » dépasse la taille maximale d’une pièce jointe');
    expect(big.stderr.trim().split('\n')).toHaveLength(1);
  });
});
