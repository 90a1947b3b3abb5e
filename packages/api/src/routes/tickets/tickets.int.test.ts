import type { TokenScope } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { ProblemSchema } from '../../lib/problem.ts';
import { TicketEventSchema, TicketPageSchema, TicketSchema } from './schemas.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

async function givenApi(options: { rateLimitPerMinute?: number } = {}) {
  guichet = await createTestGuichet();
  const g = guichet;
  await givenDemoCatalogue(g);
  await g.catalogue.upsertPerson({
    email: 'prof@insa-rennes.fr',
    displayName: 'Prof',
    affiliation: 'faculty',
  });
  const token = async (person: string, scopes: TokenScope[] = ['read', 'write']) =>
    (await g.tokens.create({ person, name: 'test', scopes }, 'local')).token;
  const app = createApp(g, options);
  const call = async (
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined || opts.raw !== undefined) headers['Content-Type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      ...(opts.raw !== undefined
        ? { body: opts.raw }
        : opts.body !== undefined
          ? { body: JSON.stringify(opts.body) }
          : {}),
    });
    const text = await res.text();
    return { res, json: text ? JSON.parse(text) : null };
  };
  return { g, call, token, app };
}

describe('tickets over HTTP: the VR room example', () => {
  it('create, approve (routing), pend with If-Match, comments, timeline visibility', async () => {
    const { call, token } = await givenApi();
    const prof = await token('prof@insa-rennes.fr');
    const manager = await token('vr.manager@insa-rennes.fr');
    const tech = await token('vr.tech@insa-rennes.fr');

    // Given a teacher opens a VR room request
    const created = await call('POST', '/v1/tickets', {
      token: prof,
      body: {
        title: 'Vidéoprojecteur au cube VR',
        description: 'Pour le TP du 3 décembre',
        service: 'vr-room',
        channel: 'portal',
      },
    });
    expect(created.res.status).toBe(201);
    const ticket = TicketSchema.parse(created.json);
    expect(ticket.status).toBe('pending_approval');
    expect(created.res.headers.get('Location')).toBe(`/v1/tickets/${ticket.reference}`);
    expect(created.res.headers.get('ETag')).toBe(`"v${ticket.version}"`);
    expect(created.res.headers.get('X-Request-Id')).toBeTruthy();

    // When the manager approves, routing assigns the VR technician
    const approved = await call('POST', `/v1/tickets/${ticket.reference}/actions/approve`, {
      token: manager,
      body: {},
    });
    expect(approved.res.status).toBe(200);
    expect(TicketSchema.parse(approved.json)).toMatchObject({
      status: 'assigned',
      agent: { email: 'vr.tech@insa-rennes.fr' },
    });

    // The technician sees what they may do, and the ETag
    const seen = await call('GET', `/v1/tickets/${ticket.reference}`, { token: tech });
    expect(seen.json.actions).toEqual(expect.arrayContaining(['pend', 'resolve', 'note']));
    const etag = seen.res.headers.get('ETag')!;

    // An internal note moves the version on; a pend based on the old ETag is refused with 412
    const note = await call('POST', `/v1/tickets/${ticket.reference}/comments`, {
      token: tech,
      body: { body: 'Vérifier le câble HDMI', internal: true },
      headers: { 'If-Match': etag },
    });
    expect(note.res.status).toBe(200);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const stale = await call('POST', `/v1/tickets/${ticket.reference}/actions/pend`, {
      token: tech,
      body: { until, reason: 'Test possible demain' },
      headers: { 'If-Match': etag },
    });
    expect(stale.res.status).toBe(412);
    expect(ProblemSchema.parse(stale.json)).toMatchObject({
      code: 'PRECONDITION_FAILED',
      rule: 'stale_version',
    });
    const pended = await call('POST', `/v1/tickets/${ticket.reference}/actions/pend`, {
      token: tech,
      body: { until, reason: 'Test possible demain' },
      headers: { 'If-Match': note.res.headers.get('ETag')! },
    });
    expect(pended.json).toMatchObject({ status: 'pending', pendingUntil: until });

    // Comments alone: staff see the note, the requester does not
    const staffComments = await call('GET', `/v1/tickets/${ticket.reference}/comments`, { token: tech });
    expect(staffComments.json.map((e: { type: string }) => e.type)).toEqual(['internal_note']);
    expect((await call('GET', `/v1/tickets/${ticket.reference}/comments`, { token: prof })).json).toEqual([]);

    // The requester's timeline never shows the internal note
    const mine = await call('GET', `/v1/tickets/${ticket.reference}/timeline`, { token: prof });
    const types = mine.json.map((e: unknown) => TicketEventSchema.parse(e).type);
    expect(types).toContain('pended');
    expect(types).not.toContain('internal_note');

    // Lists: the teacher sees their ticket; a search finds it
    const list = await call('GET', '/v1/tickets?status=pending&q=videoprojecteur', { token: prof });
    expect(TicketPageSchema.parse(list.json).items.map((t) => t.reference)).toEqual([ticket.reference]);
  });
});

