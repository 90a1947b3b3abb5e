import { afterEach, describe, expect, it } from 'vitest';
import {
  administering,
  createTestGuichet,
  givenDemoCatalogue,
  givenPerson,
  type TestGuichet,
} from '../../testing/index.ts';
import { DEMO_CATALOGUE } from './demo-seed.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

describe('catalogue as code', () => {
  it('creates the demo catalogue from a document; re-applying it and applying its export change nothing', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const first = await g.catalogue.applyDocument(DEMO_CATALOGUE);
    expect(first.changes.filter((c) => c.op === 'create')).toHaveLength(first.changes.length);
    expect(first.changes.filter((c) => c.kind === 'services')).toHaveLength(DEMO_CATALOGUE.services.length);
    expect(first.changes.find((c) => c.kind === 'services' && c.key === 'vr-room')?.fields).toContainEqual({
      field: 'approvalPolicy',
      from: null,
      to: 'required',
    });

    expect((await g.catalogue.applyDocument(DEMO_CATALOGUE)).changes).toEqual([]);
    const exported = await g.catalogue.exportDocument();
    expect(exported.services.map((s) => s.code)).toEqual(expect.arrayContaining(['moodle', 'vr-room']));
    // Parents before children, so the export applies in order on an empty database too.
    const codes = exported.services.map((s) => s.code);
    for (const s of exported.services)
      if (s.parent) expect(codes.indexOf(s.parent)).toBeLessThan(codes.indexOf(s.code));
    expect((await g.catalogue.applyDocument(exported, { prune: true })).changes).toEqual([]);
  });

  it('plans field by field without writing on a dry run, then applies exactly that', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    const doc = await g.catalogue.exportDocument();
    const moodle = doc.services.find((s) => s.code === 'moodle')!;
    moodle.name = 'Moodle (OpenINSA)';
    // A child listed before its parent: applied parents first.
    doc.services.unshift({ code: 'moodle-quiz', name: 'Tests et quiz', parent: 'moodle-new' } as never);
    doc.services.push({ code: 'moodle-new', name: 'Nouveau Moodle' } as never);
    doc.profiles.push({ person: 'vr.tech@insa-rennes.fr', profile: 'moderator', service: 'moodle-new' });

    const plan = await g.catalogue.applyDocument(doc, { dryRun: true });
    expect(plan.changes).toEqual([
      expect.objectContaining({ kind: 'services', key: 'moodle-quiz', op: 'create' }),
      {
        kind: 'services',
        key: 'moodle',
        op: 'update',
        fields: [{ field: 'name', from: 'Moodle groupe (OpenINSA)', to: 'Moodle (OpenINSA)' }],
      },
      expect.objectContaining({ kind: 'services', key: 'moodle-new', op: 'create' }),
      { kind: 'profiles', key: 'vr.tech@insa-rennes.fr moderator moodle-new', op: 'create', fields: [] },
    ]);
    expect((await g.catalogue.exportDocument()).services.find((s) => s.code === 'moodle')?.name).toBe(
      'Moodle groupe (OpenINSA)',
    );

    expect((await g.catalogue.applyDocument(doc)).changes).toEqual(plan.changes);
    const tree = await g.catalogue.describeService('moodle-new');
    expect(tree).toMatchObject({
      moderators: ['vr.tech@insa-rennes.fr'],
      children: [{ code: 'moodle-quiz' }],
    });
    expect((await g.catalogue.applyDocument(doc, { dryRun: true })).changes).toEqual([]);
  });

  it('leaves what the document does not name, unless pruning: retire, deactivate, revoke', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    const doc = await g.catalogue.exportDocument();
    const partial = {
      ...doc,
      services: doc.services.filter((s) => s.code !== 'vr-room'),
      profiles: doc.profiles.filter((p) => !(p.profile === 'technician' && p.team === 'vr-room')),
      routingRules: [],
    };
    expect((await g.catalogue.applyDocument(partial)).changes).toEqual([]);
    const pruned = await g.catalogue.applyDocument(partial, { prune: true });
    expect(pruned.changes).toContainEqual({
      kind: 'services',
      key: 'vr-room',
      op: 'retire',
      fields: [{ field: 'status', from: 'active', to: 'retired' }],
    });
    expect(pruned.changes.filter((c) => c.op === 'revoke').length).toBeGreaterThan(0);
    expect(pruned.changes.filter((c) => c.kind === 'routingRules').every((c) => c.op === 'retire')).toBe(
      true,
    );
    const after = await g.catalogue.exportDocument();
    expect(after.services.find((s) => s.code === 'vr-room')?.status).toBe('retired');
    expect(after.profiles.some((p) => p.profile === 'technician' && p.team === 'vr-room')).toBe(false);
    expect(after.routingRules.every((r) => r.active === false)).toBe(true);
  });

  it('an invalid item names kind, index and field, and nothing of the document is written', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    const before = await g.catalogue.exportDocument();
    const bad = {
      teams: [{ code: 'nouvelle-equipe', name: 'Nouvelle équipe' }],
      services: [{ code: 'wiki', name: 'Wiki', defaultTeam: 'nouvelle-equipe' }],
      profiles: [
        { person: 'vr.tech@insa-rennes.fr', profile: 'technician' as const, team: 'nouvelle-equipe' },
        { person: 'personne@insa-lyon.fr', profile: 'moderator' as const, service: 'wiki' },
      ],
    };
    await expect(g.catalogue.applyDocument(bad)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'profiles.1.person', rule: 'field.unknown' }] },
    });
    expect(await g.catalogue.exportDocument()).toEqual(before);

    await expect(
      g.catalogue.applyDocument({ services: [{ code: 'Pas Un Code', name: '' }] } as never),
    ).rejects.toMatchObject({
      details: { fields: expect.arrayContaining([expect.objectContaining({ field: 'services.0.code' })]) },
    });
  });

  it('an item named twice is refused at its second place, before anything is planned or written', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    const before = await g.catalogue.exportDocument();
    await expect(
      g.catalogue.applyDocument({
        services: [
          { code: 'wiki', name: 'Wiki' },
          { code: 'chat', name: 'Messagerie' },
          { code: 'wiki', name: 'Wiki bis' },
        ],
        profiles: [
          { person: 'vr.tech@insa-rennes.fr', profile: 'technician', team: 'portal' },
          { person: 'VR.Tech@insa-rennes.fr', profile: 'technician', team: 'portal' },
        ],
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        fields: [
          { field: 'services.2.code', params: { reason: 'wiki is already at services.0' } },
          { field: 'profiles.1' },
        ],
      },
    });
    expect(await g.catalogue.exportDocument()).toEqual(before);
  });

  it('only functional admins export or apply', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const student = await givenPerson(g);
    await expect(g.catalogue.exportDocument(administering(student))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(g.catalogue.applyDocument(DEMO_CATALOGUE, {}, administering(student))).rejects.toMatchObject(
      {
        code: 'FORBIDDEN',
        details: { rule: 'functional_admin_only' },
      },
    );
    const admin = await staff('admin@groupe-insa.fr');
    // An ordinary session of the admin (no `admin` scope) may not, an administrative one may.
    await expect(g.catalogue.applyDocument(DEMO_CATALOGUE, { dryRun: true }, admin)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { rule: 'admin_scope_required' },
    });
    await expect(
      g.catalogue.applyDocument(
        DEMO_CATALOGUE,
        { dryRun: true },
        { ...administering(admin), via: student.personId },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'act_as_not_allowed' } });
    expect(
      (await g.catalogue.applyDocument(DEMO_CATALOGUE, { dryRun: true }, administering(admin))).changes,
    ).toEqual([]);
  });
});
