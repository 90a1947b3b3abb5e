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

interface Options {
  /** Whose terminal UI it is. */
  person?: string;
  /** More data before the UI starts. */
  setup?: (g: TestGuichet, staff: (email: string) => Promise<{ personId: string }>) => Promise<void>;
}

async function given(options: Options = {}) {
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
  await options.setup?.(g, staff);
  const app = createApp(g);
  const person = options.person ?? 'vr.tech@insa-rennes.fr';
  await staff(person);
  const token = (await g.tokens.create({ person, name: 't', scopes: ['read', 'write'] }, 'local')).token;
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
  /** One key per write, a moment apart, as a person types. */
  const press = async (...keys: string[]) => {
    // A screen listens for keys once React has run its effects, a moment after it is drawn.
    await new Promise((r) => setTimeout(r, 150));
    for (const k of keys) {
      ui.stdin.write(k);
      await new Promise((r) => setTimeout(r, 30));
    }
  };
  /** Several keys in one write, as a fast typist or a script sends them. */
  const burst = async (chunk: string) => {
    await new Promise((r) => setTimeout(r, 150));
    ui.stdin.write(chunk);
  };
  return { g, ui, ref: created.reference, manager, tech, requester, frame, sees, press, burst };
}

const ENTER = '\r';
const DOWN = '\u001B[B';
const UP = '\u001B[A';
const ESC = '\u001B';
const CLEAR_LINE = '\u0015';

/** The reference on the selected row of the queue (the one marked `>`). */
const selectedRef = (frame: string) => /^> (GU-\d{4}-\d{6})/m.exec(frame)?.[1];
/** The references listed, top to bottom. */
const listed = (frame: string) => [...frame.matchAll(/^[> ] (GU-\d{4}-\d{6})/gm)].map((m) => m[1]!);