describe('tickets over HTTP: errors are problem+json', () => {
  it('authentication and scopes', async () => {
    const { g, call, token } = await givenApi();
    const none = await call('GET', '/v1/tickets');
    expect(none.res.status).toBe(401);
    expect(none.res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(none.res.headers.get('WWW-Authenticate')).toContain('Bearer');
    expect(ProblemSchema.parse(none.json)).toMatchObject({
      code: 'UNAUTHENTICATED',
      status: 401,
      instance: '/v1/tickets',
    });

    const wrong = await call('GET', '/v1/me', { token: 'gch_not-a-real-token' });
    expect(wrong.res.status).toBe(401);

    const readOnly = await token('prof@insa-rennes.fr', ['read']);
    expect((await call('GET', '/v1/me', { token: readOnly })).json).toMatchObject({
      email: 'prof@insa-rennes.fr',
      establishment: 'insa-rennes',
      profiles: [{ profile: 'requester' }],
      scopes: ['read'],
    });
    const refused = await call('POST', '/v1/tickets', {
      token: readOnly,
      body: { title: 'x', description: 'y' },
    });
    expect(refused.res.status).toBe(403);
    expect(refused.json).toMatchObject({ code: 'FORBIDDEN', rule: 'scope_missing' });

    const created = await g.tokens.create(
      { person: 'prof@insa-rennes.fr', name: 'old', scopes: ['read'] },
      'local',
    );
    await g.tokens.revoke(created.id, 'local');
    expect((await call('GET', '/v1/me', { token: created.token })).res.status).toBe(401);
  });

  it('validation names each field, in French by default and in English on request', async () => {
    const { call, token } = await givenApi();
    const prof = await token('prof@insa-rennes.fr');
    const fr = await call('POST', '/v1/tickets', { token: prof, body: { title: '', colour: 'red' } });
    expect(fr.res.status).toBe(422);
    const problem = ProblemSchema.parse(fr.json);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.title).toBe('Données invalides');
    expect(problem.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['title', 'description']));

    const en = await call('POST', '/v1/tickets', {
      token: prof,
      body: { title: 'x', description: 'y', service: 'nope' },
      headers: { 'Accept-Language': 'en-GB,en;q=0.9,fr;q=0.5' },
    });
    expect(en.res.status).toBe(422);
    expect(en.json).toMatchObject({
      title: 'Invalid data',
      errors: [{ field: 'service', message: '"service": unknown value "nope"' }],
    });

    const huge = await call('POST', '/v1/tickets', {
      token: prof,
      body: { title: 'x', description: 'y'.repeat(1_100_000) },
    });
    expect(huge.res.status).toBe(413);
    expect(huge.json).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    const broken = await call('POST', '/v1/tickets', { token: prof, raw: '{"title": ' });
    expect(broken.res.status).toBe(422);
    expect(broken.json.code).toBe('VALIDATION_FAILED');
  });

  it('list filters: bad values name the query field; a sort and a date range are honoured', async () => {
    const { call, token } = await givenApi();
    const prof = await token('prof@insa-rennes.fr');
    for (const [query, field] of [
      ['priority=urgentissime', 'priority.0'],
      ['createdFrom=hier', 'createdFrom'],
      ['sort=title', 'sort'],
      ['establishment=atlantis', 'establishment'],
    ]) {
      const bad = await call('GET', `/v1/tickets?${query}`, { token: prof });
      expect(bad.res.status, query).toBe(422);
      expect(
        ProblemSchema.parse(bad.json).errors?.map((e) => e.field),
        query,
      ).toEqual([field]);
    }
    const first = await call('POST', '/v1/tickets', {
      token: prof,
      body: { title: 'Un', description: 'Premier' },
    });
    const second = await call('POST', '/v1/tickets', {
      token: prof,
      body: { title: 'Deux', description: 'Second' },
    });
    const oldestFirst = await call('GET', '/v1/tickets?sort=createdAt', { token: prof });
    expect(TicketPageSchema.parse(oldestFirst.json).items.map((t) => t.title)).toEqual(['Un', 'Deux']);
    const since = encodeURIComponent(second.json.createdAt);
    const recent = await call('GET', `/v1/tickets?createdFrom=${since}`, { token: prof });
    expect(TicketPageSchema.parse(recent.json).items.map((t) => t.reference)).toEqual([
      second.json.reference,
    ]);
    expect(first.json.reference).not.toBe(second.json.reference);
  });

  it('unknown or hidden tickets are 404, workflow refusals 409, with the rule named', async () => {
    const { call, token } = await givenApi();
    const prof = await token('prof@insa-rennes.fr');
    const other = await token('vr.tech@insa-rennes.fr');
    const created = await call('POST', '/v1/tickets', {
      token: prof,
      body: { title: 'Sondage', description: 'Le sondage ne s’ouvre pas', service: 'surveys' },
    });
    const ref = created.json.reference;
    expect((await call('GET', `/v1/tickets/${ref}`, { token: other })).res.status).toBe(404);
    expect((await call('GET', '/v1/tickets/GU-2026-999999', { token: prof })).json).toMatchObject({
      code: 'TICKET_NOT_FOUND',
    });
    const refused = await call('POST', `/v1/tickets/${ref}/actions/close`, { token: prof, body: {} });
    expect(refused.res.status).toBe(409);
    expect(refused.json).toMatchObject({ code: 'INVALID_TRANSITION', rule: 'action_not_allowed_in_status' });
    expect((await call('GET', '/v1/nothing-here', { token: prof })).res.status).toBe(404);
  });
});

