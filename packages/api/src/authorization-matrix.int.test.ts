/**
 * Who may call what: every operation of the OpenAPI document × every profile. Each cell acts on its
 * own fresh object (by default a VR room ticket just assigned to the VR technician; a ticket awaiting
 * approval, unqualified, pending or resolved for the actions that need one), so each cell sees the
 * same state. The expectations are the process of MISSION.md written out by hand; hidden tickets
 * answer 404, not 403.
 */
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { openApiDocument } from './openapi-document.ts';

const PROFILES = [
  'anonymous',
  'stranger',
  'requester',
  'approver',
  'moderator',
  'teamTechnician',
  'agent',
  'functionalAdmin',
  'technicalAdmin',
] as const;
type Profile = (typeof PROFILES)[number];

/** What a cell's request acts on, made fresh for each cell; its key or id goes into `path`. */
type Given =
  | 'assigned'
  | 'unqualified'
  | 'pending_approval'
  | 'pending'
  | 'resolved'
  | 'providerReference'
  | 'bystanderToken';

interface Cell {
  method: string;
  path: (ref: string) => string;
  /** Default: an assigned VR room ticket when the path takes a reference, nothing otherwise. */
  given?: Given;
  body?: () => unknown;
  expected: Record<Profile, number>;
}

const row = (codes: number[]): Record<Profile, number> =>
  Object.fromEntries(PROFILES.map((p, i) => [p, codes[i]!])) as Record<Profile, number>;
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

