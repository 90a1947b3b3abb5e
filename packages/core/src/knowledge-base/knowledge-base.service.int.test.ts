/**
 * The knowledge base on a real PostgreSQL: who may do what through the service, revisions and
 * restore, concurrent edits, drafts from resolutions, and that nothing internal reaches a requester.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGuichet, givenDemoCatalogue, givenPerson, type TestGuichet } from '../../testing/index.ts';
import type { PersonCaller } from '../people/authority.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

async function givenKb() {
  guichet = await createTestGuichet();
  const g = guichet;
  const staff = await givenDemoCatalogue(g);
  const people = {
    scenariTech: await staff('scenari.tech@insa-rouen.fr'),
    scenariModerator: await staff('scenari.moderation@insa-rouen.fr'),
    vrTech: await staff('vr.tech@insa-rennes.fr'),
    vrManager: await staff('vr.manager@insa-rennes.fr'),
    moodleModerator: await staff('moodle.moderation@insa-lyon.fr'),
    admin: await staff('admin@groupe-insa.fr'),
    requester: await givenPerson(g, { email: 'etudiant@insa-lyon.fr' }),
  };
  await g.knowledgeBase.upsertTag(people.scenariModerator, {
    code: 'libreoffice',
    label: 'LibreOffice',
    synonyms: ['odt', 'writer', 'open office'],
  });
  await g.knowledgeBase.upsertTag(people.scenariModerator, { code: 'opale', label: 'Opale' });
  return { g, ...people };
}

/** A Scenari ticket resolved by the technician, with a public exchange and an internal note. */
async function givenResolvedScenariTicket(
  g: TestGuichet,
  who: { scenariModerator: PersonCaller; scenariTech: PersonCaller },
) {
  await givenPerson(g, { email: 'enseignante@insa-rouen.fr', affiliation: 'faculty' });
  const t = await g.tickets.create(who.scenariModerator, {
    requester: 'enseignante@insa-rouen.fr',
    title: 'La génération .odt échoue dans le modèle Opale',
    description: 'La publication ODT s’arrête sur une erreur de transformation.',
    service: 'scenari',
    subService: 'scenari.opale',
    channel: 'email',
  });
  await g.tickets.act(who.scenariTech, t.reference, {
    action: 'note',
    body: 'SECRET interne : mot de passe Kelis ici',
  });
  await g.tickets.act(who.scenariTech, t.reference, {
    action: 'reply',
    body: 'Quelle version d’Opale utilisez-vous ?',
  });
  await g.tickets.act(who.scenariTech, t.reference, {
    action: 'resolve',
    service: 'scenari',
    subService: 'scenari.opale',
    solution: 'Bug XSLT d’Opale 5.0.3, corrigé par la mise à jour 5.0.4 livrée par Kelis.',
  });
  return t;
}

