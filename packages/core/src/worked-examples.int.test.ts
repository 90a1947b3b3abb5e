/**
 * The three worked examples of MISSION.md, end to end through core's public API on a real
 * PostgreSQL, with the real scheduler (pg-boss) for the VR room's pending-until wake-up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestGuichet,
  eventually,
  givenDemoCatalogue,
  givenPerson,
  type TestGuichet,
} from '../testing/index.ts';
import type { TicketView } from './index.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

async function notificationsOf(
  g: TestGuichet,
  reference: string,
): Promise<{ kind: string; subject: string; email: string }[]> {
  // What the rules make of the timeline so far (the scheduler does this after each commit).
  await g.notifications.settle();
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: g.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select n.kind, n.subject, p.email from notification n
         join ticket t on t.id = n.ticket_id join person p on p.id = n.recipient_id
        where t.reference = $1 order by n.event_id, p.email, n.kind`,
      [reference],
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe('worked example: VR room', () => {
  it('approval, routing to an authorised technician, questions, pending until a date woken by the scheduler, resolution, closure', async () => {
    guichet = await createTestGuichet({
      scheduler: { enabled: true, pollingIntervalSeconds: 0.5, sweepCron: '* * * * *' },
    });
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const manager = await staff('vr.manager@insa-rennes.fr');
    const tech = await staff('vr.tech@insa-rennes.fr');
    const teacher = await givenPerson(g, { email: 'enseignant@insa-rennes.fr', affiliation: 'faculty' });

    // Given a teacher asks for a projector set-up in the VR room (approval required)
    const created = await g.tickets.create(teacher, {
      title: 'Installation d’un vidéoprojecteur dans le cube VR',
      description: 'Pour un TP du 3 décembre, il faut un vidéoprojecteur branché sur la station du cube.',
      service: 'vr-room',
      subService: 'vr-room.usage',
      channel: 'portal',
    });
    expect(created).toMatchObject({ status: 'pending_approval', establishment: 'insa-rennes', agent: null });
    expect(created.reference).toMatch(/^GU-\d{4}-\d{6}$/);

    // The technician cannot act before approval, and the requester cannot approve their own request
    await expect(g.tickets.act(teacher, created.reference, { action: 'approve' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    // When the VR room manager checks it is legitimate and approves
    const approved = await g.tickets.act(manager, created.reference, {
      action: 'approve',
      comment: 'Demande légitime',
    });

    // Then routing sends it to the authorised technician of the VR room team
    expect(approved).toMatchObject({
      status: 'assigned',
      team: 'vr-room',
      type: 'request',
      agent: { email: 'vr.tech@insa-rennes.fr' },
    });

    // The technician studies it and asks questions; the requester answers, which resumes the work
    const asked = await g.tickets.act(tech, created.reference, {
      action: 'request_info',
      question: 'Quel modèle de station ?',
    });
    expect(asked).toMatchObject({ status: 'pending', pendingKind: 'awaiting_requester' });
    const answered = await g.tickets.act(teacher, created.reference, {
      action: 'reply',
      body: 'La station HP Z4 du fond.',
    });
    expect(answered).toMatchObject({ status: 'assigned', agent: { email: 'vr.tech@insa-rennes.fr' } });

    // The requester cannot test before a date: the ticket is pending until then
    const until = new Date(Date.now() + 2_500);
    const pended = await g.tickets.act(tech, created.reference, {
      action: 'pend',
      until: until.toISOString(),
      reason: 'Le demandeur ne peut pas tester avant le créneau du TP',
    });
    expect(pended).toMatchObject({
      status: 'pending',
      pendingKind: 'until_date',
      pendingUntil: until.toISOString(),
    });

    // After the date, the scheduler wakes it and assignment is applied again (same team and agent)
    const woken = await eventually(async () => {
      const t = await g.tickets.get(tech, created.reference);
      return t.status === 'assigned' ? t : null;
    }, 15_000);
    expect(woken).toMatchObject({
      status: 'assigned',
      team: 'vr-room',
      agent: { email: 'vr.tech@insa-rennes.fr' },
      pendingUntil: null,
    });
    const wokenAt = (await g.tickets.timeline(tech, created.reference)).find((e) => e.type === 'woken');
    expect(wokenAt?.actor).toBeNull();
    expect(new Date(wokenAt!.createdAt).getTime()).toBeGreaterThanOrEqual(until.getTime());

    // The technician resumes, resolves it and notes the steps
    await g.tickets.act(tech, created.reference, {
      action: 'note',
      body: 'Étapes : câble HDMI 10 m, source 2, calibrage.',
    });
    const resolved = await g.tickets.act(tech, created.reference, {
      action: 'resolve',
      service: 'vr-room',
      subService: 'vr-room.usage',
      solution: 'Vidéoprojecteur installé et calibré sur la station HP Z4.',
    });
    expect(resolved).toMatchObject({ status: 'resolved', service: 'vr-room', subService: 'vr-room.usage' });

    // A moderator closes it; the requester is notified; nothing can change any more
    const closed = await g.tickets.act(manager, created.reference, { action: 'close' });
    expect(closed).toMatchObject({ status: 'closed', actions: [] });
    await expect(
      g.tickets.act(tech, created.reference, { action: 'reopen', reason: 'encore' }),
    ).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { rule: 'ticket_is_final' },
    });

    const timeline = await g.tickets.timeline(manager, created.reference);
    expect(timeline.map((e) => e.type)).toEqual([
      'created',
      'approval_requested',
      'approval_granted',
      'assigned',
      'info_requested',
      'requester_replied',
      'resumed',
      'pended',
      'woken',
      'internal_note',
      'resolved',
      'closed',
    ]);
    // The requester sees the public timeline only
    const publicTimeline = await g.tickets.timeline(teacher, created.reference);
    expect(publicTimeline.map((e) => e.type)).not.toContain('internal_note');
    // Everyone is told what concerns them, and nobody of their own action
    expect((await notificationsOf(g, created.reference)).map((n) => [n.kind, n.email])).toEqual([
      ['ticket.created', 'enseignant@insa-rennes.fr'],
      ['ticket.approval_requested', 'vr.manager@insa-rennes.fr'],
      ['ticket.approved', 'enseignant@insa-rennes.fr'],
      ['ticket.assigned', 'vr.tech@insa-rennes.fr'],
      ['ticket.info_requested', 'enseignant@insa-rennes.fr'],
      ['ticket.requester_replied', 'vr.tech@insa-rennes.fr'],
      ['ticket.woken', 'vr.tech@insa-rennes.fr'],
      ['ticket.resolved', 'enseignant@insa-rennes.fr'],
      ['ticket.closed', 'enseignant@insa-rennes.fr'],
    ]);
  });

  it('a rejected request ends there and the requester is told why', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const manager = await staff('vr.manager@insa-rennes.fr');
    const student = await givenPerson(g, { email: 'etudiant@insa-rennes.fr' });
    const t = await g.tickets.create(student, {
      title: 'Soirée jeux',
      description: 'Réserver le cube samedi',
      service: 'vr-room',
    });
    const rejected = await g.tickets.act(manager, t.reference, {
      action: 'reject',
      reason: 'Usage non pédagogique',
    });
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Usage non pédagogique',
      actions: [],
    });
    const notes = await notificationsOf(g, t.reference);
    expect(notes.map((n) => n.kind)).toEqual([
      'ticket.created',
      'ticket.approval_requested',
      'ticket.rejected',
    ]);
    expect(notes.slice(-1)).toEqual([
      {
        kind: 'ticket.rejected',
        subject: `[${t.reference}] Votre demande a été refusée`,
        email: 'etudiant@insa-rennes.fr',
      },
    ]);
  });
});

describe('worked example: Scenari', () => {
  it('a delegated moderator enters an emailed request, the technician escalates to Kelis, records the solution, the moderator closes', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const moderator = await staff('scenari.moderation@insa-rouen.fr');
    const tech = await staff('scenari.tech@insa-rouen.fr');
    const teacher = await givenPerson(g, {
      email: 'enseignante@insa-rouen.fr',
      affiliation: 'faculty',
      language: 'en',
    });

    // Given the requester emailed the teaching support cell; the moderator opens the ticket on their behalf
    const t = await g.tickets.create(moderator, {
      requester: 'enseignante@insa-rouen.fr',
      title: 'La génération .odt échoue dans le modèle Opale',
      description:
        'Message reçu par courriel : la publication ODT s’arrête sur une erreur de transformation.',
      service: 'scenari',
      subService: 'scenari.opale',
      channel: 'email',
    });
    // Then it goes to an authorised technician of the support cell
    expect(t).toMatchObject({
      status: 'assigned',
      team: 'pedagogy-support',
      type: 'incident',
      requester: { email: 'enseignante@insa-rouen.fr' },
      createdBy: { email: 'scenari.moderation@insa-rouen.fr' },
      channel: 'email',
      agent: { email: 'scenari.tech@insa-rouen.fr' },
    });

    // The technician reproduces it and opens a ticket at the provider Kelis
    await g.tickets.act(tech, t.reference, {
      action: 'note',
      body: 'Reproduit sur Opale 5.0.3 avec un document de test.',
    });
    const escalated = await g.tickets.act(tech, t.reference, {
      action: 'provider_escalate',
      provider: 'kelis',
      externalId: 'KELIS-4812',
      notes: 'Erreur XSLT lors de la génération ODT',
    });
    const ref = escalated.providerReferences[0]!;
    expect(ref).toMatchObject({ provider: 'kelis', externalId: 'KELIS-4812', status: 'open' });

    // The provider solves it and closes theirs
    const updated = await g.tickets.act(tech, t.reference, {
      action: 'provider_update',
      referenceId: ref.id,
      status: 'closed',
      notes: 'Correctif livré dans Opale 5.0.4',
    });
    expect(updated.providerReferences[0]).toMatchObject({
      status: 'closed',
      notes: 'Correctif livré dans Opale 5.0.4',
    });

    // The technician records the diagnosis and solution and hands the ticket to the moderator
    const resolved = await g.tickets.act(tech, t.reference, {
      action: 'resolve',
      service: 'scenari',
      subService: 'scenari.opale',
      solution: 'Diagnostic : bug XSLT d’Opale 5.0.3. Solution : mise à jour 5.0.4 par Kelis.',
    });
    expect(resolved.status).toBe('resolved');
    expect(resolved.actions).not.toContain('close');

    // The technician adds a knowledge-base entry from the resolution, in one step (the vocabulary
    // already knows that odt goes with LibreOffice)
    await g.knowledgeBase.upsertTag(moderator, {
      code: 'libreoffice',
      label: 'LibreOffice',
      synonyms: ['odt'],
    });
    const draft = await g.knowledgeBase.createFromTicket(tech, t.reference, {
      title: 'Opale : la génération .odt (LibreOffice) échoue',
    });
    expect(draft).toMatchObject({
      status: 'draft',
      kind: 'known_error',
      services: ['scenari', 'scenari.opale'],
      tags: ['libreoffice'],
      linkedTickets: [t.reference],
      solution: 'Diagnostic : bug XSLT d’Opale 5.0.3. Solution : mise à jour 5.0.4 par Kelis.',
    });
    // Internal notes stay out of it
    expect(draft.symptom).not.toContain('Reproduit sur Opale 5.0.3');

    // The moderator closes it; the requester is notified, in her language
    const closed = await g.tickets.act(moderator, t.reference, { action: 'close' });
    expect(closed.status).toBe('closed');
    const notes = await notificationsOf(g, t.reference);
    expect(notes.at(-1)).toEqual({
      kind: 'ticket.closed',
      subject: `[${t.reference}] Your ticket is closed`,
      email: 'enseignante@insa-rouen.fr',
    });
    // The requester never sees the provider details
    const seen = await g.tickets.get(teacher, t.reference);
    expect(seen.providerReferences).toEqual([]);

    // The moderator publishes the article for every signed-in requester of the group
    const published = await g.knowledgeBase.changeStatus(moderator, draft.reference, {
      action: 'publish',
      audience: 'requesters',
    });
    expect(published.status).toBe('published');
    // Later, a requester at another establishment types the same problem in other words, with
    // accents, and with a typo: the article is among the first three suggestions, before any ticket
    const lyon = await givenPerson(g, { email: 'etudiant@insa-lyon.fr' });
    for (const description of [
      'la génération des fichiers odt échoue avec Opale',
      'la generation des fichiers odt echoue avec Opalle',
    ]) {
      const suggestions = await g.knowledgeBase.suggest(lyon, { title: '', description });
      expect(suggestions.articles.slice(0, 3).map((a) => a.reference)).toContain(draft.reference);
      // Nobody's ticket but theirs: the teacher's ticket is not shown to them
      expect(suggestions.tickets).toEqual([]);
    }
  });
});

describe('worked example: OpenMoodle', () => {
  it('no rule matches: the Moodle moderator qualifies and dispatches to the network/database team, then closes', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const moderator = await staff('moodle.moderation@insa-lyon.fr');
    const tech = await staff('netdb.tech@insa-toulouse.fr');
    const student = await givenPerson(g, { email: 'etudiant.moodle@insa-lyon.fr' });

    // Given a requester reports an access problem to the group Moodle
    const t = await g.tickets.create(student, {
      title: 'Impossible d’accéder à OpenINSA',
      description: 'Page blanche après connexion.',
      service: 'moodle',
      channel: 'portal',
    });
    // Then no routing rule applies: it waits in the Moodle moderator's queue
    expect(t).toMatchObject({ status: 'new', agent: null, team: null });
    const queue = await g.tickets.list(moderator, { queue: 'unassigned' });
    expect(queue.items.map((x: TicketView) => x.reference)).toContain(t.reference);

    // The moderator reproduces it, details it and assigns it to the network/database team
    await g.tickets.act(moderator, t.reference, {
      action: 'edit',
      changes: {
        description:
          'Page blanche après connexion. Reproduit : « database read error » sur la page d’accueil.',
        subService: 'moodle.access',
        impact: 'high',
        urgency: 'high',
      },
    });
    const assigned = await g.tickets.act(moderator, t.reference, {
      action: 'assign',
      type: 'incident',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });
    expect(assigned).toMatchObject({
      status: 'assigned',
      priority: 'critical',
      team: 'network-db',
      subService: 'moodle.access',
    });

    // The technician fixes it together with the moderator, records the solution and transfers back
    await g.tickets.act(tech, t.reference, {
      action: 'note',
      body: 'Réplica PostgreSQL en retard, bascule avec le modérateur.',
    });
    await g.tickets.act(tech, t.reference, {
      action: 'resolve',
      service: 'moodle',
      subService: 'moodle.access',
      solution: 'Réplica de lecture resynchronisée ; accès rétabli.',
    });
    const closed = await g.tickets.act(moderator, t.reference, { action: 'close' });
    expect(closed.status).toBe('closed');
    expect((await notificationsOf(g, t.reference)).map((n) => [n.kind, n.email])).toEqual([
      ['ticket.created', 'etudiant.moodle@insa-lyon.fr'],
      ['ticket.queued', 'moodle.moderation@insa-lyon.fr'],
      ['ticket.assigned', 'netdb.tech@insa-toulouse.fr'],
      ['ticket.resolved', 'etudiant.moodle@insa-lyon.fr'],
      ['ticket.closed', 'etudiant.moodle@insa-lyon.fr'],
    ]);
  });
});