describe('tickets over HTTP: a problem stays a problem', () => {
  it('refuses a type change to problem and a linked ticket that is not a problem, naming the field', async () => {
    const { call, token } = await givenApi();
    const prof = await token('prof@insa-rennes.fr');
    const moderator = await token('moodle.moderation@insa-lyon.fr');
    const open = async () =>
      (
        await call('POST', '/v1/tickets', {
          token: prof,
          body: { title: 'OpenINSA inaccessible', description: 'Page blanche', service: 'moodle' },
        })
      ).json.reference as string;
    const [incident, other] = [await open(), await open()];
    await call('POST', `/v1/tickets/${incident}/actions/assign`, {
      token: moderator,
      body: { type: 'incident', team: 'network-db', agent: 'netdb.tech@insa-toulouse.fr' },
    });
    // When the moderator turns the incident into a problem
    const retyped = await call('PATCH', `/v1/tickets/${incident}`, {
      token: moderator,
      body: { type: 'problem' },
      headers: { 'Accept-Language': 'en' },
    });
    // Then it is a 422 problem naming the field and the rule, in the caller's language
    expect(retyped.res.status).toBe(422);
    expect(retyped.res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(ProblemSchema.parse(retyped.json)).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [
        {
          field: 'changes.type',
          rule: 'field.cannot_become_problem',
          message: expect.stringContaining('an incident or a request does not become a problem'),
        },
      ],
    });
    // And a linked "problem" that is an incident is refused on linkedProblem (in French by default)
    const linked = await call('PATCH', `/v1/tickets/${incident}`, {
      token: moderator,
      body: { linkedProblem: other },
    });
    expect(linked.res.status).toBe(422);
    expect(ProblemSchema.parse(linked.json).errors).toEqual([
      {
        field: 'changes.linkedProblem',
        rule: 'field.not_a_problem',
        message: `« changes.linkedProblem » : le ticket « ${other} » n’est pas un problème`,
      },
    ]);
    expect((await call('GET', `/v1/tickets/${incident}`, { token: moderator })).json).toMatchObject({
      type: 'incident',
      linkedProblem: null,
    });
  });
});