/** Three more VR room tickets, approved, so routed to the VR technician's queue. */
async function threeMoreTickets(g: TestGuichet, staff: (email: string) => Promise<{ personId: string }>) {
  const manager = await staff('vr.manager@insa-rennes.fr');
  const prof = await g.catalogue.upsertPerson({ email: 'prof@insa-rennes.fr', displayName: 'Claire Martin' });
  for (const title of ['Manette perdue', 'Écran flou', 'Son coupé']) {
    const t = await g.tickets.create(
      { personId: prof.id },
      { title, description: title, service: 'vr-room' },
    );
    await g.tickets.act(manager, t.reference, { action: 'approve' });
  }
}

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
    await sees('❯ Réassigner');
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
    await sees('❯ Réassigner');
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
    await sees('❯ Réassigner');
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

  it('Esc never quits the queues: it clears the search and filter; q quits', async () => {
    const { sees, press, frame, ref } = await given();
    await sees(ref);
    await press(ESC);
    // Still running: the next key still works.
    await press('/');
    await sees('Rechercher (texte intégral) :');
    await press(...'introuvable', ENTER);
    await sees('Recherche: "introuvable"');
    await sees('Aucun ticket dans cette file.');
    await press(ESC);
    await sees(ref);
    expect(frame()).not.toContain('Recherche:');
    await press('q');
    // Quit: keys no longer do anything.
    const after = frame();
    await press('/');
    await new Promise((r) => setTimeout(r, 300));
    expect(frame()).toBe(after);
    expect(frame()).not.toContain('Rechercher (texte intégral)');
  });

  it('keys sent at once are all taken: jjj in one write, three arrows in one write, Enter a ↓↓ before anything loaded', async () => {
    const { sees, burst, frame } = await given({ setup: threeMoreTickets });
    await sees(/1 Mes tickets \(4\)/);
    await sees('Son coupé');
    const refs = listed(frame());
    expect(refs).toHaveLength(4);
    expect(selectedRef(frame())).toBe(refs[0]);
    await burst('jjj');
    await sees(new RegExp(`^> ${refs[3]}`, 'm'));
    await burst(`${UP}${UP}${UP}`);
    await sees(new RegExp(`^> ${refs[0]}`, 'm'));
    await burst(`j${ENTER}a${DOWN}${DOWN}`);
    // The ticket, then its menu, load after the keys came: none of them is lost.
    await sees('❯ Demander des informations');
    expect(frame()).toContain(refs[1]);
  });

  it('a refusal by the server keeps the form and its input, on the field at fault named by its label', async () => {
    const { g, ref, tech, sees, press, frame } = await given();
    await sees(ref);
    await press(ENTER, 'a');
    await sees('❯ Réassigner');
    await press(DOWN, ENTER);
    await sees('Jusqu’au');
    // Read here and refused without a round trip: no 31st month.
    await press(...'12/31/2030', ENTER);
    await sees('! Jusqu’au : « 12/31/2030 » n’est pas une date lisible');
    await press(CLEAR_LINE, ...'15/01/2020', ENTER, ...'Créneau de test réservé', ENTER);
    // The server refuses a past date: back on the date, with everything typed.
    await sees('! « Jusqu’au » doit être une date future');
    expect(frame()).toContain('> 15/01/2020');
    expect(frame()).toContain('Motif : Créneau de test réservé');
    expect(frame()).not.toContain('« until »');
    await press(CLEAR_LINE, ...'15/01/2030 14:30', ENTER, ENTER);
    await sees('✓ Fait : Mettre en attente');
    const ticket = await g.tickets.get(tech, ref);
    expect(ticket).toMatchObject({ status: 'pending', pendingReason: 'Créneau de test réservé' });
    expect(new Date(ticket.pendingUntil!).getTime()).toBe(new Date(2030, 0, 15, 14, 30).getTime());
    // The notice goes at the next key.
    await press('j');
    await new Promise((r) => setTimeout(r, 200));
    expect(frame()).not.toContain('Fait : Mettre en attente');
  });

  it('assigning starts on the service’s default team and offers a type, never “—”', async () => {
    const { sees, press, frame } = await given({
      person: 'moderation@groupe-insa.fr',
      setup: async (g) => {
        const prof = await g.catalogue.upsertPerson({
          email: 'prof@insa-rennes.fr',
          displayName: 'Claire Martin',
        });
        // Opened before the service had its default team (which now routes): it waits, new.
        await g.catalogue.patchService('video', { defaultTeam: null });
        await g.tickets.create(
          { personId: prof.id },
          { title: 'Vidéo illisible', description: 'Le lecteur reste noir', service: 'video' },
        );
        await g.catalogue.patchService('video', { defaultTeam: 'portal' });
      },
    });
    await press('3');
    await sees('Vidéo illisible');
    await press(ENTER, 'a');
    await sees('❯ Assigner');
    await press(ENTER);
    await sees(/❯ .*\(portal\)/);
    await press(ENTER);
    await sees('Technicien :');
    await press(ENTER);
    await sees('Type :');
    await sees(/❯ incident/);
    expect(frame()).toMatch(/demande d’assistance/);
    expect(frame()).not.toMatch(/^[❯ ] —$/m);
    await press(ESC);
    await sees('Actions possibles:');
  });

  it('edits the ticket’s fields and follows up the provider’s ticket from the terminal UI', async () => {
    const { g, ref, tech, sees, press, frame } = await given();
    await sees(ref);
    await press(ENTER, 'a');
    await sees('❯ Réassigner');
    for (let i = 0; i < 8 && !frame().includes('❯ Modifier le ticket'); i++) await press(DOWN);
    await press(ENTER);
    await sees('> Casque VR en panne');
    await press(CLEAR_LINE, ...'Casque VR 2 en panne', ENTER);
    await sees('❯ demande d’assistance');
    await press(ENTER);
    await sees('❯ moyen');
    await press('k', ENTER, ENTER, ENTER);
    await sees('✓ Fait : Modifier le ticket');
    expect(await g.tickets.get(tech, ref)).toMatchObject({ title: 'Casque VR 2 en panne', impact: 'high' });

    await press('a');
    await sees('❯ Réassigner');
    for (let i = 0; i < 9 && !frame().includes('❯ Escalader au prestataire'); i++) await press(DOWN);
    await press(ENTER);
    await sees(/❯ Kelis \(kelis\)/);
    await press(ENTER, ...'KEL-4521', ENTER);
    await sees('✓ Fait : Escalader au prestataire');
    await sees('Prestataire : kelis KEL-4521 (ouvert)');
    await press('a');
    await sees('❯ Réassigner');
    for (let i = 0; i < 10 && !frame().includes('❯ Suivi du prestataire'); i++) await press(DOWN);
    await press(ENTER);
    await sees('❯ kelis KEL-4521 (ouvert)');
    await press(ENTER);
    await sees('❯ ouvert');
    await press('j', ENTER, ...'Correctif livré', ENTER);
    await sees('✓ Fait : Suivi du prestataire');
    await sees('Prestataire : kelis KEL-4521 (résolu)');
    expect((await g.tickets.get(tech, ref)).providerReferences).toEqual([
      expect.objectContaining({
        provider: 'kelis',
        externalId: 'KEL-4521',
        status: 'resolved',
        notes: 'Correctif livré',
      }),
    ]);
  });

  it('shows what a technician needs: words, relative times, the requester’s answer, a preview on a wide terminal', async () => {
    const { g, ui, ref, tech, requester, sees, press, frame } = await given();
    await g.tickets.act(tech, ref, { action: 'request_info', question: 'Quel casque ?' });
    await g.tickets.act({ personId: requester.id }, ref, { action: 'reply', body: 'Le casque numéro 2' });
    await press('r');
    await sees(
      new RegExp(`^> ${ref} +assigné +moyenne +(à l’instant|il y a \\d+ min) +Casque VR en panne`, 'm'),
    );
    await press(ENTER);
    await sees(/Réponse du demandeur \((à l’instant|il y a \d+ min)\) : Le casque numéro 2/);
    expect(frame()).toMatch(
      /^assigné {2}· {2}priorité moyenne {2}· {2}vr-room {2}· {2}demande d’assistance$/m,
    );
    expect(frame()).toMatch(/Technicienne cube VR +a posé une question au demandeur : « Quel casque \? »/);
    expect(frame()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|changes:|\{"/);
    await press(ESC);
    await sees(ref);
    Object.defineProperty(ui.stdout, 'columns', { value: 140, configurable: true });
    ui.stdout.emit('resize');
    await sees(/Demandeur : Claire Martin <prof@insa-rennes\.fr>/);
    expect(frame()).toMatch(/Technicien : Technicienne cube VR \(vr-room\)/);
  });
});
