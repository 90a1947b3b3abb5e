import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_MAIL_DOMAINS,
  startOidcProvider,
  type TestAccount,
  type TestOidcProvider,
} from '../../testing/oidc-provider.ts';
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
        // One provider for the whole group here (a federation proxy): authoritative for every school.
        mailDomains: DEMO_MAIL_DOMAINS,
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

/** Two establishments' providers, each authoritative for its own mail domain only. */
async function givenTwoProviders(
  lyonAccounts: Record<string, TestAccount>,
  rennesAccounts: Record<string, TestAccount>,
) {
  const g = await createTestGuichet();
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  const lyon = await startOidcProvider(lyonAccounts);
  cleanups.push(() => lyon.stop());
  const rennes = await startOidcProvider(rennesAccounts);
  cleanups.push(() => rennes.stop());
  const app = createApp(g, {
    oidcIssuers: [
      {
        issuer: lyon.issuer,
        audience: lyon.audience,
        establishment: 'insa-lyon',
        groupProfiles: { 'moodle-moderators': { profile: 'moderator', service: 'moodle' } },
      },
      { issuer: rennes.issuer, audience: rennes.audience, establishment: 'insa-rennes' },
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
  return { g, lyon, rennes, call };
}

describe('identities across identity providers (issue 9, finding 1)', () => {
  it('a provider cannot sign anyone in as the group admin by claiming their address', async () => {
    const { g, rennes, call } = await givenTwoProviders(
      {},
      { mallory: { email: 'admin@groupe-insa.fr', name: 'Mallory', eduPersonAffiliation: ['staff'] } },
    );
    const before = await g.catalogue.describePerson('admin@groupe-insa.fr');
    const token = await rennes.accessTokenFor('mallory');
    const me = await call('GET', '/v1/me', token);
    expect(me.status).toBe(403);
    expect(me.json).toMatchObject({ code: 'FORBIDDEN', rule: 'identity_not_vouched' });
    const minted = await call('POST', '/v1/tokens', token, { name: 'x', scopes: ['read', 'write', 'admin'] });
    expect(minted.status).toBe(403);
    expect(await g.catalogue.describePerson('admin@groupe-insa.fr')).toEqual(before);
  });

  it('a person linked through Lyon is never re-linked by Rennes, whatever it claims', async () => {
    const lyonAccounts = { 't-1': { email: 'moodle.tech@insa-lyon.fr', name: 'Technicien Moodle' } };
    const rennesAccounts: Record<string, TestAccount> = {
      'r-9': { email: 'moodle.tech@insa-lyon.fr', name: 'Impostor' },
    };
    const { g, lyon, rennes, call } = await givenTwoProviders(lyonAccounts, rennesAccounts);
    const linked = await call('GET', '/v1/me', await lyon.accessTokenFor('t-1'));
    expect(linked.status).toBe(200);
    const subject = (await g.catalogue.findActivePerson('moodle.tech@insa-lyon.fr'))!;
    const refused = await call('GET', '/v1/me', await rennes.accessTokenFor('r-9'));
    expect(refused.status).toBe(403);
    // The technician still signs in through Lyon as the same person, profiles intact.
    const again = await call('GET', '/v1/me', await lyon.accessTokenFor('t-1'));
    expect(again.json.id).toBe(subject.personId);
    expect(again.json.profiles).toContainEqual({
      profile: 'technician',
      service: null,
      team: 'moodle-support',
    });
  });

  it('an unverified address is not trusted, even in the provider’s own domain', async () => {
    const { g, lyon, call } = await givenTwoProviders(
      { u: { email: 'moodle.moderation@insa-lyon.fr', name: 'X', emailVerified: false } },
      {},
    );
    expect((await call('GET', '/v1/me', await lyon.accessTokenFor('u'))).json.rule).toBe(
      'identity_not_vouched',
    );
    expect((await g.catalogue.describePerson('moodle.moderation@insa-lyon.fr')).profiles).toContainEqual({
      profile: 'moderator',
      service: 'moodle',
      team: null,
    });
  });
});

describe('SSO sessions over time (issue 9, findings 4, 8 and 9)', () => {
  it('profiles from a group are revoked when a later sign-in no longer carries the group', async () => {
    const accounts: Record<string, TestAccount> = {
      m: { email: 'nouvelle.moderatrice@insa-lyon.fr', name: 'Nouvelle', groups: ['moodle-moderators'] },
    };
    const { lyon, call } = await givenTwoProviders(accounts, {});
    const first = await call('GET', '/v1/me', await lyon.accessTokenFor('m'));
    expect(first.json.profiles).toContainEqual({ profile: 'moderator', service: 'moodle', team: null });
    accounts.m!.groups = [];
    const later = await call('GET', '/v1/me', await lyon.accessTokenFor('m'));
    expect(later.json.profiles).toEqual([{ profile: 'requester', service: null, team: null }]);
  });

  it('a deactivated person is refused at once, even with an access token already verified', async () => {
    const { g, lyon, call } = await givenTwoProviders(
      { s: { email: 'etudiant.parti@insa-lyon.fr', name: 'S' } },
      {},
    );
    const token = await lyon.accessTokenFor('s');
    expect((await call('GET', '/v1/me', token)).status).toBe(200);
    await g.catalogue.upsertPerson({ email: 'etudiant.parti@insa-lyon.fr', displayName: 'S', active: false });
    expect((await call('GET', '/v1/me', token)).status).toBe(401);
    expect((await call('POST', '/v1/tokens', token, { name: 'x', scopes: ['read'] })).status).toBe(401);
  });

  it('an SSO session reads and writes; it administers only with the provider’s administrative scope', async () => {
    const g = await createTestGuichet();
    cleanups.push(() => g.dispose());
    await givenDemoCatalogue(g);
    const op = await startOidcProvider({
      plain: { email: 'admin@groupe-insa.fr', name: 'Admin' },
      elevated: { email: 'admin@groupe-insa.fr', name: 'Admin', scopes: ['guichet:admin'] },
    });
    cleanups.push(() => op.stop());
    const issuer = { issuer: op.issuer, audience: op.audience, establishment: 'groupe-insa' };
    const get = (app: ReturnType<typeof createApp>, token: string) =>
      app.request('/v1/catalogue', { headers: { Authorization: `Bearer ${token}` } });
    // Without `adminScope` configured, no SSO session administers.
    const plainApp = createApp(g, { oidcIssuers: [issuer] });
    const elevatedToken = await op.accessTokenFor('elevated');
    const refused = await get(plainApp, elevatedToken);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ rule: 'admin_scope_required' });
    // With it, only a token carrying the scope does.
    const app = createApp(g, { oidcIssuers: [{ ...issuer, adminScope: 'guichet:admin' }] });
    expect((await get(app, elevatedToken)).status).toBe(200);
    const plainToken = await op.accessTokenFor('plain');
    // The subject differs (another account of the provider): the address is already linked.
    expect((await get(app, plainToken)).status).toBe(403);
  });
});