describe('tickets over HTTP: Scenari and Moodle examples', () => {
  it('on-behalf creation, provider escalation and its outcome, resolution, closure', async () => {
    const { call, token } = await givenApi();
    const moderator = await token('scenari.moderation@insa-rouen.fr');
    const tech = await token('scenari.tech@insa-rouen.fr');
    const created = await call('POST', '/v1/tickets', {
      token: moderator,
      body: {
        requester: 'prof@insa-rennes.fr',
        title: 'Génération .odt en échec (Opale)',
        description: 'Reçu par courriel',
        service: 'scenari',
        subService: 'scenari.opale',
        channel: 'email',
      },
    });
    expect(created.json).toMatchObject({
      status: 'assigned',
      requester: { email: 'prof@insa-rennes.fr' },
      channel: 'email',
    });
    const ref = created.json.reference;
    const escalated = await call('POST', `/v1/tickets/${ref}/provider-references`, {
      token: tech,
      body: { provider: 'kelis', externalId: 'KELIS-4812' },
    });
    const providerRef = escalated.json.providerReferences[0];
    expect(providerRef).toMatchObject({ provider: 'kelis', externalId: 'KELIS-4812', status: 'open' });
    const updated = await call('PATCH', `/v1/tickets/${ref}/provider-references/${providerRef.id}`, {
      token: tech,
      body: { status: 'closed', notes: 'Corrigé dans Opale 5.0.4' },
    });
    expect(updated.json.providerReferences[0]).toMatchObject({ status: 'closed' });
    await call('POST', `/v1/tickets/${ref}/actions/resolve`, {
      token: tech,
      body: { service: 'scenari', subService: 'scenari.opale', solution: 'Mise à jour 5.0.4' },
    });
    const closed = await call('POST', `/v1/tickets/${ref}/actions/close`, { token: moderator, body: {} });
    expect(closed.json).toMatchObject({ status: 'closed', actions: [] });
  });

  it('the moderator qualifies with PATCH, picks a team from the catalogue and dispatches', async () => {
    const { call, token } = await givenApi();
    const prof = await token('prof@insa-rennes.fr');
    const moderator = await token('moodle.moderation@insa-lyon.fr');
    const teams = await call('GET', '/v1/teams', { token: moderator });
    expect(teams.json.find((t: { code: string }) => t.code === 'network-db').members).toEqual([
      expect.objectContaining({ email: 'netdb.tech@insa-toulouse.fr' }),
    ]);
    expect((await call('GET', '/v1/establishments', { token: prof })).json).toHaveLength(8);
    expect((await call('GET', '/v1/providers', { token: prof })).json).toEqual([
      expect.objectContaining({ code: 'kelis', name: 'Kelis' }),
    ]);
    const services = await call('GET', '/v1/services', { token: prof });
    expect(
      services.json
        .find((s: { code: string }) => s.code === 'moodle')
        .children.map((s: { code: string }) => s.code),
    ).toEqual(['moodle.access', 'moodle.courses']);
    const created = await call('POST', '/v1/tickets', {
      token: prof,
      body: { title: 'OpenINSA inaccessible', description: 'Page blanche', service: 'moodle' },
    });
    const ref = created.json.reference;
    const patched = await call('PATCH', `/v1/tickets/${ref}`, {
      token: moderator,
      body: {
        description: 'Page blanche ; reproduit : database read error',
        subService: 'moodle.access',
        impact: 'high',
      },
      headers: { 'If-Match': created.res.headers.get('ETag')! },
    });
    expect(patched.res.status).toBe(200);
    expect(patched.json).toMatchObject({ subService: 'moodle.access', priority: 'high' });
    const refused = await call('PATCH', `/v1/tickets/${ref}`, { token: prof, body: { impact: 'low' } });
    // The requester may only correct the title and description
    expect(refused.res.status).toBe(422);
    expect(refused.json.errors).toEqual([
      expect.objectContaining({ field: 'changes.impact', rule: 'field.not_editable_by_requester' }),
    ]);
    const assigned = await call('POST', `/v1/tickets/${ref}/actions/assign`, {
      token: moderator,
      body: { type: 'incident', team: 'network-db', agent: 'netdb.tech@insa-toulouse.fr' },
    });
    expect(assigned.json).toMatchObject({ status: 'assigned', team: 'network-db' });
  });
});