//                                anon stranger requester approver moderator teamTech agent fAdmin tAdmin
const MATRIX: Record<string, Cell> = {
  'GET /v1/me': {
    method: 'GET',
    path: () => '/v1/me',
    expected: row([401, 200, 200, 200, 200, 200, 200, 200, 200]),
  },
  'GET /v1/services': {
    method: 'GET',
    path: () => '/v1/services',
    expected: row([401, 200, 200, 200, 200, 200, 200, 200, 200]),
  },
  'GET /v1/establishments': {
    method: 'GET',
    path: () => '/v1/establishments',
    expected: row([401, 200, 200, 200, 200, 200, 200, 200, 200]),
  },
  'GET /v1/teams': {
    method: 'GET',
    path: () => '/v1/teams',
    expected: row([401, 200, 200, 200, 200, 200, 200, 200, 200]),
  },
  'GET /v1/providers': {
    method: 'GET',
    path: () => '/v1/providers',
    expected: row([401, 200, 200, 200, 200, 200, 200, 200, 200]),
  },
  'GET /v1/people': {
    method: 'GET',
    path: () => '/v1/people',
    expected: row([401, 403, 403, 200, 200, 200, 200, 200, 200]),
  },
  'POST /v1/people/{person}/profiles': {
    method: 'POST',
    path: () => '/v1/people/cible.droits@insa-lyon.fr/profiles',
    body: () => ({ profile: 'moderator', service: 'chat' }),
    expected: row([401, 403, 403, 403, 403, 403, 403, 200, 403]),
  },
  'PUT /v1/services/{code}': {
    method: 'PUT',
    path: () => '/v1/services/chat',
    body: () => ({ name: 'Messagerie instantanée du groupe' }),
    expected: row([401, 403, 403, 403, 403, 403, 403, 200, 403]),
  },
  'GET /v1/services/{code}': {
    method: 'GET',
    path: () => '/v1/services/vr-room',
    expected: row([401, 200, 200, 200, 200, 200, 200, 200, 200]),
  },
  'PATCH /v1/services/{code}': {
    method: 'PATCH',
    path: () => '/v1/services/chat',
    body: () => ({ description: 'Rocket.Chat du groupe' }),
    expected: row([401, 403, 403, 403, 403, 403, 403, 200, 403]),
  },
  'PUT /v1/establishments/{code}': {
    method: 'PUT',
    path: () => '/v1/establishments/insa-cvl',
    body: () => ({ name: 'INSA Centre Val de Loire', mailDomains: ['insa-cvl.fr'] }),
    expected: row([401, 403, 403, 403, 403, 403, 403, 200, 403]),
  },
  'PUT /v1/teams/{code}': {
    method: 'PUT',
    path: () => '/v1/teams/chat',
    body: () => ({ name: 'Équipe messagerie' }),
    expected: row([401, 403, 403, 403, 403, 403, 403, 200, 403]),
  },
  'PUT /v1/providers/{code}': {
    method: 'PUT',
    path: () => '/v1/providers/kelis',
    body: () => ({ name: 'Kelis', supportUrl: 'https://support.kelis.fr' }),
    expected: row([401, 403, 403, 403, 403, 403, 403, 200, 403]),
  },
  'GET /v1/catalogue': {
    method: 'GET',
    path: () => '/v1/catalogue',
    expected: row([401, 403, 403, 403, 403, 403, 403, 200, 403]),
  },
  'POST /v1/catalogue/plan': {
    method: 'POST',
    path: () => '/v1/catalogue/plan',
    body: () => ({ services: [{ code: 'chat', name: 'Messagerie du groupe' }] }),
    expected: row([401, 403, 403, 403, 403, 403, 403, 200, 403]),
  },
  'PUT /v1/catalogue': {
    method: 'PUT',
    path: () => '/v1/catalogue',
    body: () => ({ teams: [{ code: 'chat', name: 'Équipe messagerie' }] }),
    expected: row([401, 403, 403, 403, 403, 403, 403, 200, 403]),
  },
  'GET /v1/routing-rules': {
    method: 'GET',
    path: () => '/v1/routing-rules',
    expected: row([401, 403, 403, 200, 200, 200, 200, 200, 200]),
  },
  'PUT /v1/routing-rules/{code}': {
    method: 'PUT',
    path: () => '/v1/routing-rules/chat',
    body: () => ({ position: 50, match: { service: 'chat' }, team: 'portal' }),
    expected: row([401, 403, 403, 403, 403, 403, 403, 200, 403]),
  },
  'GET /v1/auth/providers': {
    method: 'GET',
    path: () => '/v1/auth/providers',
    expected: row([200, 200, 200, 200, 200, 200, 200, 200, 200]),
  },
  'GET /v1/events': {
    method: 'GET',
    path: () => '/v1/events',
    expected: row([401, 200, 200, 200, 200, 200, 200, 200, 200]),
  },
  'DELETE /v1/people/{person}/profiles': {
    method: 'DELETE',
    path: () => '/v1/people/cible.droits@insa-lyon.fr/profiles?profile=moderator&service=chat',
    expected: row([401, 403, 403, 403, 403, 403, 403, 200, 403]),
  },
  'POST /v1/tokens (own, read)': {
    method: 'POST',
    path: () => '/v1/tokens',
    body: () => ({ name: 'script', scopes: ['read'] }),
    expected: row([401, 201, 201, 201, 201, 201, 201, 201, 201]),
  },
  'POST /v1/tokens (for someone else)': {
    method: 'POST',
    path: () => '/v1/tokens',
    body: () => ({ person: 'cible.droits@insa-lyon.fr', name: 'script', scopes: ['read'] }),
    // The demo's functional admin is also its technical admin.
    expected: row([401, 403, 403, 403, 403, 403, 403, 201, 201]),
  },
  'GET /v1/tokens': {
    method: 'GET',
    path: () => '/v1/tokens',
    expected: row([401, 200, 200, 200, 200, 200, 200, 200, 200]),
  },
  "DELETE /v1/tokens/{tokenId} (someone else's)": {
    method: 'DELETE',
    path: (id) => `/v1/tokens/${id}`,
    given: 'bystanderToken',
    expected: row([401, 404, 404, 404, 404, 404, 404, 204, 204]),
  },
  'GET /v1/tickets': {
    method: 'GET',
    path: () => '/v1/tickets',
    expected: row([401, 200, 200, 200, 200, 200, 200, 200, 200]),
  },
  'POST /v1/tickets': {
    method: 'POST',
    path: () => '/v1/tickets',
    body: () => ({ title: 'Bot muet', description: 'Le bot ne répond plus', service: 'bot' }),
    expected: row([401, 201, 201, 201, 201, 201, 201, 201, 201]),
  },
  'GET ticket': {
    method: 'GET',
    path: (r) => `/v1/tickets/${r}`,
    expected: row([401, 404, 200, 200, 200, 200, 200, 200, 404]),
  },
  'GET timeline': {
    method: 'GET',
    path: (r) => `/v1/tickets/${r}/timeline`,
    expected: row([401, 404, 200, 200, 200, 200, 200, 200, 404]),
  },
  'POST reply': {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/comments`,
    body: () => ({ body: 'Bonjour' }),
    expected: row([401, 404, 200, 200, 200, 200, 200, 200, 404]),
  },
  'POST internal note': {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/comments`,
    body: () => ({ body: 'Entre nous', internal: true }),
    expected: row([401, 404, 403, 200, 200, 200, 200, 200, 404]),
  },
  'PATCH ticket': {
    method: 'PATCH',
    path: (r) => `/v1/tickets/${r}`,
    body: () => ({ impact: 'high' }),
    expected: row([401, 404, 403, 403, 200, 403, 200, 200, 404]),
  },
  'GET comments': {
    method: 'GET',
    path: (r) => `/v1/tickets/${r}/comments`,
    expected: row([401, 404, 200, 200, 200, 200, 200, 200, 404]),
  },
  approve: {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/actions/approve`,
    given: 'pending_approval',
    body: () => ({}),
    // The VR room's moderator (its manager) is also its approver, as in MISSION's example.
    expected: row([401, 404, 403, 200, 200, 404, 404, 200, 404]),
  },
  reject: {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/actions/reject`,
    given: 'pending_approval',
    body: () => ({ reason: 'Pas de créneau' }),
    expected: row([401, 404, 403, 200, 200, 404, 404, 200, 404]),
  },
  assign: {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/actions/assign`,
    // A ticket opened without a service waits, new, in every moderator's queue.
    given: 'unqualified',
    body: () => ({ team: 'vr-room', agent: 'vr.tech@insa-rennes.fr', type: 'request' }),
    expected: row([401, 404, 403, 404, 200, 404, 404, 200, 404]),
  },
  reassign: {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/actions/reassign`,
    body: () => ({ team: 'vr-room', agent: 'vr.tech2@insa-rennes.fr' }),
    expected: row([401, 404, 403, 403, 200, 403, 200, 200, 404]),
  },
  pend: {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/actions/pend`,
    body: () => ({ until: tomorrow(), reason: 'Test demain' }),
    expected: row([401, 404, 403, 403, 200, 403, 200, 403, 404]),
  },
  'request-info': {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/actions/request-info`,
    body: () => ({ question: 'Quelle salle ?' }),
    expected: row([401, 404, 403, 403, 200, 403, 200, 403, 404]),
  },
  resolve: {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/actions/resolve`,
    body: () => ({ service: 'vr-room', solution: 'Réglé' }),
    expected: row([401, 404, 403, 403, 200, 403, 200, 403, 404]),
  },
  resume: {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/actions/resume`,
    given: 'pending',
    body: () => ({}),
    expected: row([401, 404, 403, 403, 200, 403, 200, 200, 404]),
  },
  reopen: {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/actions/reopen`,
    given: 'resolved',
    body: () => ({ reason: 'Toujours en panne' }),
    expected: row([401, 404, 200, 403, 200, 403, 200, 403, 404]),
  },
  close: {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/actions/close`,
    given: 'resolved',
    body: () => ({}),
    expected: row([401, 404, 403, 403, 200, 403, 403, 200, 404]),
  },
  'provider reference': {
    method: 'POST',
    path: (r) => `/v1/tickets/${r}/provider-references`,
    body: () => ({ provider: 'kelis', externalId: 'K-1' }),
    expected: row([401, 404, 403, 403, 200, 403, 200, 403, 404]),
  },
  'PATCH provider reference': {
    method: 'PATCH',
    path: (r) => `/v1/tickets/${r}`,
    given: 'providerReference',
    body: () => ({ status: 'resolved', notes: 'Corrigé chez le prestataire' }),
    expected: row([401, 404, 403, 403, 200, 403, 200, 403, 404]),
  },
};

