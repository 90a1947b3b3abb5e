import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { administering, createTestGuichet, givenPerson, type TestGuichet } from '../../testing/index.ts';
import { applyCatalogue, DEMO_CATALOGUE } from './demo-seed.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

async function tableCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = [
      'establishment',
      'person',
      'team',
      'provider',
      'service',
      'profile_grant',
      'routing_rule',
    ];
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = (await client.query(`select count(*)::int as n from ${t}`)).rows[0].n;
    return out;
  } finally {
    await client.end();
  }
}

describe('catalogue', () => {
  it('applying the demo catalogue twice changes nothing the second time', async () => {
    guichet = await createTestGuichet();
    await applyCatalogue(guichet.catalogue, DEMO_CATALOGUE);
    const once = await tableCounts(guichet.databaseUrl);
    await applyCatalogue(guichet.catalogue, DEMO_CATALOGUE);
    expect(await tableCounts(guichet.databaseUrl)).toEqual(once);
    expect(once).toMatchObject({ establishment: 8, service: 13, provider: 1 });
  });

  it('lists the service tree with each responsibility chain', async () => {
    guichet = await createTestGuichet();
    await applyCatalogue(guichet.catalogue, DEMO_CATALOGUE);
    const tree = await guichet.catalogue.listServices();
    expect(tree.map((s) => s.code)).toEqual([
      'appointments',
      'bot',
      'chat',
      'moodle',
      'portal',
      'scenari',
      'surveys',
      'video',
      'vr-room',
    ]);
    const vr = tree.find((s) => s.code === 'vr-room')!;
    expect(vr).toMatchObject({
      approvalPolicy: 'required',
      owner: 'vr.manager@insa-rennes.fr',
      approvers: ['vr.manager@insa-rennes.fr'],
      moderators: ['vr.manager@insa-rennes.fr'],
      defaultTeam: 'vr-room',
      children: [{ code: 'vr-room.usage', parent: 'vr-room' }],
    });
    expect(tree.find((s) => s.code === 'scenari')).toMatchObject({
      provider: 'kelis',
      children: [{ code: 'scenari.opale' }],
    });
  });

  it('places people in their establishment by mail domain', async () => {
    guichet = await createTestGuichet();
    await applyCatalogue(guichet.catalogue, DEMO_CATALOGUE);
    const person = await guichet.catalogue.upsertPerson({
      email: 'Jeanne.Dupont@INSA-Strasbourg.fr',
      displayName: 'Jeanne Dupont',
    });
    expect(person.email).toBe('jeanne.dupont@insa-strasbourg.fr');
    expect(person.establishment?.code).toBe('insa-strasbourg');
  });

  it('refuses bad grants with the field named, and a service cycle', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await applyCatalogue(g.catalogue, DEMO_CATALOGUE);
    await expect(
      g.catalogue.grantProfile({ person: 'vr.tech@insa-rennes.fr', profile: 'moderator' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'service', rule: 'field.required' }] },
    });
    await expect(
      g.catalogue.grantProfile({
        person: 'vr.tech@insa-rennes.fr',
        profile: 'technician',
        service: 'moodle',
        team: 'vr-room',
      }),
    ).rejects.toMatchObject({ details: { fields: [{ field: 'service', rule: 'field.scope_mismatch' }] } });
    await expect(
      g.catalogue.grantProfile({ person: 'nobody@nowhere.fr', profile: 'functional_admin' }),
    ).rejects.toMatchObject({
      details: { fields: [{ field: 'person', rule: 'field.unknown' }] },
    });
    await expect(
      g.catalogue.upsertService({ code: 'vr-room', name: 'Cube VR', parent: 'vr-room.usage' }),
    ).rejects.toMatchObject({
      details: { fields: [{ field: 'parent' }] },
    });
    await expect(g.catalogue.upsertService({ code: 'Bad Code', name: 'x' })).rejects.toMatchObject({
      details: { fields: [{ field: 'code' }] },
    });
  });

  it('only functional admins may change the catalogue on behalf of a person', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await applyCatalogue(g.catalogue, DEMO_CATALOGUE);
    const student = await givenPerson(g);
    const admin = await g.catalogue.upsertPerson({ email: 'admin@groupe-insa.fr', displayName: 'Admin' });
    await expect(
      g.catalogue.upsertTeam({ code: 'hackers', name: 'Hackers' }, administering(student)),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await g.catalogue.grantProfile({ person: admin.email, profile: 'functional_admin' });
    const team = await g.catalogue.upsertTeam(
      { code: 'helpdesk', name: 'Helpdesk' },
      administering({ personId: admin.id }),
    );
    expect(team.code).toBe('helpdesk');
    expect(
      await g.catalogue.revokeProfile({
        person: 'vr.tech@insa-rennes.fr',
        profile: 'technician',
        team: 'vr-room',
      }),
    ).toBe(true);
    expect(
      await g.catalogue.revokeProfile({
        person: 'vr.tech@insa-rennes.fr',
        profile: 'technician',
        team: 'vr-room',
      }),
    ).toBe(false);
  });
});
