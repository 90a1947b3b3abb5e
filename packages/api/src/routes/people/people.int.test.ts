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
  await g.catalogue.upsertPerson({ email: 'etudiant@insa-lyon.fr', displayName: 'Étudiant' });
  const token = async (person: string, scopes: ('read' | 'write' | 'admin')[] = ['read', 'write']) =>
    (await g.tokens.create({ person, name: 't', scopes }, 'local')).token;
  const app = createApp(g);
  const call = async (method: string, path: string, t: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { Authorization: `Bearer ${t}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as any };
  };
  return {
    call,
    admin: await token('admin@groupe-insa.fr', ['read', 'write', 'admin']),
    adminSession: await token('admin@groupe-insa.fr'),
    student: await token('etudiant@insa-lyon.fr'),
    moderator: await token('moodle.moderation@insa-lyon.fr'),
  };
}

describe('people and the catalogue over HTTP', () => {
  it('staff search the directory; requesters may not', async () => {
    const { call, moderator, student } = await given();
    const found = await call('GET', '/v1/people?q=VR', moderator);
    expect(found.status).toBe(200);
    expect(found.json.map((p: { email: string }) => p.email)).toEqual([
      'vr.manager@insa-rennes.fr',
      'vr.tech@insa-rennes.fr',
    ]);
    expect(found.json[1].profiles).toEqual([
      { profile: 'requester', service: null, team: null },
      { profile: 'technician', service: null, team: 'vr-room' },
    ]);
    expect((await call('GET', '/v1/people', student)).status).toBe(403);
  });

  it('functional admins grant and revoke profiles; others get 403; bad scopes name the field', async () => {
    const { call, admin, adminSession, moderator } = await given();
    // The admin's ordinary session (no `admin` scope) cannot grant anything.
    const session = await call('POST', '/v1/people/etudiant@insa-lyon.fr/profiles', adminSession, {
      profile: 'moderator',
      service: 'chat',
    });
    expect(session).toMatchObject({ status: 403, json: { rule: 'admin_scope_required' } });
    const granted = await call('POST', '/v1/people/etudiant@insa-lyon.fr/profiles', admin, {
      profile: 'moderator',
      service: 'chat',
    });
    expect(granted.status).toBe(200);
    expect(granted.json.profiles).toContainEqual({ profile: 'moderator', service: 'chat', team: null });
    const revoked = await call(
      'DELETE',
      '/v1/people/etudiant@insa-lyon.fr/profiles?profile=moderator&service=chat',
      admin,
    );
    expect(revoked.json.profiles).toEqual([{ profile: 'requester', service: null, team: null }]);
    expect(
      (
        await call('POST', '/v1/people/etudiant@insa-lyon.fr/profiles', moderator, {
          profile: 'functional_admin',
        })
      ).status,
    ).toBe(403);
    const bad = await call('POST', '/v1/people/etudiant@insa-lyon.fr/profiles', admin, {
      profile: 'technician',
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([expect.objectContaining({ field: 'team', rule: 'field.required' })]);
  });

  it('functional admins create and update services with PUT, idempotently', async () => {
    const { call, admin, moderator } = await given();
    const body = {
      name: 'Forum pédagogique',
      parent: 'moodle',
      approvalPolicy: 'required',
      defaultTeam: 'moodle-support',
    };
    const first = await call('PUT', '/v1/services/moodle.forum', admin, body);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      code: 'moodle.forum',
      parent: 'moodle',
      approvalPolicy: 'required',
      defaultTeam: 'moodle-support',
    });
    const again = await call('PUT', '/v1/services/moodle.forum', admin, body);
    expect(again.json).toEqual(first.json);
    expect((await call('PUT', '/v1/services/moodle.forum', moderator, body)).status).toBe(403);
    const unknownParent = await call('PUT', '/v1/services/x', admin, { name: 'X', parent: 'nope' });
    expect(unknownParent.json.errors).toEqual([
      expect.objectContaining({ field: 'parent', rule: 'field.unknown' }),
    ]);
  });
});
