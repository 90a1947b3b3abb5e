/**
 * A service's default team: when no routing rule gives a technician, the default team of the
 * ticket's service (or of its nearest ancestor that has one) receives the ticket, with its least
 * loaded active technician, like a rule. Without a technician there, it waits in the moderators'
 * queue.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGuichet, givenDemoCatalogue, givenPerson, type TestGuichet } from '../../testing/index.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

/** The demo catalogue plus a service tree with default teams at chosen levels. */
async function given() {
  guichet = await createTestGuichet();
  const g = guichet;
  await givenDemoCatalogue(g);
  await g.catalogue.upsertTeam({ code: 'visio', name: 'Équipe visioconférence' });
  await g.catalogue.upsertTeam({ code: 'visio-salles', name: 'Salles de visioconférence' });
  await g.catalogue.upsertTeam({ code: 'sans-personne', name: 'Équipe sans technicien' });
  for (const [email, team] of [
    ['ana.visio@insa-lyon.fr', 'visio'],
    ['bruno.visio@insa-lyon.fr', 'visio'],
    ['carla.salles@insa-lyon.fr', 'visio-salles'],
  ] as const) {
    await g.catalogue.upsertPerson({ email, displayName: email, affiliation: 'staff' });
    await g.catalogue.grantProfile({ person: email, profile: 'technician', team });
  }
  await g.catalogue.upsertService({ code: 'visio', name: 'Visioconférence', defaultTeam: 'visio' });
  await g.catalogue.upsertService({ code: 'visio.web', name: 'Visio dans le navigateur', parent: 'visio' });
  await g.catalogue.upsertService({
    code: 'visio.salles',
    name: 'Salles équipées',
    parent: 'visio',
    defaultTeam: 'visio-salles',
  });
  await g.catalogue.upsertService({ code: 'wiki', name: 'Wiki du groupe', defaultTeam: 'sans-personne' });
  const student = await givenPerson(g);
  const open = (service: string, extra: { subService?: string; type?: 'incident' } = {}) =>
    g.tickets.create(student, {
      title: 'La visio coupe',
      description: 'Au bout de 5 minutes',
      service,
      ...extra,
    });
  return { g, student, open };
}

describe('routing to a service’s default team', () => {
  it('with no matching rule, the service’s default team and its least loaded technician receive it', async () => {
    // Given Ana already has a ticket of the visio team
    const { g, student, open } = await given();
    const first = await open('visio');
    expect(first).toMatchObject({ status: 'assigned', team: 'visio' });
    const firstAgent = first.agent?.email;
    // When another ticket arrives on the same service
    const second = await open('visio');
    // Then it goes to the other, less loaded technician, as a request for assistance
    expect(second).toMatchObject({ status: 'assigned', team: 'visio', type: 'request' });
    expect([firstAgent, second.agent?.email].sort()).toEqual([
      'ana.visio@insa-lyon.fr',
      'bruno.visio@insa-lyon.fr',
    ]);
    // And the timeline says the service's default team decided
    const timeline = await g.tickets.timeline(student, second.reference);
    expect(timeline.find((e) => e.type === 'assigned')).toMatchObject({
      actor: null,
      data: { defaultTeamOf: 'visio' },
    });
  });

  it('a sub-service without a default team takes its parent’s; one with its own takes its own', async () => {
    const { open } = await given();
    expect(await open('visio', { subService: 'visio.web' })).toMatchObject({
      status: 'assigned',
      team: 'visio',
    });
    expect(await open('visio', { subService: 'visio.salles' })).toMatchObject({
      status: 'assigned',
      team: 'visio-salles',
      agent: { email: 'carla.salles@insa-lyon.fr' },
    });
  });

  it('keeps the type the ticket was given', async () => {
    const { open } = await given();
    expect(await open('visio', { type: 'incident' })).toMatchObject({ status: 'assigned', type: 'incident' });
  });

  it('a matching routing rule comes first', async () => {
    const { g, open } = await given();
    await g.catalogue.upsertRoutingRule({
      code: 'visio-incidents',
      position: 5,
      match: { service: 'visio', type: 'incident' },
      team: 'visio-salles',
    });
    expect(await open('visio', { type: 'incident' })).toMatchObject({
      status: 'assigned',
      team: 'visio-salles',
    });
    expect(await open('visio')).toMatchObject({ status: 'assigned', team: 'visio' });
  });

  it('a default team with no active technician leaves the ticket new, in the moderators’ queue', async () => {
    const { g, open } = await given();
    const ticket = await open('wiki');
    expect(ticket).toMatchObject({ status: 'new', team: null, agent: null });
    const moderator = await g.catalogue.upsertPerson({
      email: 'wiki.moderation@insa-lyon.fr',
      displayName: 'M',
    });
    await g.catalogue.grantProfile({ person: moderator.email, profile: 'moderator', service: 'wiki' });
    const queue = await g.tickets.list({ personId: moderator.id }, { queue: 'unassigned' });
    expect(queue.items.map((t) => t.reference)).toContain(ticket.reference);
  });

  it('a service without a default team anywhere above it waits for a moderator (the OpenMoodle example)', async () => {
    const { open } = await given();
    expect(await open('moodle', { subService: 'moodle.access' })).toMatchObject({
      status: 'new',
      team: null,
    });
  });
});
