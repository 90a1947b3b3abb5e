/**
 * Problem management on a real PostgreSQL: who may edit a problem's analysis and link incidents,
 * what requesters read of it, the batch resolution of linked incidents (one refused incident does
 * not undo the others; a re-run skips what is resolved), and suggested links.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGuichet, givenDemoCatalogue, givenPerson, type TestGuichet } from '../../testing/index.ts';
import { DomainError } from '../errors.ts';
import type { PersonCaller } from '../people/authority.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

const DAY = 86_400_000;

async function givenMoodle(start = new Date('2026-11-10T09:00:00Z')) {
  let now = start;
  guichet = await createTestGuichet({}, { clock: { now: () => now } });
  const g = guichet;
  const staff = await givenDemoCatalogue(g);
  const people = {
    moderator: await staff('moodle.moderation@insa-lyon.fr'),
    netdb: await staff('netdb.tech@insa-toulouse.fr'),
    moodleTech: await staff('moodle.tech@insa-lyon.fr'),
    vrTech: await staff('vr.tech@insa-rennes.fr'),
    scenariModerator: await staff('scenari.moderation@insa-rouen.fr'),
    admin: await staff('admin@groupe-insa.fr'),
    lyon: await givenPerson(g, { email: 'etudiant@insa-lyon.fr' }),
    rennes: await givenPerson(g, { email: 'enseignant@insa-rennes.fr', affiliation: 'faculty' }),
    rouen: await givenPerson(g, { email: 'agent@insa-rouen.fr', affiliation: 'staff' }),
  };
  const problem = await g.tickets.create(people.moderator, {
    title: 'Erreur de lecture de la base de données Moodle',
    description: 'Plusieurs connexions échouent : « database read error » à l’accès au Moodle.',
    service: 'moodle',
    type: 'problem',
  });
  const incident = async (who: PersonCaller, title: string, options: { assign?: boolean } = {}) => {
    const t = await g.tickets.create(who, {
      title,
      description: 'Message « database read error » en me connectant au Moodle.',
      service: 'moodle',
      subService: 'moodle.access',
    });
    if (options.assign !== false) {
      await g.tickets.act(people.moderator, t.reference, {
        action: 'assign',
        type: 'incident',
        team: 'network-db',
        agent: 'netdb.tech@insa-toulouse.fr',
      });
    }
    return t;
  };
  return {
    g,
    ...people,
    problem,
    incident,
    setNow: (d: Date) => {
      now = d;
    },
  };
}

describe('the analysis of a problem', () => {
  it('moderators and technicians of the service edit it; requesters read only what is public', async () => {
    const { g, moderator, netdb, vrTech, lyon, rennes, problem, incident } = await givenMoodle();
    const mine = await incident(lyon, 'Moodle inaccessible');
    await g.problems.link(moderator, problem.reference, { incident: mine.reference });
    const article = await g.knowledgeBase.create(moderator, {
      title: 'Erreur de lecture de la base Moodle',
      kind: 'known_error',
      services: ['moodle'],
    });

    // Given the moderator of the service, when they write the analysis: it is stored, version 1.
    const written = await g.problems.update(moderator, problem.reference, {
      rootCause: 'Réplica PostgreSQL désynchronisé (serveur db-2, mot de passe en rotation)',
      workaround: 'Se reconnecter après une minute',
      knownErrorArticle: article.reference,
    });
    expect(written).toMatchObject({
      rootCauseVisibility: 'internal',
      workaroundVisibility: 'public',
      knownErrorArticle: article.reference,
      incidentCount: 1,
      version: 1,
    });
    // A stale version is CONFLICT, naming the record's rule.
    await expect(
      g.problems.update(moderator, problem.reference, { workaround: 'x' }, { expectedVersion: 0 }),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { rule: 'problem_stale_version' } });

    // The agent of the problem (a technician, not a moderator) may edit it once it is theirs.
    await expect(
      g.problems.update(netdb, problem.reference, { workaround: 'Vider le cache' }),
    ).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND' });
    await g.tickets.act(moderator, problem.reference, {
      action: 'assign',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });
    const byTech = await g.problems.update(
      netdb,
      problem.reference,
      { workaround: 'Se reconnecter après une minute, ou passer par le portail' },
      { expectedVersion: 1 },
    );
    expect(byTech.version).toBe(2);

    // Staff who do not handle the service do not see the problem at all.
    await expect(g.problems.get(vrTech, problem.reference)).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });

    // The requester of a linked incident reads the public summary: no internal root cause, no draft.
    const summary = await g.problems.ofTicket(lyon, mine.reference);
    expect(summary).toEqual({
      view: 'public',
      problem: {
        reference: problem.reference,
        title: problem.title,
        status: 'assigned',
        service: 'moodle',
      },
      workaround: 'Se reconnecter après une minute, ou passer par le portail',
      rootCause: null,
      knownErrorArticle: null,
    });
    expect(JSON.stringify(summary)).not.toContain('db-2');
    // They cannot read the problem itself, nor edit it.
    await expect(g.problems.get(lyon, problem.reference)).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND' });
    await expect(g.problems.update(lyon, problem.reference, { rootCause: 'x' })).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });
    // Someone else's incident tells them nothing.
    await expect(g.problems.ofTicket(rennes, mine.reference)).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });

    // Marked public, the root cause reaches the requester; staff see the full record from the incident.
    await g.problems.update(moderator, problem.reference, { rootCauseVisibility: 'public' });
    expect(await g.problems.ofTicket(lyon, mine.reference)).toMatchObject({
      view: 'public',
      rootCause: expect.stringContaining('Réplica'),
    });
    expect(await g.problems.ofTicket(moderator, mine.reference)).toMatchObject({
      view: 'staff',
      knownErrorArticle: article.reference,
      operations: expect.arrayContaining(['edit', 'link', 'resolve_incidents']),
    });
  });

  it('refuses an unreadable article, a ticket that is not a problem, and edits of a closed problem', async () => {
    const { g, moderator, lyon, problem, incident } = await givenMoodle();
    await expect(
      g.problems.update(moderator, problem.reference, { knownErrorArticle: 'KB-999999' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'knownErrorArticle', rule: 'field.unknown' }] },
    });
    const other = await incident(lyon, 'Moodle lent');
    await expect(g.problems.get(moderator, other.reference)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { rule: 'not_a_problem' },
    });
    await g.tickets.act(moderator, problem.reference, {
      action: 'assign',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });
    await g.tickets.act(moderator, problem.reference, {
      action: 'resolve',
      service: 'moodle',
      solution: 'Réplica resynchronisé',
    });
    await g.tickets.act(moderator, problem.reference, { action: 'close' });
    await expect(
      g.problems.update(moderator, problem.reference, { workaround: 'trop tard' }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION', details: { rule: 'problem_not_in_status' } });
  });
});

describe('linking incidents', () => {
  it('records the link on the incident’s timeline, and keeps one problem per incident', async () => {
    const { g, moderator, netdb, lyon, rennes, problem, incident } = await givenMoodle();
    const a = await incident(lyon, 'Moodle inaccessible');
    const b = await incident(rennes, 'Erreur base de données Moodle');

    const linked = await g.problems.link(moderator, problem.reference, { incident: a.reference });
    expect(linked).toMatchObject({ reference: a.reference, status: 'assigned' });
    // Again: nothing new.
    await g.problems.link(moderator, problem.reference, { incident: a.reference });
    const events = (await g.tickets.timeline(moderator, a.reference)).filter(
      (e) => e.type === 'field_changed',
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ changes: { linkedProblemId: { before: null } } });
    expect((await g.tickets.get(lyon, a.reference)).linkedProblem).toBe(problem.reference);

    // A problem is not linked to a problem.
    const second = await g.tickets.create(moderator, {
      title: 'Autre problème',
      description: 'Lenteurs',
      service: 'moodle',
      type: 'problem',
    });
    await expect(
      g.problems.link(moderator, problem.reference, { incident: second.reference }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'incident', rule: 'field.problem_not_linkable' }] },
    });
    // An incident has at most one problem.
    await expect(
      g.problems.link(moderator, second.reference, { incident: a.reference }),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { rule: 'incident_has_problem' } });

    // A requester may not link, even their own ticket: the problem is not theirs to see.
    await expect(g.problems.link(lyon, problem.reference, { incident: a.reference })).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });
    // The technician of the incidents but not of the problem does not see the problem.
    await expect(g.problems.link(netdb, problem.reference, { incident: b.reference })).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });

    await g.problems.link(moderator, problem.reference, { incident: b.reference });
    // Staff list every linked incident with its state; a requester only their own.
    expect((await g.problems.incidents(moderator, problem.reference)).map((i) => i.reference)).toEqual([
      a.reference,
      b.reference,
    ]);

    // Unlinking is on the timeline too, and the ticket is free for another problem.
    await g.problems.unlink(moderator, problem.reference, b.reference);
    expect((await g.tickets.get(rennes, b.reference)).linkedProblem).toBeNull();
    await expect(g.problems.unlink(moderator, problem.reference, b.reference)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { rule: 'incident_not_linked' },
    });
    await g.problems.link(moderator, second.reference, { incident: b.reference });
    expect(await g.problems.ofTicket(rennes, b.reference)).toMatchObject({
      view: 'public',
      problem: { reference: second.reference },
    });
  });
});

describe('a problem stays a problem', () => {
  it('refuses changing a type to or from problem, on assignment and edit alike', async () => {
    const { g, moderator, lyon, problem, incident } = await givenMoodle();
    const a = await incident(lyon, 'Moodle inaccessible');
    const refusal = (field: string, rule: string) => ({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field, rule }] },
    });
    // Given an incident: it does not become a problem, by an edit or a reassignment
    await expect(
      g.tickets.act(moderator, a.reference, { action: 'edit', changes: { type: 'problem' } }),
    ).rejects.toMatchObject(refusal('changes.type', 'field.cannot_become_problem'));
    await expect(
      g.tickets.act(moderator, a.reference, {
        action: 'reassign',
        type: 'problem',
        team: 'network-db',
        agent: 'netdb.tech@insa-toulouse.fr',
      }),
    ).rejects.toMatchObject(refusal('type', 'field.cannot_become_problem'));
    // Given the problem: it stays one, when assigned or edited
    await expect(
      g.tickets.act(moderator, problem.reference, {
        action: 'assign',
        type: 'incident',
        team: 'network-db',
        agent: 'netdb.tech@insa-toulouse.fr',
      }),
    ).rejects.toMatchObject(refusal('type', 'field.problem_stays_problem'));
    await expect(
      g.tickets.act(moderator, problem.reference, { action: 'edit', changes: { type: 'request' } }),
    ).rejects.toMatchObject(refusal('changes.type', 'field.problem_stays_problem'));
    // Then nothing changed, and the refusal reads in French and English
    expect((await g.tickets.get(moderator, problem.reference)).type).toBe('problem');
    expect((await g.tickets.get(moderator, a.reference)).type).toBe('incident');
    const error = await g.tickets
      .act(moderator, problem.reference, { action: 'edit', changes: { type: 'request' } })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).localized('fr')).toContain('un problème reste un problème');
    expect((error as DomainError).localized('en')).toContain('a problem stays a problem');
    // An incident and a request still trade their types
    const edited = await g.tickets.act(moderator, a.reference, {
      action: 'edit',
      changes: { type: 'request' },
    });
    expect(edited.type).toBe('request');
  });

  it('links an incident only to an open problem the caller sees, through edit and link alike', async () => {
    const { g, moderator, netdb, lyon, rennes, problem, incident } = await givenMoodle();
    const a = await incident(lyon, 'Moodle inaccessible');
    const b = await incident(rennes, 'Moodle lent');
    const linkTo = (who: PersonCaller, ticket: string, linkedProblem: string | null) =>
      g.tickets.act(who, ticket, { action: 'edit', changes: { linkedProblem } });
    const refusal = (rule: string) => ({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'changes.linkedProblem', rule }] },
    });
    // An incident, or the ticket itself, is not a problem
    await expect(linkTo(moderator, a.reference, b.reference)).rejects.toMatchObject(
      refusal('field.not_a_problem'),
    );
    await expect(linkTo(moderator, a.reference, a.reference)).rejects.toMatchObject(
      refusal('field.not_a_problem'),
    );
    // A problem the caller cannot see is unknown to them (netdb is the incident's agent)
    await expect(linkTo(netdb, a.reference, problem.reference)).rejects.toMatchObject(
      refusal('field.unknown'),
    );
    // A problem does not link to a problem
    const second = await g.tickets.create(moderator, {
      title: 'Autre problème',
      description: 'Lenteurs',
      service: 'moodle',
      type: 'problem',
    });
    await expect(linkTo(moderator, second.reference, problem.reference)).rejects.toMatchObject(
      refusal('field.problem_cannot_link'),
    );
    // An open problem takes it
    expect((await linkTo(moderator, a.reference, problem.reference)).linkedProblem).toBe(problem.reference);
    // A closed problem takes no more, by either path
    await g.tickets.act(moderator, second.reference, {
      action: 'assign',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });
    await g.tickets.act(moderator, second.reference, {
      action: 'resolve',
      service: 'moodle',
      solution: 'Index',
    });
    await g.tickets.act(moderator, second.reference, { action: 'close' });
    await expect(linkTo(moderator, b.reference, second.reference)).rejects.toMatchObject(
      refusal('field.problem_not_open'),
    );
    await expect(
      g.problems.link(moderator, second.reference, { incident: b.reference }),
    ).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { rule: 'problem_not_in_status' },
    });
    expect((await g.tickets.get(moderator, b.reference)).linkedProblem).toBeNull();
    // Nor does a closed problem let its incidents go, by either path (nor move to another problem)
    const c = await incident(lyon, 'Moodle bloqué');
    const third = await g.tickets.create(moderator, {
      title: 'Troisième problème',
      description: 'Quiz',
      service: 'moodle',
      type: 'problem',
    });
    expect((await linkTo(moderator, c.reference, third.reference)).linkedProblem).toBe(third.reference);
    await g.tickets.act(moderator, third.reference, {
      action: 'assign',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });
    await g.tickets.act(moderator, third.reference, {
      action: 'resolve',
      service: 'moodle',
      solution: 'Quiz',
    });
    await g.tickets.act(moderator, third.reference, { action: 'close' });
    await expect(linkTo(moderator, c.reference, null)).rejects.toMatchObject(
      refusal('field.problem_links_frozen'),
    );
    await expect(linkTo(moderator, c.reference, problem.reference)).rejects.toMatchObject(
      refusal('field.problem_links_frozen'),
    );
    await expect(g.problems.unlink(moderator, third.reference, c.reference)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect((await g.tickets.get(moderator, c.reference)).linkedProblem).toBe(third.reference);
    // Other edits of the incident still work
    expect(
      (await g.tickets.act(moderator, c.reference, { action: 'edit', changes: { title: 'Quiz bloqué' } }))
        .title,
    ).toBe('Quiz bloqué');
  });

  it('routing qualifies an untyped ticket with a rule’s default type, never one linked to a problem', async () => {
    const { g, moderator, lyon, problem } = await givenMoodle();
    // Given two untyped tickets waiting for dispatch, one of them linked to the problem
    const open = () =>
      g.tickets.create(lyon, { title: 'Moodle inaccessible', description: 'Erreur', service: 'moodle' });
    const linked = await open();
    const free = await open();
    expect(linked).toMatchObject({ status: 'new', type: null });
    await g.tickets.act(moderator, linked.reference, {
      action: 'edit',
      changes: { linkedProblem: problem.reference },
    });
    // And a rule that routes Moodle tickets as problems
    await g.catalogue.upsertRoutingRule({
      code: 'moodle-problems',
      position: 5,
      match: { service: 'moodle' },
      team: 'network-db',
      defaultType: 'problem',
    });
    // When both go back to dispatch (the requester answers a question)
    for (const t of [linked, free]) {
      await g.tickets.act(moderator, t.reference, { action: 'request_info', question: 'Depuis quand ?' });
      await g.tickets.act(lyon, t.reference, { action: 'reply', body: 'Depuis ce matin' });
    }
    // Then the free one is qualified as a problem, the linked one waits for a moderator, untyped
    expect(await g.tickets.get(moderator, free.reference)).toMatchObject({
      status: 'assigned',
      type: 'problem',
    });
    expect(await g.tickets.get(moderator, linked.reference)).toMatchObject({
      status: 'new',
      type: null,
      linkedProblem: problem.reference,
    });
  });
});

describe('resolving a problem and its incidents', () => {
  it('resolves each open incident on its own; a refused one leaves the others resolved; a re-run skips them', async () => {
    const { g, moderator, lyon, rennes, rouen, problem, incident } = await givenMoodle();
    const a = await incident(lyon, 'Moodle inaccessible');
    const b = await incident(rennes, 'Erreur base de données');
    // Not yet assigned: `resolve` is not possible from `new`.
    const c = await incident(rouen, 'Connexion impossible', { assign: false });
    for (const t of [a, b, c]) await g.problems.link(moderator, problem.reference, { incident: t.reference });
    await g.tickets.act(moderator, problem.reference, {
      action: 'assign',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });

    // Without a solution (the problem is not resolved yet), nothing is done.
    await expect(g.problems.resolveIncidents(moderator, problem.reference, {})).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'solution' }] },
    });

    const report = await g.problems.resolveIncidents(moderator, problem.reference, {
      resolveProblem: true,
      solution: 'Réplica PostgreSQL resynchronisé ; reconnectez-vous.',
    });
    expect(report.problem).toEqual({ reference: problem.reference, status: 'resolved', outcome: 'resolved' });
    expect(report.notVisible).toBe(0);
    expect(report.incidents).toEqual([
      { reference: a.reference, outcome: 'resolved', status: 'resolved' },
      { reference: b.reference, outcome: 'resolved', status: 'resolved' },
      {
        reference: c.reference,
        outcome: 'refused',
        code: 'INVALID_TRANSITION',
        rule: 'action_not_allowed_in_status',
        message: expect.stringContaining('nouveau'),
      },
    ]);
    // Each resolved incident went through its own `resolve`: its event, its solution, its requester told.
    for (const t of [a, b]) {
      const view = await g.tickets.get(moderator, t.reference);
      expect(view).toMatchObject({
        status: 'resolved',
        solution: 'Réplica PostgreSQL resynchronisé ; reconnectez-vous.',
        subService: 'moodle.access',
      });
      const resolved = (await g.tickets.timeline(moderator, t.reference)).filter(
        (e) => e.type === 'resolved',
      );
      expect(resolved).toHaveLength(1);
    }
    expect((await g.tickets.get(moderator, c.reference)).status).toBe('new');

    // Once c is assigned, running again resolves it and skips the others (with the problem's solution).
    await g.tickets.act(moderator, c.reference, {
      action: 'assign',
      type: 'incident',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });
    const again = await g.problems.resolveIncidents(moderator, problem.reference, { resolveProblem: true });
    expect(again.problem.outcome).toBe('unchanged');
    expect(again.incidents.map((i) => [i.reference, i.outcome])).toEqual([
      [a.reference, 'skipped'],
      [b.reference, 'skipped'],
      [c.reference, 'resolved'],
    ]);
    expect(
      (await g.tickets.timeline(moderator, a.reference)).filter((e) => e.type === 'resolved'),
    ).toHaveLength(1);
  });

  it('refuses people who do not handle the problem, and reports incidents the caller cannot see only as a count', async () => {
    const { g, moderator, scenariModerator, admin, lyon, problem, incident } = await givenMoodle();
    const a = await incident(lyon, 'Moodle inaccessible');
    await g.problems.link(moderator, problem.reference, { incident: a.reference });
    // A Scenari incident linked to the Moodle problem by the functional admin.
    const scenari = await g.tickets.create(scenariModerator, {
      requester: 'agent@insa-rouen.fr',
      title: 'Opale : base de données illisible',
      description: 'database read error',
      service: 'scenari',
    });
    await g.problems.link(admin, problem.reference, { incident: scenari.reference });
    await expect(
      g.problems.resolveIncidents(lyon, problem.reference, { solution: 'x' }),
    ).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND' });
    await expect(
      g.problems.resolveIncidents(scenariModerator, problem.reference, { solution: 'x' }),
    ).rejects.toMatchObject({ code: 'TICKET_NOT_FOUND' });
    const report = await g.problems.resolveIncidents(moderator, problem.reference, { solution: 'Corrigé' });
    expect(report.incidents.map((i) => i.reference)).toEqual([a.reference]);
    expect(report.notVisible).toBe(1);
    expect((await g.tickets.get(admin, scenari.reference)).status).not.toBe('resolved');
  });
});

describe('announcements linked to a problem', () => {
  it('resolving the problem posts a resolved update to each open linked announcement, each on its own', async () => {
    const { g, moderator, netdb, lyon, problem, incident } = await givenMoodle();
    const a = await incident(lyon, 'Moodle inaccessible');
    await g.problems.link(moderator, problem.reference, { incident: a.reference });
    await g.tickets.act(moderator, problem.reference, {
      action: 'assign',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });
    // Given two announcements about the problem (one already resolved) and one about nothing in particular
    const open = await g.announcements.create(moderator, {
      title: { fr: 'OpenINSA : erreurs de lecture' },
      severity: 'outage',
      services: ['moodle'],
      linkedTicket: problem.reference,
    });
    const over = await g.announcements.create(moderator, {
      title: { fr: 'OpenINSA : lenteurs hier' },
      severity: 'degraded',
      services: ['moodle'],
      linkedTicket: problem.reference,
    });
    await g.announcements.addUpdate(moderator, over.id, {
      status: 'resolved',
      message: { fr: 'Terminé' },
    });
    const unrelated = await g.announcements.create(moderator, {
      title: { fr: 'Maintenance Moodle' },
      severity: 'maintenance',
      services: ['moodle'],
    });
    const message = { fr: 'OpenINSA fonctionne de nouveau.', en: 'OpenINSA works again.' };

    // A message while the problem stays open is refused before anything is touched
    await expect(
      g.problems.resolveIncidents(moderator, problem.reference, {
        solution: 'x',
        announcementMessage: message,
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'announcementMessage', rule: 'field.announcement_problem_open' }] },
    });
    expect((await g.tickets.get(moderator, a.reference)).status).toBe('assigned');

    // A technician of the team may resolve the problem, not speak for the service: the update is refused
    // there, the incidents are resolved all the same
    const byTech = await g.problems.resolveIncidents(netdb, problem.reference, {
      resolveProblem: true,
      solution: 'Réplica resynchronisé.',
      announcementMessage: message,
    });
    expect(byTech.problem.outcome).toBe('resolved');
    expect(byTech.incidents).toEqual([{ reference: a.reference, outcome: 'resolved', status: 'resolved' }]);
    expect(byTech.announcements).toEqual([
      {
        id: open.id,
        outcome: 'refused',
        code: 'FORBIDDEN',
        rule: 'announcement_not_moderator',
        message: expect.any(String),
      },
    ]);

    // Without a message, the open announcement is only reported
    const plain = await g.problems.resolveIncidents(moderator, problem.reference, {});
    expect(plain.announcements).toEqual([{ id: open.id, outcome: 'open' }]);

    // When the moderator runs it with the message (the problem is resolved already)
    const report = await g.problems.resolveIncidents(moderator, problem.reference, {
      announcementMessage: message,
    });
    // Then the open one gets a resolved update and ends; the others are untouched
    expect(report.announcements).toEqual([{ id: open.id, outcome: 'resolved' }]);
    const after = await g.announcements.get('anonymous', open.id);
    expect(after).toMatchObject({ phase: 'resolved', state: 'past', version: open.version + 1 });
    expect(after.updates.map((u) => [u.status, u.message])).toEqual([['resolved', message]]);
    expect((await g.announcements.get(moderator, over.id)).updates).toHaveLength(1);
    expect((await g.announcements.get(moderator, unrelated.id)).phase).toBeNull();
    // And a re-run has nothing left to do
    expect(
      (await g.problems.resolveIncidents(moderator, problem.reference, { announcementMessage: message }))
        .announcements,
    ).toEqual([]);
  });
});

describe('suggested links', () => {
  it('suggests open, unlinked incidents of the service in the window with similar text, saying why', async () => {
    const start = new Date('2026-11-10T09:00:00Z');
    const { g, moderator, lyon, rennes, rouen, vrTech, problem, incident, setNow } = await givenMoodle(start);
    const alike = await incident(lyon, 'Erreur de lecture base de données Moodle', { assign: false });
    const words = await incident(rennes, 'Accès impossible', { assign: false });
    const unrelated = await g.tickets.create(rouen, {
      title: 'Inscription à un cours',
      description: 'Je ne trouve pas le cours de thermodynamique.',
      service: 'moodle',
    });
    const elsewhere = await g.tickets.create(rouen, {
      title: 'Erreur de lecture de la base de données',
      description: 'database read error dans Opale',
      service: 'scenari',
    });
    setNow(new Date(start.getTime() + 5 * DAY));
    const late = await incident(rouen, 'Erreur de lecture de la base de données Moodle', { assign: false });
    setNow(start);
    const linked = await incident(rouen, 'Erreur de lecture de la base de données Moodle (bis)', {
      assign: false,
    });
    await g.problems.link(moderator, problem.reference, { incident: linked.reference });

    const suggestions = await g.problems.suggest(moderator, problem.reference);
    const refs = suggestions.map((s) => s.reference);
    expect(refs).toContain(alike.reference);
    expect(refs).toContain(words.reference);
    for (const not of [unrelated, elsewhere, late, linked, problem])
      expect(refs).not.toContain(not.reference);
    const first = suggestions.find((s) => s.reference === alike.reference);
    expect(first?.reasons.map((r) => r.kind)).toEqual([
      'same_service',
      'time_window',
      'similar_title',
      'shared_terms',
    ]);
    expect(first?.reasons[0]).toEqual({ kind: 'same_service', value: 'moodle' });
    const second = suggestions.find((s) => s.reference === words.reference);
    expect(second?.reasons.find((r) => r.kind === 'shared_terms')?.terms).toEqual(
      expect.arrayContaining(['databas', 'error']),
    );
    expect(suggestions[0]?.reference).toBe(alike.reference);

    // A wider window finds the late one.
    const wide = await g.problems.suggest(moderator, problem.reference, { windowDays: 7 });
    expect(wide.map((s) => s.reference)).toContain(late.reference);

    // Only for those who handle the problem.
    await expect(g.problems.suggest(vrTech, problem.reference)).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });
    await expect(g.problems.suggest(moderator, problem.reference, { windowDays: -1 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'windowDays' }] },
    });
  });
});
