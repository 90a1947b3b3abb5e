import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

async function given() {
  guichet = await createTestGuichet();
  const g = guichet;
  await givenDemoCatalogue(g);
  const admin = (
    await g.tokens.create(
      { person: 'admin@groupe-insa.fr', name: 't', scopes: ['read', 'write', 'admin'] },
      'local',
    )
  ).token;
  const app = createApp(g);
  const call = async (method: string, path: string, body?: unknown, lang = 'fr') => {
    const res = await app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${admin}`,
        'Accept-Language': lang,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as any };
  };
  return { g, call };
}

describe('the organisation written over HTTP by a functional admin', () => {
  it('creates a provider, a team and a service using both, routes it, and reads it all back', async () => {
    const { g, call } = await given();
    const provider = await call('PUT', '/v1/providers/ubicast', {
      name: 'UbiCast',
      contact: 'support@ubicast.eu',
      supportUrl: 'https://support.ubicast.eu',
    });
    expect(provider).toMatchObject({ status: 200, json: { code: 'ubicast', name: 'UbiCast' } });
    const team = await call('PUT', '/v1/teams/video', { name: 'Équipe vidéo', establishment: 'insa-lyon' });
    expect(team).toMatchObject({
      status: 200,
      json: { code: 'video', name: 'Équipe vidéo', establishment: 'insa-lyon', members: [] },
    });
    await g.catalogue.upsertPerson({ email: 'video.tech@insa-lyon.fr', displayName: 'Technicien vidéo' });
    const granted = await call('POST', '/v1/people/video.tech@insa-lyon.fr/profiles', {
      profile: 'technician',
      team: 'video',
    });
    expect(granted.status).toBe(200);
    const service = await call('PATCH', '/v1/services/video', { defaultTeam: 'video', provider: 'ubicast' });
    expect(service).toMatchObject({
      status: 200,
      json: { code: 'video', name: 'Plateforme vidéo', defaultTeam: 'video', provider: 'ubicast' },
    });
    const rule = await call('PUT', '/v1/routing-rules/video', {
      position: 20,
      match: { service: 'video' },
      team: 'video',
      defaultType: 'incident',
    });
    expect(rule).toMatchObject({
      status: 200,
      json: {
        code: 'video',
        position: 20,
        match: { service: 'video', type: null, establishment: null },
        team: 'video',
        agent: null,
        defaultType: 'incident',
      },
    });
    const rules = await call('GET', '/v1/routing-rules');
    expect(rules.json.map((r: { code: string }) => r.code)).toContain('video');
    expect(
      (await call('GET', '/v1/teams')).json.find((t: { code: string }) => t.code === 'video').members,
    ).toEqual([expect.objectContaining({ email: 'video.tech@insa-lyon.fr' })]);
    expect((await call('GET', '/v1/services/video')).json).toMatchObject({ defaultTeam: 'video' });

    const ticket = await call('POST', '/v1/tickets', {
      title: 'Vidéo illisible',
      description: 'La vidéo du cours ne démarre pas',
      service: 'video',
    });
    expect(ticket).toMatchObject({
      status: 201,
      json: { status: 'assigned', team: 'video', agent: { email: 'video.tech@insa-lyon.fr' } },
    });
  });

  it('a PUT again changes nothing; a PATCH keeps the fields it does not name', async () => {
    const { call } = await given();
    const body = { name: 'INSA Centre Val de Loire', mailDomains: ['insa-cvl.fr'] };
    const first = await call('PUT', '/v1/establishments/insa-cvl', body);
    const again = await call('PUT', '/v1/establishments/insa-cvl', body);
    expect(again).toEqual(first);
    const before = (await call('GET', '/v1/services/scenari')).json;
    const patched = await call('PATCH', '/v1/services/scenari', { description: 'Chaîne éditoriale' });
    expect(patched.json).toEqual({ ...before, description: 'Chaîne éditoriale' });
  });

  it('bad writes name the field and store nothing; unknown codes are 404', async () => {
    const { call } = await given();
    const unknownTeam = await call(
      'PUT',
      '/v1/routing-rules/video',
      { match: { service: 'video' }, team: 'nobody' },
      'en',
    );
    expect(unknownTeam.status).toBe(422);
    expect(unknownTeam.json.errors).toEqual([expect.objectContaining({ field: 'team' })]);
    expect((await call('GET', '/v1/routing-rules')).json.map((r: { code: string }) => r.code)).not.toContain(
      'video',
    );
    const loop = await call('PATCH', '/v1/services/moodle', { parent: 'moodle.access' });
    expect(loop.status).toBe(422);
    expect(loop.json.errors).toEqual([expect.objectContaining({ field: 'parent' })]);
    expect((await call('GET', '/v1/services/moodle')).json.parent).toBeNull();
    const extra = await call('PUT', '/v1/teams/video', { name: 'Vidéo', colour: 'blue' });
    expect(extra.status).toBe(422);
    expect((await call('GET', '/v1/teams')).json.map((t: { code: string }) => t.code)).not.toContain('video');
    const badCode = await call('PUT', '/v1/providers/Not%20A%20Code', { name: 'X' });
    expect(badCode.status).toBe(422);
    expect(badCode.json.errors).toEqual([expect.objectContaining({ field: 'code' })]);
    expect((await call('PATCH', '/v1/services/nope', { name: 'Nope' })).status).toBe(404);
    expect((await call('GET', '/v1/services/nope')).status).toBe(404);
  });
});
