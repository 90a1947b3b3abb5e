import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.ts';
import { createApp } from '../app.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const ACCOUNTS = {
  'etu-42': {
    email: 'lea.martin@insa-lyon.fr',
    name: 'Léa Martin',
    eduPersonAffiliation: ['student', 'member'],
  },
  'mod-7': {
    email: 'moodle.moderation@insa-lyon.fr',
    name: 'Modération Moodle',
    eduPersonAffiliation: ['staff'],
    groups: ['moodle-moderators'],
  },
  'tech-3': {
    email: 'netdb.tech@insa-toulouse.fr',
    name: 'Technicienne réseau',
    eduPersonAffiliation: ['staff'],
  },
  'prof-9': {
    email: 'nouveau.moderateur@insa-rennes.fr',
    name: 'Nouveau Modérateur',
    eduPersonAffiliation: ['faculty'],
    groups: ['moodle-moderators', 'unknown-group'],
  },
};

async function givenSsoApi(): Promise<{
  app: ReturnType<typeof createApp>;
  g: TestGuichet;
  op: TestOidcProvider;
  call: (m: string, p: string, t: string, b?: unknown) => Promise<{ status: number; json: any }>;
}> {
  const g = await createTestGuichet();
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  const op = await startOidcProvider(ACCOUNTS);
  cleanups.push(() => op.stop());
  const app = createApp(g, {
    oidcIssuers: [
      {
        issuer: op.issuer,
        audience: op.audience,
        groupProfiles: { 'moodle-moderators': { profile: 'moderator', service: 'moodle' } },
      },
    ],
  });
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
  return { g, op, call, app };
}

describe('OpenID Connect bearer tokens from a real provider', () => {
  it('the first call provisions the person from the claims: establishment by mail domain, affiliation, group profiles', async () => {
    const { op, call } = await givenSsoApi();
    const student = await call('GET', '/v1/me', await op.accessTokenFor('etu-42'));
    expect(student.status).toBe(200);
    expect(student.json).toMatchObject({
      email: 'lea.martin@insa-lyon.fr',
      displayName: 'Léa Martin',
      establishment: 'insa-lyon',
      affiliation: 'student',
      profiles: [{ profile: 'requester' }],
      scopes: ['read', 'write'],
    });
    const newcomer = await call('GET', '/v1/me', await op.accessTokenFor('prof-9'));
    expect(newcomer.json).toMatchObject({
      establishment: 'insa-rennes',
      affiliation: 'faculty',
      profiles: [{ profile: 'requester' }, { profile: 'moderator', service: 'moodle' }],
    });
    // Signing in again changes nothing and creates no second person
    const again = await call('GET', '/v1/me', await op.accessTokenFor('etu-42'));
    expect(again.json.id).toBe(student.json.id);
  });

  it('refuses tokens of untrusted issuers, for another audience, or tampered with', async () => {
    const { op, call } = await givenSsoApi();
    const stranger = await startOidcProvider(ACCOUNTS);
    cleanups.push(() => stranger.stop());
    expect((await call('GET', '/v1/me', await stranger.accessTokenFor('etu-42'))).status).toBe(401);
    const otherAudience = await startOidcProvider(ACCOUNTS, 'urn:other-app');
    cleanups.push(() => otherAudience.stop());
    expect((await call('GET', '/v1/me', await otherAudience.accessTokenFor('etu-42'))).status).toBe(401);
    const token = await op.accessTokenFor('etu-42');
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    forged.sub = 'mod-7';
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    const refused = await call('GET', '/v1/me', tampered);
    expect(refused.status).toBe(401);
    expect(refused.json.code).toBe('UNAUTHENTICATED');
  });

  it('the OpenMoodle example end to end over HTTP with SSO tokens only', async () => {
    const { op, call, app } = await givenSsoApi();
    const student = await op.accessTokenFor('etu-42');
    const moderator = await op.accessTokenFor('mod-7');
    const tech = await op.accessTokenFor('tech-3');

    const created = await call('POST', '/v1/tickets', student, {
      title: 'Impossible d’accéder à OpenINSA',
      description: 'Page blanche après connexion',
      service: 'moodle',
      channel: 'portal',
    });
    expect(created.status).toBe(201);
    const ref = created.json.reference;
    // Idempotency keys work for SSO callers too (keyed by person)
    const headers = {
      Authorization: `Bearer ${student}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': 'k1',
    };
    const body = JSON.stringify({ title: 'Doublon ?', description: 'x', service: 'moodle' });
    const once = await app.request('/v1/tickets', { method: 'POST', headers, body });
    const twice = await app.request('/v1/tickets', { method: 'POST', headers, body });
    expect([once.status, twice.status]).toEqual([201, 201]);
    expect(twice.headers.get('Idempotent-Replayed')).toBe('true');
    const queue = await call('GET', '/v1/tickets?queue=unassigned', moderator);
    expect(queue.json.items.map((t: { reference: string }) => t.reference)).toContain(ref);
    await call('PATCH', `/v1/tickets/${ref}`, moderator, {
      description: 'Page blanche ; reproduit : « database read error »',
      subService: 'moodle.access',
    });
    const assigned = await call('POST', `/v1/tickets/${ref}/actions/assign`, moderator, {
      type: 'incident',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });
    expect(assigned.json).toMatchObject({
      status: 'assigned',
      agent: { email: 'netdb.tech@insa-toulouse.fr' },
    });
    await call('POST', `/v1/tickets/${ref}/comments`, tech, {
      body: 'Réplica resynchronisée avec le modérateur',
      internal: true,
    });
    const resolved = await call('POST', `/v1/tickets/${ref}/actions/resolve`, tech, {
      service: 'moodle',
      subService: 'moodle.access',
      solution: 'Réplica de lecture resynchronisée',
    });
    expect(resolved.json.status).toBe('resolved');
    const closed = await call('POST', `/v1/tickets/${ref}/actions/close`, moderator, {});
    expect(closed.json.status).toBe('closed');
    const seen = await call('GET', `/v1/tickets/${ref}/timeline`, student);
    expect(seen.json.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'field_changed',
      'assigned',
      'resolved',
      'closed',
    ]);
  });
});