describe('the portal acting for a signed-in user', () => {
  it('uses the person’s own rights and records the portal on the timeline', async () => {
    const { g, call, token } = await givenApi();
    await g.catalogue.upsertPerson({ email: 'portail@groupe-insa.fr', displayName: 'Portail du groupe' });
    const portal = await token('portail@groupe-insa.fr', ['read', 'write', 'act-as']);
    const created = await call('POST', '/v1/tickets', {
      token: portal,
      headers: { 'Guichet-Act-As': 'prof@insa-rennes.fr' },
      body: {
        title: 'Enquête en ligne',
        description: 'Le questionnaire ne s’enregistre pas',
        service: 'surveys',
        channel: 'portal',
      },
    });
    expect(created.res.status).toBe(201);
    expect(created.json.requester.email).toBe('prof@insa-rennes.fr');
    const timeline = await call('GET', `/v1/tickets/${created.json.reference}/timeline`, {
      token: portal,
      headers: { 'Guichet-Act-As': 'prof@insa-rennes.fr' },
    });
    expect(timeline.json[0]).toMatchObject({
      type: 'created',
      actor: { email: 'prof@insa-rennes.fr' },
      data: { via: 'portail@groupe-insa.fr' },
    });
    // The person's rights, not the portal's: the requester cannot close
    const refused = await call('POST', `/v1/tickets/${created.json.reference}/actions/close`, {
      token: portal,
      headers: { 'Guichet-Act-As': 'prof@insa-rennes.fr' },
      body: {},
    });
    expect(refused.res.status).toBe(409);
    // Without the act-as scope, or for someone unknown, it is refused
    const plain = await token('portail@groupe-insa.fr', ['read', 'write']);
    expect(
      (await call('GET', '/v1/me', { token: plain, headers: { 'Guichet-Act-As': 'prof@insa-rennes.fr' } }))
        .res.status,
    ).toBe(403);
    const unknown = await call('GET', '/v1/me', {
      token: portal,
      headers: { 'Guichet-Act-As': 'nobody@insa-lyon.fr' },
    });
    expect(unknown.json).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'Guichet-Act-As' }] });
  });
});