let g: TestGuichet;
let app: ReturnType<typeof createApp>;
const tokens = {} as Record<Exclude<Profile, 'anonymous'>, string>;
let requesterId: string;
let managerId: string;
let agentId: string;

beforeAll(async () => {
  g = await createTestGuichet();
  await givenDemoCatalogue(g);
  const people: Record<Exclude<Profile, 'anonymous'>, string> = {
    stranger: 'autre.etudiant@insa-lyon.fr',
    requester: 'demandeur@insa-rennes.fr',
    approver: 'approbateur@insa-rennes.fr',
    moderator: 'vr.manager@insa-rennes.fr',
    teamTechnician: 'vr.tech2@insa-rennes.fr',
    agent: 'vr.tech@insa-rennes.fr',
    functionalAdmin: 'admin@groupe-insa.fr',
    technicalAdmin: 'exploitation@groupe-insa.fr',
  };
  // Profiles are granted to a bystander, so no cell changes what another cell's caller may do.
  for (const email of [...Object.values(people), 'cible.droits@insa-lyon.fr'])
    await g.catalogue.upsertPerson({ email, displayName: email });
  await g.catalogue.grantProfile({ person: people.approver, profile: 'approver', service: 'vr-room' });
  await g.catalogue.grantProfile({ person: people.teamTechnician, profile: 'technician', team: 'vr-room' });
  await g.catalogue.grantProfile({ person: people.technicalAdmin, profile: 'technical_admin' });
  // Routing must pick the demo technician: the second one stays out of the rule's choice.
  await g.catalogue.upsertRoutingRule({
    code: 'vr-room',
    position: 10,
    match: { service: 'vr-room' },
    team: 'vr-room',
    agent: people.agent,
    defaultType: 'request',
  });
  for (const [profile, email] of Object.entries(people)) {
    tokens[profile as Exclude<Profile, 'anonymous'>] = (
      await g.tokens.create({ person: email, name: 'matrix', scopes: ['read', 'write'] }, 'local')
    ).token;
  }
  requesterId = (await g.catalogue.findActivePerson(people.requester))!.personId;
  managerId = (await g.catalogue.findActivePerson(people.moderator))!.personId;
  agentId = (await g.catalogue.findActivePerson(people.agent))!.personId;
  app = createApp(g);
});

