/**
 * The terminal UI's components (ink-testing-library) over the real API, in-process, on a real
 * PostgreSQL: what the technician sees and what their keys do.
 */
import { createApp } from '@guichet/api';
import { createGuichetClient } from '@guichet/api/client';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { render } from 'ink-testing-library';
import { createElement as h } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './app.ts';
import { TuiData } from './data.ts';

let guichet: TestGuichet | null = null;
let unmount: (() => void) | null = null;
afterEach(async () => {
  unmount?.();
  unmount = null;
  await guichet?.dispose();
  guichet = null;
});

async function given() {
  guichet = await createTestGuichet();
  const g = guichet;
  const staff = await givenDemoCatalogue(g);
  const manager = await staff('vr.manager@insa-rennes.fr');
  const tech = await staff('vr.tech@insa-rennes.fr');
  const requester = await g.catalogue.upsertPerson({
    email: 'prof@insa-rennes.fr',
    displayName: 'Claire Martin',
  });
  const created = await g.tickets.create(
    { personId: requester.id },
    { title: 'Casque VR en panne', description: 'Le casque 2 ne s’allume plus', service: 'vr-room' },
  );
  await g.tickets.act(manager, created.reference, { action: 'approve' });
  await g.tickets.act(tech, created.reference, { action: 'note', body: 'Batterie à vérifier' });
  const app = createApp(g);
  const token = (
    await g.tokens.create({ person: 'vr.tech@insa-rennes.fr', name: 't', scopes: ['read', 'write'] }, 'local')
  ).token;
  const api = createGuichetClient({
    baseUrl: 'http://guichet.test',
    token,
    fetch: (r) => Promise.resolve(app.fetch(r)),
  });
  const ui = render(h(App, { data: new TuiData(api) }));
  unmount = ui.unmount;
  const frame = () => ui.lastFrame() ?? '';
  /** Waits (up to 15 s, the suite may be busy) for the screen to show the text. */
  const sees = async (text: string | RegExp) => {
    const shown = () => (typeof text === 'string' ? frame().includes(text) : text.test(frame()));
    for (let i = 0; i < 300 && !shown(); i++) await new Promise((r) => setTimeout(r, 50));
    if (typeof text === 'string') expect(frame()).toContain(text);
    else expect(frame()).toMatch(text);
  };
  /** One key at a time, as a person types (Ink reads each chunk as one key press). */
  const press = async (...keys: string[]) => {
    // A screen listens for keys once React has run its effects, a moment after it is drawn.
    await new Promise((r) => setTimeout(r, 150));
    for (const k of keys) {
      ui.stdin.write(k);
      await new Promise((r) => setTimeout(r, 30));
    }
  };
  return { g, ref: created.reference, manager, tech, frame, sees, press };
}

const ENTER = '\r';
const DOWN = '\u001B[B';
const ESC = '\u001B';

describe('terminal UI', () => {
  it('shows the queues with counts, opens a ticket with its timeline, internal notes marked', async () => {
    const { ref, sees, press, frame } = await given();
    await sees(/1 Mes tickets \(1\)/);
    await sees(ref);
    expect(frame()).toMatch(/^> GU-/m);
    await press(ENTER);
    await sees('Casque VR en panne');
    await sees('[INTERNE]');
    expect(frame()).toContain('Claire Martin <prof@insa-rennes.fr>');
    expect(frame()).toMatch(/Actions possibles: .*Mettre en attente/);
    await press('?');
    await sees('Aide');
    await press('x', 'q');
    await sees(/1 Mes tickets/);
    // every line fits the terminal (ink-testing-library's is 100 columns; tests/e2e checks 80×24)
    for (const line of frame().split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it('puts a ticket on hold from the action menu with a date and a reason', async () => {
    const { g, ref, tech, sees, press } = await given();
    await sees(ref);
    await press(ENTER);
    await sees('Actions possibles');
    await press('a');
    await sees('❯ Réaffecter');
    await press(DOWN);
    await sees('❯ Mettre en attente');
    await press(ENTER);
    await sees('Jusqu’au');
    await press(...'2030-01-15', ENTER);
    await sees('Motif :');
    await press(...'Créneau de test réservé', ENTER);
    await sees('Fait : Mettre en attente');
    const ticket = await g.tickets.get(tech, ref);
    expect(ticket).toMatchObject({ status: 'pending', pendingReason: 'Créneau de test réservé' });
    expect(ticket.pendingUntil?.startsWith('2030-01-15')).toBe(true);
  });

  it('a stale edit tells the technician, reloads the ticket and keeps what they typed', async () => {
    const { g, ref, tech, sees, press, frame } = await given();
    await sees(ref);
    await press(ENTER);
    await sees('Actions possibles');
    await press('a');
    await sees('❯ Réaffecter');
    for (let i = 0; i < 5; i++) await press(DOWN);
    await sees('❯ Note interne');
    await press(ENTER);
    await sees('Message :');
    await press(...'Casque remplacé');
    // Meanwhile someone else changes the ticket.
    await g.tickets.act(tech, ref, { action: 'reply', body: 'Nous regardons' });
    await press(ENTER);
    // Comments are not version-checked: the note lands, nothing is lost either way.
    await sees('Fait : Note interne');

    await press('a');
    await sees('❯ Réaffecter');
    for (let i = 0; i < 3; i++) await press(DOWN);
    await sees('❯ Résoudre');
    await press(ENTER);
    await sees(/❯ .*\(vr-room\)/);
    await press(ENTER);
    await sees('Solution :');
    await press(...'Casque 2 remplacé');
    await g.tickets.act(tech, ref, { action: 'reply', body: 'Encore un instant' });
    await press(ENTER);
    await sees('Le ticket a changé entre-temps');
    expect(frame()).toContain('Casque 2 remplacé');
    expect((await g.tickets.get(tech, ref)).status).toBe('assigned');
    await press(ENTER);
    await sees('Fait : Résoudre');
    expect((await g.tickets.get(tech, ref)).status).toBe('resolved');
    await press(ESC);
  });
});
