/**
 * `guichet tui` in a real terminal (80×24) against a running API server: the VR room example of
 * MISSION.md from approval to closure, then its knowledge-base article written from the
 * resolution, each person in their own terminal UI, checked through the API. The terminal is a pseudo-terminal (@lydell/node-pty, prebuilt) read by a headless xterm.js
 * (@xterm/headless): what a person would see, with nothing to install beyond npm (this test drove
 * tmux before).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp } from '@guichet/api';
import { createGuichetClient } from '@guichet/api/client';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import { type IPty, spawn } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { afterAll, beforeAll, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../packages/cli/bin/run.js', import.meta.url));
const COLS = 80;
const ROWS = 24;
let g: TestGuichet;
let server: Server;
let url: string;
let terminal: { pty: IPty; screen: xterm.Terminal } | null = null;

/** The visible screen, one line per row, without trailing blanks (like `tmux capture-pane -p`). */
function screen(): string {
  if (!terminal) return '';
  const buffer = terminal.screen.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < ROWS; y++)
    rows.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
  return rows.join('\n');
}

/** Stops the terminal UI on screen, as closing its window would (SIGHUP). */
function closeTerminal() {
  if (!terminal) return;
  terminal.pty.kill();
  terminal.screen.dispose();
  terminal = null;
}