describe('idempotency keys', () => {
  it('a retried creation returns the first response and creates nothing; another body with the key is refused', async () => {
    const { g, call, token } = await givenApi();
    const prof = await token('prof@insa-rennes.fr');
    const body = { title: 'Vidéo illisible', description: 'Le cours 3 ne se lance pas', service: 'video' };
    const headers = { 'Idempotency-Key': 'portal-7f3a9c' };
    const first = await call('POST', '/v1/tickets', { token: prof, body, headers });
    const retry = await call('POST', '/v1/tickets', { token: prof, body, headers });
    expect(first.res.status).toBe(201);
    expect(retry.res.status).toBe(201);
    expect(retry.res.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retry.json).toEqual(first.json);
    expect(retry.res.headers.get('Location')).toBe(first.res.headers.get('Location'));
    const mine = await g.tickets.list({ personId: first.json.requester.id });
    expect(mine.items).toHaveLength(1);

    const other = await call('POST', '/v1/tickets', {
      token: prof,
      body: { ...body, title: 'Autre' },
      headers,
    });
    expect(other.res.status).toBe(422);
    expect(other.json).toMatchObject({ code: 'VALIDATION_FAILED', rule: 'idempotency_key_reused' });

    // Keys belong to a token: another token may use the same key for its own request
    const second = await token('prof@insa-rennes.fr');
    expect((await call('POST', '/v1/tickets', { token: second, body, headers })).res.status).toBe(201);
    expect((await g.tickets.list({ personId: first.json.requester.id })).items).toHaveLength(2);

    const bad = await call('POST', '/v1/tickets', { token: prof, body, headers: { 'Idempotency-Key': '' } });
    expect(bad.json.errors[0].field).toBe('Idempotency-Key');
  });

  it('a retried workflow action is not applied twice', async () => {
    const { g, call, token } = await givenApi();
    const prof = await token('prof@insa-rennes.fr');
    const created = await call('POST', '/v1/tickets', {
      token: prof,
      body: { title: 'Chat en panne', description: 'Messages non distribués', service: 'chat' },
    });
    const ref = created.json.reference;
    const headers = { 'Idempotency-Key': 'reply-1' };
    await call('POST', `/v1/tickets/${ref}/comments`, {
      token: prof,
      body: { body: 'Toujours en panne' },
      headers,
    });
    await call('POST', `/v1/tickets/${ref}/comments`, {
      token: prof,
      body: { body: 'Toujours en panne' },
      headers,
    });
    const events = await g.tickets.timeline({ personId: created.json.requester.id }, ref);
    expect(events.filter((e) => e.type === 'requester_replied')).toHaveLength(1);
  });
});

describe('operations', () => {
  it('rate limits per person with RateLimit headers and a 429 problem: more tokens do not give more', async () => {
    const { call, token } = await givenApi({ rateLimitPerMinute: 3 });
    const prof = await token('prof@insa-rennes.fr');
    const second = await token('prof@insa-rennes.fr');
    const other = await token('moodle.tech@insa-lyon.fr');
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | null = null;
    for (let i = 0; i < 4; i++) {
      last = await call('GET', '/v1/me', { token: prof });
      statuses.push(last.res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last!.res.headers.get('RateLimit-Policy')).toContain('3');
    expect(last!.json).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    // The same person's second token shares the budget; another person has their own.
    expect((await call('GET', '/v1/me', { token: second })).res.status).toBe(429);
    expect((await call('GET', '/v1/me', { token: other })).res.status).toBe(200);
  });

  it('exposes Prometheus metrics by route pattern, with the job queue depth', async () => {
    const { call, token, app } = await givenApi();
    const prof = await token('prof@insa-rennes.fr');
    await call('GET', '/v1/tickets/GU-2026-000001', { token: prof });
    const res = await app.request('/metrics');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(
      /guichet_http_requests_total\{method="GET",route="\/v1\/tickets\/:reference",status="404"\} 1/,
    );
    expect(text).toContain('guichet_http_request_duration_seconds_bucket');
    expect(text).toMatch(/guichet_job_queue_depth\{queue="ticket-wake"\} 0/);
  });
});
