/**
 * The `guichet` command as a user runs it: a separate process (bin/run.js on this Node), against a
 * real API server on a loopback port over a real PostgreSQL, with its own config directory.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '@guichet/api';
import { DEMO_MAIL_DOMAINS, startOidcProvider } from '@guichet/api/testing';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Each test runs `guichet` several times as separate processes: slow when the whole suite shares two cores.
vi.setConfig({ testTimeout: 180_000 });

const BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/catalogue.yaml', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function given(options: { demo?: boolean; app?: Parameters<typeof createApp>[1] } = {}) {
  const g: TestGuichet = await createTestGuichet();
  cleanups.push(() => g.dispose());
  if (options.demo !== false) {
    await givenDemoCatalogue(g);
    await g.catalogue.upsertPerson({
      email: 'prof@insa-rennes.fr',
      displayName: 'Claire Martin',
      affiliation: 'faculty',
    });
  }
  const server = serve({ fetch: createApp(g, options.app).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const configDir = await mkdtemp(join(tmpdir(), 'guichet-cli-'));
  cleanups.push(() => rm(configDir, { recursive: true, force: true }));
  const token = async (person: string, scopes: ('read' | 'write' | 'admin')[] = ['read', 'write']) =>
    (await g.tokens.create({ person, name: 'cli test', scopes }, 'local')).token;
  /** Runs `guichet args…` with stdin; never a TTY, French unless env says otherwise. */
  const guichet = (args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) =>
    new Promise<Run>((resolve) => {
      const child = execFile(
        process.execPath,
        [BIN, ...args],
        {
          env: {
            PATH: process.env.PATH,
            HOME: configDir,
            GUICHET_CONFIG_DIR: configDir,
            DATABASE_URL: g.databaseUrl,
            LANG: 'fr_FR.UTF-8',
            ...opts.env,
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin?.end(opts.stdin ?? '');
    });
  const login = async (person: string) => {
    const r = await guichet(['login', '--url', url, '--with-token'], { stdin: `${await token(person)}\n` });
    expect(r, r.stderr).toMatchObject({ code: 0 });
  };
  return {
    g,
    url,
    configDir,
    token,
    guichet,
    login,
    env: (extra: Record<string, string> = {}) => ({
      PATH: process.env.PATH,
      HOME: configDir,
      GUICHET_CONFIG_DIR: configDir,
      LANG: 'fr_FR.UTF-8',
      ...extra,
    }),
  };
}

describe('guichet: connection', () => {
  it('login stores a checked token readable by its owner only; status; logout; exit 4 when not authenticated', async () => {
    const { g, url, configDir, token, guichet, login } = await given();
    const none = await guichet(['status']);
    expect(none.code).toBe(4);
    expect(none.stderr).toMatch(/^guichet: non connecté/);

    const refused = await guichet(['login', '--url', url, '--with-token'], {
      stdin: 'gch_pas_un_vrai_jeton\n',
    });
    expect(refused.code).toBe(4);
    await expect(stat(join(configDir, 'config.json'))).rejects.toThrow();

    await login('vr.tech@insa-rennes.fr');
    expect((await stat(join(configDir, 'config.json'))).mode & 0o777).toBe(0o600);
    const status = await guichet(['status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      profile: 'default',
      url,
      source: 'profile',
      me: { email: 'vr.tech@insa-rennes.fr' },
    });

    // CI: the environment overrides the stored profile.
    const admin = await token('admin@groupe-insa.fr');
    const viaEnv = await guichet(['status', '--json'], { env: { GUICHET_URL: url, GUICHET_TOKEN: admin } });
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({
      source: 'environment',
      me: { email: 'admin@groupe-insa.fr' },
    });

    expect((await guichet(['logout'])).code).toBe(0);
    const config = JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8'));
    expect(config.profiles.default).toEqual({ url });
    expect((await guichet(['tickets', 'list'])).code).toBe(4);

    const english = await guichet(['status'], { env: { GUICHET_LANG: 'en' } });
    expect(english.stderr).toMatch(/^guichet: not connected/);

    // A person whose language is English on the server is spoken to in English, whatever LANG says;
    // GUICHET_LANG still wins.
    await g.catalogue.upsertPerson({
      email: 'visiting@insa-lyon.fr',
      displayName: 'Visiting Scholar',
      language: 'en',
    });
    await login('visiting@insa-lyon.fr');
    expect((await guichet(['tickets', 'list'])).stderr).toBe('no results\n');
    expect((await guichet(['tickets', 'list'], { env: { GUICHET_LANG: 'fr' } })).stderr).toBe(
      'aucun résultat\n',
    );
  });
});

describe('guichet login: OpenID Connect device flow', () => {
  it('a technician signs in with their establishment account from the terminal (real provider)', async () => {
    const op = await startOidcProvider(
      { 'vr.tech': { email: 'vr.tech@insa-rennes.fr', name: 'Technicien VR' } },
      'urn:guichet',
      { deviceClients: ['guichet-cli'] },
    );
    cleanups.push(() => op.stop());
    const { url, guichet, env } = await given({
      app: {
        oidcIssuers: [
          {
            issuer: op.issuer,
            audience: op.audience,
            cliClientId: 'guichet-cli',
            mailDomains: DEMO_MAIL_DOMAINS,
          },
        ],
      },
    });
    const child = spawn(process.execPath, [BIN, 'login', '--url', url], { env: env() });
    child.stdin.end();
    let stderr = '';
    const code = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /saisissez le code (\S+) \(valable/.exec(stderr);
        if (found) resolve(found[1]!);
      });
      child.once('exit', () => reject(new Error(`login ended before showing a code: ${stderr}`)));
    });
    expect(stderr).toContain(`${op.issuer}/device`);
    await op.approveDevice(code, 'vr.tech');
    const exitCode = await new Promise<number | null>((resolve) =>
      child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve),
    );
    expect(exitCode, stderr).toBe(0);
    expect(stderr).toContain('connecté à');
    const status = JSON.parse((await guichet(['status', '--json'])).stdout);
    expect(status.me).toMatchObject({ email: 'vr.tech@insa-rennes.fr' });
    expect((await guichet(['tickets', 'list', '--mine'])).code).toBe(0);
  });

  it('a server with no device client says to use --with-token', async () => {
    const { url, guichet } = await given();
    const r = await guichet(['login', '--url', url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--with-token');
  });
});