async function sees(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen();
    if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`screen never showed ${text}:\n${shown}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Generous waits: with the whole suite running on two cores, starting a TUI (Node, oclif, Ink and
// seven requests) can take several seconds; the test measures behaviour, not speed (see bench/cli).

/** What a terminal sends for a named key (cursor keys depend on the mode the program asked for). */
function keySequence(key: string): string {
  const cursor = terminal?.screen.modes.applicationCursorKeysMode ? '\x1bO' : '\x1b[';
  const named: Record<string, string> = {
    Enter: '\r',
    Escape: '\x1b',
    Tab: '\t',
    Up: `${cursor}A`,
    Down: `${cursor}B`,
    Right: `${cursor}C`,
    Left: `${cursor}D`,
  };
  return named[key] ?? key;
}

/** Keys one by one, as typed (names: Enter, Down, Escape…; other strings are typed as they are). */
async function press(...keys: string[]) {
  await new Promise((r) => setTimeout(r, 300));
  for (const key of keys) {
    terminal?.pty.write(keySequence(key));
    await new Promise((r) => setTimeout(r, 120));
  }
}

/** Several keys in one write, so they reach the terminal UI in one read (a fast typist, a script). */
async function pressAtOnce(...keys: string[]) {
  await new Promise((r) => setTimeout(r, 300));
  terminal?.pty.write(keys.map(keySequence).join(''));
}

const fits80 = () => {
  for (const line of screen().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
};

async function openTui(person: string) {
  const token = (await g.tokens.create({ person, name: 'tui', scopes: ['read', 'write'] }, 'local')).token;
  closeTerminal();
  const pty = spawn(process.execPath, [BIN, 'tui'], {
    name: 'xterm-256color',
    cols: COLS,
    rows: ROWS,
    env: {
      ...process.env,
      GUICHET_URL: url,
      GUICHET_TOKEN: token,
      GUICHET_CONFIG_DIR: '/nonexistent',
      LANG: 'fr_FR.UTF-8',
      TERM: 'xterm-256color',
    },
  });
  const shown = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  pty.onData((data: string) => shown.write(data));
  // The terminal's own answers (cursor position, device attributes) go back to the program.
  shown.onData((data) => pty.write(data));
  terminal = { pty, screen: shown };
  await sees(/1 Mes tickets \(\d+\)/);
}

beforeAll(async () => {
  g = await createTestGuichet();
  await givenDemoCatalogue(g);
  await g.catalogue.upsertPerson({ email: 'prof@insa-rennes.fr', displayName: 'Claire Martin' });
  server = serve({ fetch: createApp(g).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  closeTerminal();
  await new Promise<void>((ok) => server.close(() => ok()));
  await g.dispose();
});

it('the VR room example in the terminal UI: approve, live queue, resolve, close — checked through the API', async () => {
  // A teacher asks for the VR room through the API (the portal would).
  const prof = (
    await g.tokens.create({ person: 'prof@insa-rennes.fr', name: 'p', scopes: ['read', 'write'] }, 'local')
  ).token;
  const api = createGuichetClient({ baseUrl: url, token: prof });
  const { data: ticket } = await api.POST('/v1/tickets', {
    body: { title: 'Réserver le cube VR', description: 'TP de mécanique, 12 étudiants', service: 'vr-room' },
  });
  const ref = ticket!.reference;

  // The VR manager approves it from the "to approve" queue.
  await openTui('vr.manager@insa-rennes.fr');
  await press('4');
  await sees(ref);
  fits80();
  await press('Enter');
  await sees('Actions possibles: Approuver');
  await press('a');
  await sees('❯ Approuver');
  await press('Enter');
  await sees('Commentaire (facultatif)');
  await press('OK pour la semaine 50', 'Enter');
  await sees('Fait : Approuver');
  fits80();

  // The technician finds it in their queue (routing assigned it), and resolves it.
  await openTui('vr.tech@insa-rennes.fr');
  await sees(ref);
  await press('Enter');
  await sees(/Technicienne cube VR \(vr-room\)/);
  fits80();
  await press('a');
  await sees('❯ Réassigner');
  // Three arrows in one write: all three are taken.
  await pressAtOnce('Down', 'Down', 'Down');
  await sees('❯ Résoudre');
  await press('Enter');
  await sees(/❯ .*\(vr-room\)/);
  await press('Enter');
  await sees('Solution :');
  await press('Créneau réservé semaine 50, casques chargés', 'Enter');
  await sees('Fait : Résoudre');
  await press('Escape');
  await sees(/6 Résolus \(1\)/);
  await sees(/1 Mes tickets \(1\)/);
  // Live: another request is approved elsewhere and routed to the technician; their counts change
  // with no key pressed (the TUI follows /v1/events).
  const { data: second } = await api.POST('/v1/tickets', {
    body: { title: 'Casque 3 en panne', description: 'Il ne charge plus', service: 'vr-room' },
  });
  const manager = await g.catalogue.findActivePerson('vr.manager@insa-rennes.fr');
  await g.tickets.act(manager!, second!.reference, { action: 'approve' });
  await sees(/1 Mes tickets \(2\)/);
  await sees(second!.reference);

  // The manager (moderator of the VR room) closes it.
  await openTui('vr.manager@insa-rennes.fr');
  await press('6');
  await sees(ref);
  await press('Enter');
  await sees('Actions possibles:');
  await press('a');
  await sees('Clore');
  for (let i = 0; i < 6 && !/❯ Clore/.test(screen()); i++) await press('Down');
  await sees('❯ Clore');
  // Enter on the menu and Enter on the form's only field, sent together.
  await pressAtOnce('Enter', 'Enter');
  await sees('Fait : Clore');

  const { data: after } = await api.GET('/v1/tickets/{reference}', { params: { path: { reference: ref } } });
  expect(after).toMatchObject({ status: 'closed', solution: 'Créneau réservé semaine 50, casques chargés' });
  const { data: timeline } = await api.GET('/v1/tickets/{reference}/timeline', {
    params: { path: { reference: ref } },
  });
  expect(timeline!.map((e) => e.type)).toEqual(
    expect.arrayContaining(['created', 'approval_granted', 'assigned', 'resolved', 'closed']),
  );

  // The manager writes the knowledge-base article from the resolution, in 80 columns too.
  await press('a');
  await sees('❯ ');
  for (let i = 0; i < 6 && !/❯ Écrire un article/.test(screen()); i++) await press('Down');
  await press('Enter');
  await sees('> Réserver le cube VR');
  fits80();
  // Ctrl-U clears the title; the summary and tags are left empty.
  await press('\u0015', 'Réserver le cube VR pour un TP', 'Enter', 'Enter', 'Enter');
  const drafted = await sees(/Brouillon (KB-\d{6}) écrit depuis/);
  fits80();
  const article = /Brouillon (KB-\d{6})/.exec(drafted)![1]!;
  // Its suggestions, then the knowledge base, where the draft is found and read.
  await press('Escape');
  await sees('Actions possibles:');
  await press('s');
  await sees(`Suggestions pour ${ref}`);
  await sees('— Tickets similaires résolus');
  fits80();
  await press('Escape');
  await sees('Actions possibles:');
  await press('b');
  await sees('Chercher dans la base');
  await press('casques chargés', 'Enter');
  await sees(new RegExp(`> ${article} +Réserver le cube VR pour un TP`));
  fits80();
  await press('Enter');
  await sees(`Article       ${article}  Réserver le cube VR pour un TP`);
  fits80();
  const { data: linked } = await api.GET('/v1/tickets/{reference}/articles', {
    params: { path: { reference: ref } },
  });
  // The requester sees no draft linked to their ticket; staff do (checked in the UI above).
  expect(linked).toEqual([]);
}, 240_000);
