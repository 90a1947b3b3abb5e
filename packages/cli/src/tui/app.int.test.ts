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
  /** The server's clock (core's `clock` hook), for service levels. */
  clock?: { now: () => Date };
  /** More data before the UI starts (`ref`: the VR room ticket every test starts with). */
  setup?: (
    g: TestGuichet,
    staff: (email: string) => Promise<{ personId: string }>,
    ref: string,
  ) => Promise<void>;
}

async function given(options: Options = {}) {
  guichet = await createTestGuichet({}, options.clock ? { clock: options.clock } : {});
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
  await options.setup?.(g, staff, created.reference);
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

/** The VR room ticket resolved by its technician. */
async function resolved(
  g: TestGuichet,
  staff: (email: string) => Promise<{ personId: string }>,
  ref: string,
) {
  const tech = await staff('vr.tech@insa-rennes.fr');
  await g.tickets.act(tech, ref, { action: 'resolve', service: 'vr-room', solution: 'Batterie remplacée' });
}

/** An article on the VR room, published by its moderator. */
async function published(
  g: TestGuichet,
  staff: (email: string) => Promise<{ personId: string }>,
  article: { title: string; summary?: string; body?: string; audience: 'internal' | 'requesters' | 'public' },
): Promise<string> {
  const manager = await staff('vr.manager@insa-rennes.fr');
  const draft = await g.knowledgeBase.create(manager, { kind: 'how_to', services: ['vr-room'], ...article });
  await g.knowledgeBase.changeStatus(manager, draft.reference, { action: 'publish' });
  return draft.reference;
}

/** Whatever a terminal would act on: ESC, BEL, the other C0 controls but LF, DEL, C1, bidi overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
const ACTIVE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe('knowledge base in the terminal UI', () => {
  it('a ticket’s suggestions show a requester the published article for them, never an internal one', async () => {
    let forRequesters = '';
    let internal = '';
    const { g, ref, tech, sees, press, frame } = await given({
      person: 'prof@insa-rennes.fr',
      setup: async (g, staff, ref) => {
        await resolved(g, staff, ref);
        forRequesters = await published(g, staff, {
          title: 'Casque VR qui ne s’allume plus',
          summary: 'Recharger la batterie du casque avant la séance',
          body: '## Que faire\n- brancher le casque dix minutes',
          audience: 'requesters',
        });
        internal = await published(g, staff, {
          title: 'Casque VR en panne : réinitialisation usine',
          summary: 'Procédure des techniciens, code du casque',
          audience: 'internal',
        });
      },
    });
    // The internal article does match the ticket: staff are offered both.
    const forStaff = await g.knowledgeBase.suggest(tech, { ticket: ref });
    expect(forStaff.articles.map((a) => a.reference)).toEqual(
      expect.arrayContaining([forRequesters, internal]),
    );

    await press('6');
    await sees(ref);
    await press(ENTER);
    await sees('Casque VR en panne');
    await press('s');
    await sees(`Suggestions pour ${ref}`);
    await sees(forRequesters);
    expect(frame()).toContain('Casque VR qui ne s’allume plus');
    expect(frame()).toMatch(/pourquoi : dans le titre.* · mots .*casque/);
    expect(frame()).not.toContain(internal);
    expect(frame()).not.toContain('réinitialisation usine');
    expect(frame()).toContain('— Tickets similaires résolus');
    // Opening it shows it, rendered for the terminal.
    await press(ENTER);
    await sees('• brancher le casque dix minutes');
    expect(frame()).toContain(`Article       ${forRequesters}  Casque VR qui ne s’allume plus`);
    expect(frame()).toMatch(/^Que faire\n─{9}$/m);
    await press(ESC);
    await sees(`Suggestions pour ${ref}`);
    await press(ESC);
    await sees('Actions possibles');
  });

  it('writes a draft from the resolution: title, summary and tags edited, a refused tag shown on its field', async () => {
    const { g, ref, tech, sees, press, frame } = await given({ setup: resolved });
    await sees(ref);
    await press(ENTER);
    await sees(/Actions possibles: .*Écrire un arti/);
    await press('a');
    await sees('❯ ');
    for (let i = 0; i < 6 && !frame().includes('❯ Écrire un article'); i++) await press(DOWN);
    await press(ENTER);
    // The title starts from the ticket's.
    await sees('> Casque VR en panne');
    await press(CLEAR_LINE, ...'Casque VR éteint : changer la batterie', ENTER);
    await sees('Résumé (facultatif) :');
    await press(...'Remplacer la batterie du casque 2', ENTER);
    await sees('Étiquettes (codes');
    await press(...'nimportequoi', ENTER);
    // The server refuses the unknown tag: back on the tags, with everything typed.
    await sees(/! .*Étiquettes/);
    expect(frame()).toContain('> nimportequoi');
    expect(frame()).toContain('Résumé (facultatif) : Remplacer la batterie du casque 2');
    expect(frame()).not.toContain('tags.0');
    await press(CLEAR_LINE, ENTER);
    await sees(/✓ Brouillon KB-\d{6} écrit depuis/);
    const reference = /Brouillon (KB-\d{6})/.exec(frame())![1]!;
    expect(frame()).toContain(`Article       ${reference}  Casque VR éteint : changer la batterie`);
    const linked = await g.knowledgeBase.forTicket(tech, ref);
    expect(linked.map((a) => a.reference)).toEqual([reference]);
    expect(await g.knowledgeBase.get(tech, reference)).toMatchObject({
      status: 'draft',
      kind: 'known_error',
      title: 'Casque VR éteint : changer la batterie',
      summary: 'Remplacer la batterie du casque 2',
      solution: 'Batterie remplacée',
      linkedTickets: [ref],
    });
    // Back on the ticket, its timeline names the article.
    await press(ESC);
    await sees(`a écrit l’article ${reference}`);
  });

  it('the search screen finds an article with its snippet and renders it for the terminal', async () => {
    let reference = '';
    const { sees, press, frame } = await given({
      setup: async (g, staff) => {
        reference = await published(g, staff, {
          title: 'Manette du cube VR déconnectée',
          summary: 'Appairer de nouveau la manette',
          body: [
            '# Appairage',
            'Quand la manette clignote :',
            '- maintenir le bouton **menu**',
            '- suivre [la notice](https://vr.example/notice)',
            '',
            '```',
            'pair --controller 2',
            '```',
          ].join('\n'),
          audience: 'internal',
        });
      },
    });
    await sees(/1 Mes tickets/);
    expect(frame()).toMatch(/b base/);
    await press('b');
    await sees('Chercher dans la base');
    await press(...'manette clignote', ENTER);
    await sees(/Recherche : « manette clignote » · 1 article/);
    expect(frame()).toMatch(
      new RegExp(`^> ${reference} +Manette du cube VR déconnectée +\\(mode opératoire\\)`, 'm'),
    );
    expect(frame()).toMatch(/^ {4}.*manette.*clignote/im);
    await press(ENTER);
    await sees('APPAIRAGE\n═════════');
    expect(frame()).toContain('• maintenir le bouton **menu**');
    expect(frame()).toContain('• suivre la notice <https://vr.example/notice>');
    // Longer than the screen: it scrolls to its code block.
    await sees(/lignes 1–\d+ sur \d+/);
    await press('G');
    await sees('    pair --controller 2');
    for (const line of frame().split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    await press(ESC);
    await sees('Recherche : « manette clignote »');
    await press(ESC);
    await sees(/1 Mes tickets/);
  });

  it('an article written to attack the terminal is shown inert: no escape sequence, no control character', async () => {
    const { sees, press, frame } = await given({
      setup: async (g, staff) => {
        await published(g, staff, {
          title: 'Piège \x1b[31mrouge\x1b[0m pour terminal',
          summary: 'Piège \x1b]0;titre volé\x07 résumé',
          body: [
            '\x1b[2J\x1b[HÉcran effacé ?',
            'Cloche\x07 et \x9b31m C1 \x1b]8;;https://evil.example\x1b\\lien\x1b]8;;\x1b\\',
            'Retour\rarrière et \u202egauche',
            '<script>alert(1)</script> <img src=x onerror=alert(1)>fin',
          ].join('\n'),
          audience: 'internal',
        });
      },
    });
    await sees(/1 Mes tickets/);
    await press('b');
    await sees('Chercher dans la base');
    await press(...'piège terminal', ENTER);
    await sees('Piège rouge pour terminal');
    expect(frame()).not.toMatch(ACTIVE);
    await press(ENTER);
    await sees('Écran effacé ?');
    const shown = frame();
    expect(shown).not.toMatch(ACTIVE);
    expect(shown).toContain('Piège rouge pour terminal');
    expect(shown).toContain('Cloche et  C1 lien');
    expect(shown).toContain('alert(1) fin');
    expect(shown).not.toMatch(/titre volé|evil\.example|<script|<img/);
  });

  it('shows an active announcement in a banner and lists it on n; none, no banner', async () => {
    // Given no announcement: no banner
    const quiet = await given();
    await quiet.sees(/1 Mes tickets/);
    expect(quiet.frame()).not.toContain('n : annonces');
    unmount?.();
    await guichet?.dispose();

    // Given the functional admin announced an outage of the VR room
    const { sees, press, frame } = await given({
      setup: async (g, staff) => {
        const admin = await staff('admin@groupe-insa.fr');
        await g.announcements.create(admin, {
          title: { fr: 'Salle VR fermée', en: 'VR room closed' },
          body: { fr: 'Coupure électrique du bâtiment.' },
          severity: 'outage',
          services: ['vr-room'],
        });
      },
    });
    // Then the banner names it on the queues, and n lists it with its severity
    await sees('Salle VR fermée');
    expect(frame()).toContain('n : annonces');
    await press('n');
    await sees('Annonces');
    expect(frame()).toContain('Salle VR fermée');
    await press(ESC);
    await sees(/1 Mes tickets/);
  });
});

describe('the staff dashboard and SLA badges in the terminal UI', () => {
  it('shows staff a dashboard: the backlog per service and team with its trend, the breached ticket first, then the one at risk; SLA badges on the rows', async () => {
    // Given the VR room answers within 10 minutes, and three of its tickets opened 13, 9 and 1
    // minute(s) ago on the server's clock (the first one by `given`), which ends at the real time
    const start = Date.now() - 13 * 60_000;
    let now = new Date(start);
    const { sees, press, frame, ref } = await given({
      clock: { now: () => now },
      setup: async (g, staff) => {
        await g.catalogue.applyDocument({
          ...(await g.catalogue.exportDocument()),
          calendars: [
            {
              code: 'toujours',
              timeZone: 'Europe/Paris',
              holidays: 'none',
              hours: Object.fromEntries(
                ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]),
              ),
            },
          ],
          serviceLevels: [
            {
              code: 'vr',
              service: 'vr-room',
              firstResponseMinutes: 10,
              resolutionMinutes: 6000,
              calendar: 'toujours',
            },
          ],
        });
        const manager = await staff('vr.manager@insa-rennes.fr');
        const prof = await g.catalogue.upsertPerson({
          email: 'prof@insa-rennes.fr',
          displayName: 'Claire Martin',
        });
        for (const [minutes, title] of [
          [4, 'Manette perdue'],
          [12, 'Écran flou'],
        ] as const) {
          now = new Date(start + minutes * 60_000);
          const t = await g.tickets.create(
            { personId: prof.id },
            { title, description: title, service: 'vr-room' },
          );
          await g.tickets.act(manager, t.reference, { action: 'approve' });
        }
        await g.serviceLevels.refresh();
        await g.reports.refresh();
        now = new Date(start + 13 * 60_000);
      },
    });
    // Then the queue shows each ticket's worst clock: breached, at risk, running with its due time
    await sees(ref);
    await sees(/dépassé [\d/ ]*\d\d:\d\d/);
    expect(frame()).toMatch(/^. GU-\S+\s.*à risque [\d/ ]*\d\d:\d\d\s+Manette perdue/m);
    expect(frame()).toMatch(/^. GU-\S+\s.*échéance [\d/ ]*\d\d:\d\d\s+Écran flou/m);
    expect(frame()).toMatch(
      new RegExp(`^. ${ref}\\s.*dépassé [\\d/ ]*\\d\\d:\\d\\d\\s+Casque VR en panne`, 'm'),
    );
    await sees(' d Tableau de bord');

    // When the technician opens the dashboard
    await press('d');
    await sees('Tableau de bord ·');
    await sees('Dépassés (1)');
    const shown = frame();
    // Then the backlog is exact: three open VR tickets today, none on the 26 days before
    // yesterday (yesterday has some when the test runs just after midnight in Paris)
    expect(shown).toMatch(
      /— Stock par service\n\s+SERVICE\s+AUJ\.\s+TENDANCE \(28 j\)\n\s+vr-room\s+3\s+▁{26}[▁-█]█\n/,
    );
    expect(shown).toMatch(
      /— Stock par équipe \(vos équipes\)\n\s+ÉQUIPE\s+AUJ\.\s+TENDANCE \(28 j\)\n\s+vr-room\s+3\s+▁{26}[▁-█]█\n/,
    );
    // and the breached ticket comes first, selected, with its clock; then the one at risk
    expect(selectedRef(shown)).toBe(ref);
    expect(shown).toMatch(
      new RegExp(
        `^> ${ref}\\s+Casque VR en panne\\s+vr-room\\s+1re réponse dépassé [\\d/ ]*\\d\\d:\\d\\d`,
        'm',
      ),
    );
    expect(shown).toMatch(
      /— À risque \(1\)\n {2}GU-\S+\s+Manette perdue\s+vr-room\s+1re réponse à risque [\d/ ]*\d\d:\d\d/,
    );
    expect(shown).not.toContain('Écran flou');
    for (const line of shown.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);

    // When they go down and press Enter, the ticket at risk opens; Esc comes back to the queues
    await press(DOWN, ENTER);
    await sees('Manette perdue');
    await sees('Actions possibles');
    await press(ESC);
    await sees(/1 Mes tickets \(3\)/);
    await press('d');
    await sees('Dépassés (1)');
    await press(ESC);
    await sees(/1 Mes tickets \(3\)/);
  });

  it('a requester gets no dashboard key, and a clear refusal if they press d anyway', async () => {
    const { sees, press, frame } = await given({ person: 'prof@insa-rennes.fr' });
    await sees('Aucun ticket dans cette file.');
    expect(frame()).not.toContain('Tableau de bord');
    await press('d');
    await sees('Le tableau de bord est réservé au personnel');
    await press(ESC);
    await sees('Aucun ticket dans cette file.');
  });
});