describe('who may do what, through the service', () => {
  it('writers of the service draft, its moderators publish, archive and restore; others are refused', async () => {
    const { g, scenariTech, scenariModerator, vrTech, vrManager, moodleModerator, requester, admin } =
      await givenKb();
    const draft = { title: 'Exporter un module Opale', kind: 'how_to' as const, services: ['scenari.opale'] };
    // Given people who do not handle Scenari, when they write for it: refused.
    for (const who of [requester, vrTech, vrManager, moodleModerator]) {
      await expect(g.knowledgeBase.create(who, draft)).rejects.toMatchObject({
        code: 'FORBIDDEN',
        details: { rule: 'article_role_not_allowed' },
      });
    }
    await expect(g.knowledgeBase.create('anonymous', draft)).rejects.toMatchObject({
      details: { rule: 'sign_in_required' },
    });
    // The technician of the team Scenari is routed to writes the draft.
    const a = await g.knowledgeBase.create(scenariTech, draft);
    expect(a).toMatchObject({
      status: 'draft',
      revision: 1,
      audience: 'internal',
      services: ['scenari.opale'],
    });
    expect(a.owner?.email).toBe('scenari.tech@insa-rouen.fr');
    expect(a.actions).toEqual(['edit', 'submit', 'delete']);
    // Nobody else reads it: requesters, staff of other services (exactly like a missing article).
    for (const who of [requester, vrTech, moodleModerator, 'anonymous' as const]) {
      await expect(g.knowledgeBase.get(who, a.reference)).rejects.toMatchObject({
        code: 'NOT_FOUND',
        details: { rule: 'article_not_found' },
      });
    }
    // The technician may not publish; the Scenari moderator and functional admins may.
    await expect(
      g.knowledgeBase.changeStatus(scenariTech, a.reference, { action: 'publish' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      g.knowledgeBase.changeStatus(moodleModerator, a.reference, { action: 'publish' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const submitted = await g.knowledgeBase.changeStatus(scenariTech, a.reference, { action: 'submit' });
    expect(submitted.status).toBe('in_review');
    const published = await g.knowledgeBase.changeStatus(scenariModerator, a.reference, {
      action: 'publish',
      audience: 'requesters',
    });
    expect(published).toMatchObject({ status: 'published', audience: 'requesters', revision: 3 });
    expect(published.publishedAt).not.toBeNull();
    // A published article is edited by its publishers only.
    await expect(g.knowledgeBase.update(scenariTech, a.reference, { summary: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Requesters read it now (without staff details) and vote; anonymous callers do not (requesters only).
    const seen = await g.knowledgeBase.get(requester, a.reference);
    expect(seen).toMatchObject({ owner: null, reviewers: [], linkedTickets: [], actions: ['vote'] });
    await expect(g.knowledgeBase.get('anonymous', a.reference)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const voted = await g.knowledgeBase.vote(requester, a.reference, { value: 'helpful' });
    expect(voted.votes).toEqual({ helpful: 1, notHelpful: 0, mine: 'helpful' });
    // One vote per person per revision: voting again changes it.
    expect((await g.knowledgeBase.vote(requester, a.reference, { value: 'not_helpful' })).votes).toEqual({
      helpful: 0,
      notHelpful: 1,
      mine: 'not_helpful',
    });
    await expect(g.knowledgeBase.vote('anonymous', a.reference, { value: 'helpful' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { rule: 'sign_in_required' },
    });
    // Archive and restore: moderators of the service and functional admins only.
    await expect(
      g.knowledgeBase.changeStatus(scenariTech, a.reference, { action: 'archive' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const archived = await g.knowledgeBase.changeStatus(admin, a.reference, { action: 'archive' });
    expect(archived.status).toBe('archived');
    await expect(g.knowledgeBase.get(requester, a.reference)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(g.knowledgeBase.restore(scenariTech, a.reference, 1)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const restored = await g.knowledgeBase.restore(scenariModerator, a.reference, 3);
    expect(restored).toMatchObject({ status: 'draft', revision: 5 });
    // A draft that was once published is archived, not deleted.
    await expect(g.knowledgeBase.delete(scenariModerator, a.reference)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { rule: 'article_was_published' },
    });
  });

  it('a never-published draft is deleted with its history; the revisions cannot be rewritten', async () => {
    const { g, scenariTech } = await givenKb();
    const a = await g.knowledgeBase.create(scenariTech, {
      title: 'Brouillon jetable',
      kind: 'faq',
      services: ['scenari'],
    });
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: g.databaseUrl });
    await client.connect();
    try {
      await expect(client.query(`update article_revision set changes = '[]'`)).rejects.toThrow(/immutable/);
      await expect(client.query('delete from article_revision')).rejects.toThrow(/immutable/);
      await g.knowledgeBase.delete(scenariTech, a.reference);
      expect((await client.query('select count(*)::int as n from article_revision')).rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
    await expect(g.knowledgeBase.get(scenariTech, a.reference)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the tag vocabulary is managed by moderators and functional admins; unknown tags are refused', async () => {
    const { g, scenariTech, requester, admin } = await givenKb();
    for (const who of [scenariTech, requester]) {
      await expect(g.knowledgeBase.upsertTag(who, { code: 'moodle', label: 'Moodle' })).rejects.toMatchObject(
        {
          code: 'FORBIDDEN',
        },
      );
    }
    expect(
      await g.knowledgeBase.upsertTag(admin, {
        code: 'moodle',
        label: 'Moodle',
        synonyms: ['OpenINSA', 'moodle'],
      }),
    ).toEqual({
      code: 'moodle',
      label: 'Moodle',
      synonyms: ['openinsa'],
    });
    await expect(
      g.knowledgeBase.create(scenariTech, { title: 'x', kind: 'faq', services: ['scenari'], tags: ['nope'] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'tags.0', rule: 'field.unknown' }] },
    });
    expect((await g.knowledgeBase.tags('anonymous')).map((t) => t.code)).toEqual([
      'libreoffice',
      'moodle',
      'opale',
    ]);
  });
});

describe('revisions, restore and concurrent edits', () => {
  it('every change is a revision with its author and what changed; any revision can be shown and restored', async () => {
    const { g, scenariTech, scenariModerator, requester } = await givenKb();
    const a = await g.knowledgeBase.create(scenariTech, {
      title: 'Opale : images absentes',
      kind: 'known_error',
      symptom: 'Les images manquent dans le PDF',
      services: ['scenari.opale'],
      tags: ['opale'],
    });
    const edited = await g.knowledgeBase.update(
      scenariTech,
      a.reference,
      { title: 'Opale : images absentes du PDF', cause: 'Chemins relatifs' },
      { expectedVersion: a.version },
    );
    expect(edited.revision).toBe(2);
    await g.knowledgeBase.update(scenariModerator, a.reference, { solution: 'Réimporter les images' });
    const revisions = await g.knowledgeBase.revisions(scenariTech, a.reference);
    expect(revisions.map((r) => [r.number, r.action, r.author.email, r.changes])).toEqual([
      [3, 'edited', 'scenari.moderation@insa-rouen.fr', ['solution']],
      [2, 'edited', 'scenari.tech@insa-rouen.fr', ['title', 'cause']],
      [1, 'created', 'scenari.tech@insa-rouen.fr', ['*']],
    ]);
    const first = await g.knowledgeBase.revision(scenariTech, a.reference, 1);
    expect(first.content).toMatchObject({
      title: 'Opale : images absentes',
      cause: null,
      services: ['scenari.opale'],
      tags: ['opale'],
      owner: 'scenari.tech@insa-rouen.fr',
      status: 'draft',
    });
    // Restoring revision 1 is a new revision 4: history is never rewritten.
    const restored = await g.knowledgeBase.restore(scenariModerator, a.reference, 1);
    expect(restored).toMatchObject({
      revision: 4,
      title: 'Opale : images absentes',
      cause: null,
      solution: null,
    });
    const last = (await g.knowledgeBase.revisions(scenariTech, a.reference))[0]!;
    expect(last).toMatchObject({ number: 4, action: 'restored', restoredFrom: 1 });
    expect(new Set(last.changes)).toEqual(new Set(['title', 'cause', 'solution']));
    await expect(g.knowledgeBase.revision(scenariTech, a.reference, 9)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // The history is for those who read drafts: not for requesters, even of a published article.
    await g.knowledgeBase.changeStatus(scenariModerator, a.reference, {
      action: 'publish',
      audience: 'public',
    });
    await expect(g.knowledgeBase.revisions(requester, a.reference)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a stale version is CONFLICT, and two concurrent edits never silently overwrite each other', async () => {
    const { g, scenariTech, scenariModerator } = await givenKb();
    const a = await g.knowledgeBase.create(scenariTech, {
      title: 'Concurrence',
      kind: 'faq',
      services: ['scenari'],
    });
    await g.knowledgeBase.update(
      scenariTech,
      a.reference,
      { summary: 'première' },
      { expectedVersion: a.version },
    );
    await expect(
      g.knowledgeBase.update(
        scenariModerator,
        a.reference,
        { summary: 'seconde' },
        { expectedVersion: a.version },
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { rule: 'article_stale_version' } });
    // Both at the same moment: one wins, the other is CONFLICT, never both written.
    const current = await g.knowledgeBase.get(scenariTech, a.reference);
    const results = await Promise.allSettled([
      g.knowledgeBase.update(
        scenariTech,
        a.reference,
        { summary: 'A' },
        { expectedVersion: current.version },
      ),
      g.knowledgeBase.update(
        scenariModerator,
        a.reference,
        { summary: 'B' },
        { expectedVersion: current.version },
      ),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ code: 'CONFLICT' });
    const after = await g.knowledgeBase.get(scenariTech, a.reference);
    expect(after.revision).toBe(current.revision + 1);
  });
});

describe('translations and links', () => {
  it('a translation is linked both ways and shown only to those who may read it', async () => {
    const { g, scenariModerator, requester } = await givenKb();
    const fr = await g.knowledgeBase.create(scenariModerator, {
      title: 'Exporter en ODT',
      kind: 'faq',
      services: ['scenari'],
    });
    await g.knowledgeBase.changeStatus(scenariModerator, fr.reference, {
      action: 'publish',
      audience: 'public',
    });
    const en = await g.knowledgeBase.create(scenariModerator, {
      title: 'Exporting to ODT',
      kind: 'faq',
      language: 'en',
      services: ['scenari'],
      translation: fr.reference,
    });
    expect(en.translation).toBe(fr.reference);
    expect((await g.knowledgeBase.get(scenariModerator, fr.reference)).translation).toBe(en.reference);
    // The English draft is not readable by a requester: the French article names no translation to them.
    expect((await g.knowledgeBase.get(requester, fr.reference)).translation).toBeNull();
    // Same language: refused, naming the field.
    await expect(
      g.knowledgeBase.create(scenariModerator, {
        title: 'Autre',
        kind: 'faq',
        services: ['scenari'],
        translation: fr.reference,
      }),
    ).rejects.toMatchObject({ details: { fields: [{ field: 'translation', rule: 'field.same_language' }] } });
  });
});

describe('from a resolution in one step', () => {
  it('prefills a draft from a resolved ticket, never from internal notes, links both ways and records it on the timeline', async () => {
    const { g, scenariTech, scenariModerator, vrTech, requester } = await givenKb();
    const t = await givenResolvedScenariTicket(g, { scenariModerator, scenariTech });
    // Not by those who do not work on it (the requester of another ticket, staff of other services)
    await expect(g.knowledgeBase.createFromTicket(requester, t.reference)).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });
    await expect(g.knowledgeBase.createFromTicket(vrTech, t.reference)).rejects.toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });
    const teacher = await g.catalogue.describePerson('enseignante@insa-rouen.fr');
    await expect(
      g.knowledgeBase.createFromTicket({ personId: teacher.id }, t.reference),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { rule: 'ticket_staff_only' },
    });
    const a = await g.knowledgeBase.createFromTicket(scenariTech, t.reference);
    expect(a).toMatchObject({
      kind: 'known_error',
      status: 'draft',
      audience: 'internal',
      title: 'La génération .odt échoue dans le modèle Opale',
      services: ['scenari', 'scenari.opale'],
      solution: 'Bug XSLT d’Opale 5.0.3, corrigé par la mise à jour 5.0.4 livrée par Kelis.',
      linkedTickets: [t.reference],
    });
    expect(a.tags.sort()).toEqual(['libreoffice', 'opale']);
    expect(a.symptom).toContain('La publication ODT s’arrête sur une erreur de transformation.');
    expect(a.symptom).toContain('Support : Quelle version d’Opale utilisez-vous ?');
    expect(a.symptom).not.toContain('SECRET');
    expect(JSON.stringify(a)).not.toContain('SECRET');
    expect((await g.knowledgeBase.revisions(scenariTech, a.reference))[0]).toMatchObject({
      action: 'created_from_ticket',
    });
    // The ticket's timeline records it, for staff only (drafts are internal).
    const timeline = await g.tickets.timeline(scenariTech, t.reference);
    expect(timeline.at(-1)).toMatchObject({
      type: 'article_created',
      visibility: 'internal',
      actor: { email: 'scenari.tech@insa-rouen.fr' },
      data: { article: a.reference, title: a.title },
    });
    const seenByRequester = await g.tickets.timeline({ personId: teacher.id }, t.reference);
    expect(seenByRequester.map((e) => e.type)).not.toContain('article_created');
    // Linked from the ticket's side too: staff see it, the requester sees no draft.
    expect((await g.knowledgeBase.forTicket(scenariModerator, t.reference)).map((x) => x.reference)).toEqual([
      a.reference,
    ]);
    expect(await g.knowledgeBase.forTicket({ personId: teacher.id }, t.reference)).toEqual([]);
  });

  it('from a problem: the known error is linked to the problem it documents', async () => {
    const { g, scenariTech, scenariModerator } = await givenKb();
    await givenPerson(g, { email: 'enseignant@insa-rouen.fr' });
    const problem = await g.tickets.create(scenariModerator, {
      requester: 'enseignant@insa-rouen.fr',
      title: 'Opale 5.0.3 casse la génération ODT',
      description: 'Plusieurs établissements touchés',
      service: 'scenari',
      type: 'problem',
    });
    await g.tickets.act(scenariTech, problem.reference, {
      action: 'resolve',
      service: 'scenari',
      solution: 'Opale 5.0.4',
    });
    const a = await g.knowledgeBase.createFromTicket(scenariTech, problem.reference, {
      audience: 'requesters',
      summary: 'Mettre à jour Opale en 5.0.4',
    });
    expect(a).toMatchObject({
      kind: 'known_error',
      linkedProblem: problem.reference,
      audience: 'requesters',
      summary: 'Mettre à jour Opale en 5.0.4',
    });
  });

  it('refuses a ticket that is not resolved, and writes nothing', async () => {
    const { g, scenariTech, scenariModerator } = await givenKb();
    await givenPerson(g, { email: 'enseignant@insa-rouen.fr' });
    const t = await g.tickets.create(scenariModerator, {
      requester: 'enseignant@insa-rouen.fr',
      title: 'Opale plante',
      description: 'Au lancement',
      service: 'scenari',
    });
    await expect(g.knowledgeBase.createFromTicket(scenariTech, t.reference)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { rule: 'ticket_not_resolved' },
    });
    expect((await g.knowledgeBase.search(scenariTech, {})).total).toBe(0);
    expect((await g.tickets.timeline(scenariTech, t.reference)).map((e) => e.type)).not.toContain(
      'article_created',
    );
  });
});