afterAll(async () => {
  await g?.dispose();
});

async function assignedTicket(): Promise<string> {
  const t = await g.tickets.create(
    { personId: requesterId },
    { title: 'Casque VR', description: 'Le casque 2 ne s’allume plus', service: 'vr-room' },
  );
  const approved = await g.tickets.act({ personId: managerId }, t.reference, { action: 'approve' });
  expect(approved).toMatchObject({ status: 'assigned', agent: { email: 'vr.tech@insa-rennes.fr' } });
  return t.reference;
}

const GIVEN: Record<Given, () => Promise<string>> = {
  assigned: assignedTicket,
  pending_approval: async () =>
    (
      await g.tickets.create(
        { personId: requesterId },
        { title: 'Casque VR', description: 'Réservation du cube', service: 'vr-room' },
      )
    ).reference,
  unqualified: async () =>
    (
      await g.tickets.create(
        { personId: requesterId },
        { title: 'Je ne sais pas où demander', description: 'Un souci avec un casque' },
      )
    ).reference,
  providerReference: async () => {
    const ref = await assignedTicket();
    const view = await g.tickets.act({ personId: agentId }, ref, {
      action: 'provider_escalate',
      provider: 'kelis',
      externalId: 'K-9',
    });
    return `${ref}/provider-references/${view.providerReferences[0]!.id}`;
  },
  pending: async () => {
    const ref = await assignedTicket();
    await g.tickets.act({ personId: agentId }, ref, {
      action: 'pend',
      until: new Date(tomorrow()),
      reason: 'Pièce',
    });
    return ref;
  },
  resolved: async () => {
    const ref = await assignedTicket();
    await g.tickets.act({ personId: agentId }, ref, {
      action: 'resolve',
      service: 'vr-room',
      solution: 'Réglé',
    });
    return ref;
  },
  bystanderToken: async () =>
    (await g.tokens.create({ person: 'cible.droits@insa-lyon.fr', name: 'other', scopes: ['read'] }, 'local'))
      .id,
};

describe('authorization matrix', () => {
  const cases = Object.entries(MATRIX).flatMap(([route, cell]) =>
    PROFILES.map((profile) => ({ route, cell, profile })),
  );
  it.each(cases)('$route as $profile', async ({ cell, profile }) => {
    const ref = cell.given
      ? await GIVEN[cell.given]()
      : cell.path('X').includes('X')
        ? await assignedTicket()
        : '';
    const body = cell.body?.();
    const res = await app.request(cell.path(ref), {
      method: cell.method,
      headers: {
        ...(profile === 'anonymous' ? {} : { Authorization: `Bearer ${tokens[profile]}` }),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    // The event stream never ends by itself: its status is the answer, then it is closed.
    const streaming = res.headers.get('Content-Type')?.startsWith('text/event-stream');
    const text = streaming ? (await res.body?.cancel(), '') : await res.text();
    expect(res.status, text).toBe(cell.expected[profile]);
    if (res.status >= 400) expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  });
});

describe('the matrix itself', () => {
  it('has a row for every operation of the OpenAPI document', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({
        name: `${method.toUpperCase()} ${path}`,
        pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/?]+')}(\\?|$)`),
        method: method.toUpperCase(),
      })),
    );
    const sample = (cell: Cell) =>
      cell.path(cell.given === 'providerReference' ? 'REF/provider-references/ID' : 'REF');
    const missing = operations.filter(
      (op) =>
        !Object.values(MATRIX).some((cell) => cell.method === op.method && op.pattern.test(sample(cell))),
    );
    expect(missing.map((op) => op.name)).toEqual([]);
  });
});