describe('guichet: tickets', () => {
  it('works the VR room example from the terminal: create, approve, assign, pend, resume, resolve, close', async () => {
    const { g, guichet, login } = await given();
    await login('prof@insa-rennes.fr');
    const created = await guichet(
      [
        'tickets',
        'create',
        '--title',
        'Réserver le cube VR pour un TP',
        '--description',
        '-',
        '--service',
        'vr-room',
        '--json',
      ],
      { stdin: 'TP de mécanique des fluides, 12 étudiants, semaine 50\n' },
    );
    expect(created.code, created.stderr).toBe(0);
    const ticket = JSON.parse(created.stdout);
    expect(ticket).toMatchObject({
      status: 'pending_approval',
      description: 'TP de mécanique des fluides, 12 étudiants, semaine 50',
    });
    const ref: string = ticket.reference;

    await login('vr.manager@insa-rennes.fr');
    expect((await guichet(['tickets', 'approve', ref, '--comment', 'OK pour la semaine 50'])).code).toBe(0);
    const listed = await guichet(['tickets', 'list', '--csv']);
    expect(listed.stdout.split('\n')[0]).toBe('REF,STATUS,PRIORITY,SERVICE,AGENT,UPDATED,TITLE');
    expect(listed.stdout).toContain(ref);

    await login('vr.tech@insa-rennes.fr');
    const mine = JSON.parse((await guichet(['tickets', 'list', '--mine', '--json'])).stdout);
    expect(mine.items.map((t: { reference: string }) => t.reference)).toContain(ref);
    const shown = await guichet(['tickets', 'show', ref]);
    expect(shown.stdout).toMatch(/^Ticket\s+GU-\d{4}-\d{6}\s+Réserver le cube VR pour un TP$/m);
    expect(shown.stdout).toMatch(/^Actions\s+.*\bpend\b/m);

    const pended = await guichet([
      'tickets',
      'pend',
      ref,
      '--until',
      '2030-01-15',
      '--reason',
      'Créneau réservé',
      '--json',
    ]);
    expect(pended.code, pended.stderr).toBe(0);
    expect(JSON.parse(pended.stdout)).toMatchObject({ status: 'pending', pendingReason: 'Créneau réservé' });
    expect((await guichet(['tickets', 'resume', ref])).code).toBe(0);
    expect(
      (await guichet(['tickets', 'comment', ref, '--internal', '--body', 'Casque 2 à recharger'])).code,
    ).toBe(0);

    // A stale version is refused and changes nothing.
    const stale = await guichet([
      'tickets',
      'resolve',
      ref,
      '--service',
      'vr-room',
      '--solution',
      'Fait',
      '--if-match',
      '1',
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    const resolved = await guichet([
      'tickets',
      'resolve',
      ref,
      '--service',
      'vr-room',
      '--solution',
      'Créneau confirmé',
      '--json',
    ]);
    expect(JSON.parse(resolved.stdout)).toMatchObject({ status: 'resolved', solution: 'Créneau confirmé' });

    await login('prof@insa-rennes.fr');
    const timeline = await guichet(['tickets', 'timeline', ref, '--json']);
    const types = JSON.parse(timeline.stdout).events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['created', 'approval_granted', 'assigned', 'pended', 'resumed', 'resolved']),
    );
    expect(types).not.toContain('internal_note');
    // For people: sentences with names and codes in local time, statuses and priorities in words.
    const history = await guichet(['tickets', 'timeline', ref]);
    expect(history.stdout).toMatch(/^QUAND\s+QUI\s+QUOI$/m);
    expect(history.stdout).toMatch(
      /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\s+Guichet \(automatique\)\s+a assigné le ticket à l’équipe vr-room, technicien Technicienne cube VR <vr\.tech@insa-rennes\.fr>/m,
    );
    expect(history.stdout).toMatch(
      /a mis le ticket en attente jusqu’au 15\/01\/2030 08:00 : « Créneau réservé »/,
    );
    expect(history.stdout).toMatch(/a résolu le ticket \(service vr-room\) : « Créneau confirmé »/);
    expect(history.stdout).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|changes=|\{"/);
    const english = await guichet(['tickets', 'timeline', ref], { env: { GUICHET_LANG: 'en' } });
    expect(english.stdout).toMatch(/put the ticket on hold until 2030-01-15 08:00: "Créneau réservé"/);
    const view = await guichet(['tickets', 'show', ref]);
    expect(view.stdout).toMatch(/^Statut\s+résolu$/m);
    expect(view.stdout).toMatch(/^Priorité\s+moyenne \(impact moyen, urgence moyenne\)$/m);
    expect(view.stdout).toMatch(/^Demandeur\s+Claire Martin <prof@insa-rennes\.fr>$/m);
    expect(view.stdout).toMatch(/^Historique :$/m);
    const viewEn = await guichet(['tickets', 'show', ref], { env: { GUICHET_LANG: 'en' } });
    expect(viewEn.stdout).toMatch(/^Status\s+resolved$/m);
    expect(viewEn.stdout).toMatch(/^Priority\s+medium \(impact medium, urgency medium\)$/m);
    // The requester may not close (moderators do, or the system after the delay): refused, one line.
    const refused = await guichet(['tickets', 'close', ref]);
    expect(refused.code).toBe(1);
    await login('vr.manager@insa-rennes.fr');
    expect((await guichet(['tickets', 'close', ref, '--comment', 'Merci'])).code).toBe(0);
    const admin = await g.catalogue.findActivePerson('admin@groupe-insa.fr');
    expect((await g.tickets.get(admin!, ref)).status).toBe('closed');
  });

  it('errors are one line on stderr with a non-zero exit; tables are plain text when not on a terminal', async () => {
    const { guichet, login } = await given();
    await login('prof@insa-rennes.fr');
    const missing = await guichet(['tickets', 'show', 'GU-2026-999999']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const badFlag = await guichet(['tickets', 'create', '--title', 'x']);
    expect(badFlag.code).not.toBe(0);
    expect(badFlag.stderr).toContain('description');
    expect(badFlag.stderr.trim().split('\n')).toHaveLength(1);
    const invalid = await guichet([
      'tickets',
      'create',
      '--title',
      'x',
      '--description',
      'y',
      '--service',
      'nope',
    ]);
    expect(invalid).toMatchObject({ code: 1, stdout: '' });
    expect(invalid.stderr).toContain('« service » : valeur inconnue « nope »');

    await guichet([
      'tickets',
      'create',
      '--title',
      'Quiz bloqué',
      '--description',
      'Le quiz ne s’ouvre pas',
      '--service',
      'moodle',
    ]);
    const table = await guichet(['tickets', 'list']);
    expect(table.stdout).toMatch(/^RÉF\s+STATUT\s+PRIORITÉ\s+SERVICE\s+TECHNICIEN\s+MODIFIÉ\s+TITRE$/m);
    const english = await guichet(['tickets', 'list'], { env: { GUICHET_LANG: 'en' } });
    expect(english.stdout).toMatch(/^REF\s+STATUS\s+PRIORITY\s+SERVICE\s+AGENT\s+UPDATED\s+TITLE$/m);
    // CSV headings stay English whatever the language: scripts read them.
    expect((await guichet(['tickets', 'list', '--csv'])).stdout.split('\n')[0]).toBe(
      'REF,STATUS,PRIORITY,SERVICE,AGENT,UPDATED,TITLE',
    );
    expect(table.stdout).not.toContain(`${String.fromCharCode(27)}[`);
  });
});

describe('guichet: editing, my requests, tokens', () => {
  it('tickets edit changes fields (If-Match checked), --opened-by-me beside --mine, tokens list and revoke', async () => {
    const { guichet, login, token, url } = await given();
    await login('prof@insa-rennes.fr');
    const created = await guichet([
      'tickets',
      'create',
      '--title',
      'Quiz bloqué',
      '--description',
      'Le quiz ne s’ouvre pas',
      '--service',
      'moodle',
      '--json',
    ]);
    const ref: string = JSON.parse(created.stdout).reference;
    // The requester corrects the title of a ticket not yet assigned.
    const edited = await guichet(['tickets', 'edit', ref, '--title', 'Quiz du cours 3 bloqué', '--json']);
    expect(edited.code, edited.stderr).toBe(0);
    expect(JSON.parse(edited.stdout)).toMatchObject({ title: 'Quiz du cours 3 bloqué' });
    const version: number = JSON.parse(edited.stdout).version;
    const stale = await guichet(['tickets', 'edit', ref, '--title', 'x', '--if-match', String(version - 1)]);
    expect(stale.code).toBe(1);
    expect(stale.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect((await guichet(['tickets', 'edit', ref])).code).toBe(3);

    const opened = JSON.parse((await guichet(['tickets', 'list', '--opened-by-me', '--json'])).stdout);
    expect(opened.items.map((t: { reference: string }) => t.reference)).toEqual([ref]);
    const assigned = JSON.parse((await guichet(['tickets', 'list', '--mine', '--json'])).stdout);
    expect(assigned.items).toEqual([]);
    const help = await guichet(['tickets', 'list', '--help']);
    expect(help.stdout).toMatch(/--mine\s+Open tickets assigned to you/);
    expect(help.stdout).toMatch(/--opened-by-me\s+Tickets you opened, as requester/);

    // Staff edit every field.
    const admin = { GUICHET_URL: url, GUICHET_TOKEN: await token('admin@groupe-insa.fr') };
    const qualified = await guichet(
      ['tickets', 'edit', ref, '--type', 'incident', '--impact', 'high', '--json'],
      {
        env: admin,
      },
    );
    expect(JSON.parse(qualified.stdout)).toMatchObject({
      type: 'incident',
      impact: 'high',
      priority: 'high',
    });

    const tokens = await guichet(['tokens', 'list', '--json']);
    expect(tokens.code, tokens.stderr).toBe(0);
    const mine = JSON.parse(tokens.stdout).tokens as {
      id: string;
      prefix: string;
      revokedAt: string | null;
    }[];
    expect(mine).toHaveLength(1);
    const table = await guichet(['tokens', 'list']);
    expect(table.stdout).toMatch(/^ID\s+PRÉFIXE\s+NOM\s+DROITS/m);
    const revoked = await guichet(['tokens', 'revoke', mine[0]!.prefix]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stderr).toBe(`jeton ${mine[0]!.prefix}… révoqué\n`);
    // The stored token was that one: the next call is refused (exit 4).
    expect((await guichet(['tickets', 'list'])).code).toBe(4);
  });
});

describe('guichet: exit codes', () => {
  it('a wrong command line exits 3 (never 2, the "plan differs" code) with one line in the person’s language', async () => {
    const { guichet } = await given({ demo: false });
    const cases: [string[], RegExp, RegExp][] = [
      [
        ['tikets', 'list'],
        /^guichet: commande inconnue : « tikets list » ; vouliez-vous dire « guichet tickets list » \?$/,
        /^guichet: unknown command: "tikets list"; did you mean "guichet tickets list"\?$/,
      ],
      [['nothing-like-it'], /^guichet: commande inconnue : « nothing-like-it »/, /^guichet: unknown command/],
      [
        ['tickets', 'resolve', 'GU-2026-000001', '--service', 'vr-room'],
        /^guichet: option --solution manquante \(obligatoire\) \(voir « guichet tickets resolve --help »\)$/,
        /^guichet: missing required option --solution \(see "guichet tickets resolve --help"\)$/,
      ],
      [
        ['tickets', 'list', '--nope'],
        /^guichet: option inconnue : --nope/,
        /^guichet: unknown option: --nope/,
      ],
      [
        ['tickets', 'create', '--title', 'x', '--description', 'y', '--type', 'bug'],
        /^guichet: --type : valeur « bug » non valide, choisissez parmi : incident, request, problem/,
        /^guichet: --type: invalid value "bug", choose one of: incident, request, problem/,
      ],
      [['tickets', 'show'], /^guichet: argument <ref> manquant/, /^guichet: missing required argument <ref>/],
      [
        ['tickets', 'list', '--limit', 'beaucoup'],
        /^guichet: --limit : nombre entier attendu, pas « beaucoup »/,
        /^guichet: --limit: expected a whole number, not "beaucoup"/,
      ],
      [
        ['tickets', 'list', '--created-from', '12/31/2026'],
        /^guichet: --created-from : « 12\/31\/2026 » n’est pas une date lisible/,
        /^guichet: --created-from: "12\/31\/2026" is not a readable date/,
      ],
      [['nothing-like-it', '--help'], /^guichet: commande inconnue/, /^guichet: unknown command/],
    ];
    for (const [args, french, english] of cases) {
      const fr = await guichet(args);
      expect(fr.code, `${args.join(' ')}: ${fr.stderr}`).toBe(3);
      expect(fr.stdout).toBe('');
      expect(fr.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(fr.stderr.trimEnd()).toMatch(french);
      const en = await guichet(args, { env: { GUICHET_LANG: 'en' } });
      expect(en.code).toBe(3);
      expect(en.stderr.trimEnd()).toMatch(english);
    }
    // A well-formed command that the date reading accepts gets past the command line (here: not signed in).
    expect((await guichet(['tickets', 'list', '--created-from', '31/12/2026 14:30'])).code).toBe(4);
  });

  it('guichet --help lists the exit codes and a description per topic, in French or English', async () => {
    const { guichet } = await given({ demo: false });
    const help = await guichet(['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^ {2}tickets +Tickets : lister, voir, ouvrir, modifier/m);
    expect(help.stdout).not.toMatch(/^ {2}tickets +Approve/m);
    expect(help.stdout).toMatch(/CODES DE SORTIE\n {2}0 +succès\n {2}1 +erreur/);
    expect(help.stdout).toMatch(/^ {2}3 +ligne de commande incorrecte/m);
    expect(help.stdout).toMatch(/^ {2}130 +interrompu \(Ctrl-C\)/m);
    const english = await guichet(['--help'], { env: { GUICHET_LANG: 'en' } });
    expect(english.stdout).toMatch(/^ {2}tokens +API tokens: create, list, revoke/m);
    expect(english.stdout).toMatch(/EXIT CODES\n {2}0 +success/);
    expect(english.stdout).toMatch(/^ {2}4 +not signed in, or the token is refused/m);
  });

  it('a reader that closes the pipe early (guichet --help | head -1) ends guichet quietly with 0', async () => {
    const { env } = await given({ demo: false });
    // The pipe is closed before guichet writes anything: every write meets EPIPE.
    const child = spawn(process.execPath, [BIN, '--help'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    // And as a shell runs it, with the status of guichet itself (pipefail).
    const shell = await new Promise<Run>((resolve) =>
      execFile(
        'bash',
        ['-c', 'set -o pipefail; "$0" "$1" --help | head -1', process.execPath, BIN],
        { env: env() },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(shell).toEqual({
      code: 0,
      stdout: 'The guichet command line and terminal UI: tickets, catalogue as code, local administration\n',
      stderr: '',
    });
  });

  it('Ctrl-C while a command waits (here for a sign-in) exits 130', async () => {
    const op = await startOidcProvider({}, 'urn:guichet', { deviceClients: ['guichet-cli'] });
    cleanups.push(() => op.stop());
    const { url, env } = await given({
      demo: false,
      app: { oidcIssuers: [{ issuer: op.issuer, audience: op.audience, cliClientId: 'guichet-cli' }] },
    });
    const child = spawn(process.execPath, [BIN, 'login', '--url', url], { env: env() });
    child.stdin.end();
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/saisissez le code/.test(stderr)) resolve();
      });
      child.once('exit', () => reject(new Error(`login ended before showing a code: ${stderr}`)));
    });
    child.kill('SIGINT');
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.once('exit', (c, s) => resolve([c, s])),
    );
    expect({ code, signal }).toEqual({ code: 130, signal: null });
  });
});

describe('guichet: catalogue as code', () => {
  it('seeds an empty server from examples/catalogue.yaml, re-applies with no change, gates CI with --dry-run', async () => {
    const { g, url, guichet, token } = await given({ demo: false });
    // Bootstrap on the server machine: the first administrator (functional and technical, since the
    // file names the technical admin) and an administrative token.
    await g.catalogue.upsertPerson({ email: 'admin@groupe-insa.fr', displayName: 'Administration Guichet' });
    await g.catalogue.grantProfile({ person: 'admin@groupe-insa.fr', profile: 'functional_admin' });
    await g.catalogue.grantProfile({ person: 'admin@groupe-insa.fr', profile: 'technical_admin' });
    const env = {
      GUICHET_URL: url,
      GUICHET_TOKEN: await token('admin@groupe-insa.fr', ['read', 'write', 'admin']),
    };

    const plan = await guichet(['catalog', 'apply', '-f', EXAMPLE, '--dry-run'], { env });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('+ create services vr-room');
    expect((await g.catalogue.listServices()).length).toBe(0);

    const applied = await guichet(['catalog', 'apply', '-f', EXAMPLE, '--json'], { env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout).changes.length).toBeGreaterThan(20);
    expect((await g.catalogue.describeService('vr-room')).approvalPolicy).toBe('required');

    const again = await guichet(['catalog', 'apply', '-f', EXAMPLE], { env });
    expect(again).toMatchObject({ code: 0, stdout: '' });
    expect(again.stderr).toContain('aucun changement');
    expect((await guichet(['catalog', 'apply', '-f', EXAMPLE, '--dry-run'], { env })).code).toBe(0);

    // export → apply is a no-op
    const exported = await guichet(['catalog', 'export'], { env });
    const dir = await mkdtemp(join(tmpdir(), 'guichet-cat-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'export.yaml'), exported.stdout);
    expect(
      (await guichet(['catalog', 'apply', '-f', join(dir, 'export.yaml'), '--dry-run', '--prune'], { env }))
        .code,
    ).toBe(0);

    // A change is shown field by field, and a bad file names file, line and field.
    const changed = exported.stdout.replace('name: Plateforme vidéo', 'name: Vidéo du groupe');
    await writeFile(join(dir, 'changed.yaml'), changed);
    const diff = await guichet(['catalog', 'apply', '-f', join(dir, 'changed.yaml'), '--dry-run'], { env });
    expect(diff.code).toBe(2);
    expect(diff.stdout).toContain('~ update services video\n    name: Plateforme vidéo → Vidéo du groupe');
    const broken = changed.split('\n');
    const line = broken.findIndex((l) => l.includes('defaultTeam: portal')) + 1;
    broken[line - 1] = broken[line - 1]!.replace('defaultTeam: portal', 'defaultTeam: portail');
    await writeFile(join(dir, 'broken.yaml'), broken.join('\n'));
    const bad = await guichet(['catalog', 'apply', '-f', join(dir, 'broken.yaml')], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      new RegExp(
        `broken\\.yaml:${line}:\\d+ : « services\\.\\d+\\.defaultTeam » : valeur inconnue « portail »`,
      ),
    );
    expect((await g.catalogue.describeService('video')).name).toBe('Plateforme vidéo');
  });
});

describe('guichet: catalogue errors', () => {
  it('catalog apply --dry-run lists every error of the file at once, each at file:line:column', async () => {
    const { g, url, guichet, token } = await given({ demo: false });
    await g.catalogue.upsertPerson({ email: 'admin@groupe-insa.fr', displayName: 'Administration Guichet' });
    await g.catalogue.grantProfile({ person: 'admin@groupe-insa.fr', profile: 'functional_admin' });
    const env = { GUICHET_URL: url, GUICHET_TOKEN: await token('admin@groupe-insa.fr') };
    const dir = await mkdtemp(join(tmpdir(), 'guichet-cat-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const lines = (await readFile(EXAMPLE, 'utf8')).split('\n');
    // Two values the plan checks (the server validates the whole document before planning).
    const broken = [
      lines.findIndex((l) => l.includes('approvalPolicy: required')),
      lines.findLastIndex((l) => l.includes('approvalPolicy: none')),
    ];
    lines[broken[0]!] = lines[broken[0]!]!.replace('required', 'obligatoire');
    lines[broken[1]!] = lines[broken[1]!]!.replace('none', 'aucune');
    const file = join(dir, 'two-errors.yaml');
    await writeFile(file, lines.join('\n'));

    const plan = await guichet(['catalog', 'apply', '-f', file, '--dry-run'], { env });
    expect(plan.code, plan.stderr).toBe(1);
    const said = plan.stderr.trimEnd().split('\n');
    expect(said[0]).toBe(`guichet: ${file} : 2 erreur(s), rien n’a été modifié`);
    const at = (index: number) =>
      expect.stringMatching(
        new RegExp(`^${file}:${index + 1}:21 : « services\\.\\d+\\.approvalPolicy » est invalide`),
      );
    expect(said.slice(1)).toEqual([...broken].sort((a, b) => a - b).map(at));

    // A file that is not YAML: every syntax error at once, before anything is sent.
    await writeFile(
      join(dir, 'syntax.yaml'),
      'teams:\n  - code: a\n    code: b\nservices:\n  - code: c\n    name: d\n    name: e\n',
    );
    const syntax = await guichet(['catalog', 'apply', '-f', join(dir, 'syntax.yaml'), '--dry-run'], { env });
    expect(syntax.code).toBe(1);
    expect(syntax.stderr.trimEnd().split('\n').slice(1)).toEqual([
      `${join(dir, 'syntax.yaml')}:3:5 : Map keys must be unique`,
      `${join(dir, 'syntax.yaml')}:7:5 : Map keys must be unique`,
    ]);
  });
});

describe('guichet: local administration', () => {
  it('db status, db migrate, tokens create --local, db backup and restore work straight on the database', async () => {
    const { g, url, guichet } = await given();
    const status = await guichet(['db', 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ pending: [] });
    expect((await guichet(['db', 'migrate'])).stdout).toContain('La base est à jour.');
    const made = await guichet([
      'tokens',
      'create',
      '--local',
      '--person',
      'vr.tech@insa-rennes.fr',
      '--scopes',
      'read',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const tokenValue = made.stdout.trim();
    expect(tokenValue).toMatch(/^gch_/);
    const me = await fetch(`${url}/v1/me`, { headers: { Authorization: `Bearer ${tokenValue}` } });
    expect(((await me.json()) as { email: string }).email).toBe('vr.tech@insa-rennes.fr');
    const unknown = await guichet(['tokens', 'create', '--local', '--person', 'personne@insa-lyon.fr']);
    expect(unknown.code).toBe(1);

    // backup → restore into another database → the same answers
    const dir = await mkdtemp(join(tmpdir(), 'guichet-backup-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'guichet.backup');
    const saved = await guichet(['db', 'backup', file, '--json']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(JSON.parse(saved.stdout).tables).toMatchObject({ establishment: 8 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const other = await createTestGuichet();
    cleanups.push(() => other.dispose());
    const restored = await guichet(['db', 'restore', file], { env: { DATABASE_URL: other.databaseUrl } });
    expect(restored.code, restored.stderr).toBe(0);
    expect(await other.catalogue.exportDocument()).toEqual(await g.catalogue.exportDocument());
    const again = await guichet(['db', 'restore', file], { env: { DATABASE_URL: other.databaseUrl } });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
  });

  it('every command has help and --json', async () => {
    const { guichet } = await given();
    const help = await guichet(['--help']);
    expect(help.stdout).toContain('tickets');
    const version = await guichet(['--version']);
    expect(version.stdout).toMatch(/^@guichet\/cli\/0\.1\.0 /);
    const { COMMANDS } = await import('./commands.ts');
    for (const [id, command] of Object.entries(COMMANDS)) {
      const flags = {
        ...(command as { baseFlags?: object }).baseFlags,
        ...(command as { flags?: object }).flags,
      };
      if (id !== 'server:start' && id !== 'tui')
        expect(
          Object.keys(flags).concat((command as { enableJsonFlag?: boolean }).enableJsonFlag ? ['json'] : []),
          id,
        ).toContain('json');
    }
  });
});
