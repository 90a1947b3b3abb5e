import { afterEach, describe, expect, it } from 'vitest';
import {
  administering,
  createTestGuichet,
  givenDemoCatalogue,
  givenPerson,
  type TestGuichet,
} from '../../testing/index.ts';
import { MAX_LIVE_TOKENS } from './token.service.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

describe('API tokens', () => {
  it('are shown once, stored hashed, expire, and can be revoked', async () => {
    let now = new Date('2026-11-28T10:00:00Z');
    guichet = await createTestGuichet({}, { clock: { now: () => now } });
    const g = guichet;
    const person = await givenPerson(g);
    const created = await g.tokens.create(
      { name: 'script', scopes: ['read'], expiresInDays: 30 },
      { personId: person.personId },
    );
    expect(created.token).toMatch(/^gch_[A-Za-z0-9_-]{43}$/);
    expect(created.expiresAt).toBe('2026-12-28T10:00:00.000Z');
    const [row] = await import('pg').then(async ({ default: pg }) => {
      const c = new pg.Client({ connectionString: g.databaseUrl });
      await c.connect();
      try {
        return (await c.query('select secret_hash, prefix from api_token')).rows;
      } finally {
        await c.end();
      }
    });
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.secret_hash).not.toContain(created.token.slice(4, 20));
    expect(await g.tokens.authenticate(created.token)).toMatchObject({ personId: person.personId });
    expect(await g.tokens.authenticate(`${created.token}x`)).toBeNull();

    now = new Date('2026-12-28T10:00:01Z');
    expect(await g.tokens.authenticate(created.token)).toBeNull();

    now = new Date('2026-11-29T10:00:00Z');
    await g.tokens.revoke(created.id, { personId: person.personId });
    expect(await g.tokens.authenticate(created.token)).toBeNull();
  });

  it('a person gets read/write tokens for themselves; admins their own admin token; other scopes and other people need a technical admin', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const admin = administering(await staff('admin@groupe-insa.fr'));
    const person = await givenPerson(g);
    await expect(g.tokens.create({ name: 'x', scopes: ['admin'] }, person)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      g.tokens.create({ person: 'admin@groupe-insa.fr', name: 'x', scopes: ['read'] }, person),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The technical admin, but through an ordinary session: no.
    await expect(
      g.tokens.create({ person: person.email, name: 'x', scopes: ['read'] }, { personId: admin.personId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'admin_scope_required' } });
    // A functional admin (not technical) may give themself an admin token, nothing more.
    const functional = await givenPerson(g, { email: 'fonctionnel@groupe-insa.fr' });
    await g.catalogue.grantProfile({ person: functional.email, profile: 'functional_admin' });
    await expect(
      g.tokens.create({ name: 'adm', scopes: ['read', 'write', 'admin'] }, { personId: functional.personId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'admin_scope_required' } });
    const own = await g.tokens.create({ name: 'adm', scopes: ['admin'] }, administering(functional));
    expect(own.scopes).toEqual(['admin']);
    for (const scopes of [['act-as'], ['read']] as const) {
      await expect(
        g.tokens.create({ person: person.email, name: 'x', scopes: [...scopes] }, administering(functional)),
      ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'token_scope_not_allowed' } });
    }
    await expect(
      g.tokens.create({ name: 'x', scopes: ['act-as'] }, administering(functional)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'token_scope_not_allowed' } });
    // Nobody mints, lists or revokes tokens while acting for someone.
    const asPortal = { personId: person.personId, via: admin.personId, scopes: admin.scopes };
    await expect(g.tokens.create({ name: 'x', scopes: ['read'] }, asPortal)).rejects.toMatchObject({
      details: { rule: 'act_as_not_allowed' },
    });
    await expect(g.tokens.list(asPortal)).rejects.toMatchObject({ details: { rule: 'act_as_not_allowed' } });
    await expect(g.tokens.revoke(own.id, asPortal)).rejects.toMatchObject({
      details: { rule: 'act_as_not_allowed' },
    });
    const portal = await g.tokens.create(
      { person: person.email, name: 'portal', scopes: ['read', 'act-as'] },
      admin,
    );
    expect(portal.scopes).toEqual(['read', 'act-as']);
    await expect(g.tokens.create({ name: 'x', scopes: [] }, person)).rejects.toMatchObject({
      details: { fields: [{ field: 'scopes' }] },
    });
    await g.catalogue.upsertPerson({ email: person.email, displayName: 'Gone', active: false });
    expect(await g.tokens.authenticate(portal.token)).toBeNull();
    expect(await g.tokens.isValid(portal.id)).toBe(false);
  });

  it('one person holds at most a bounded number of live tokens', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const person = await givenPerson(g);
    for (let i = 0; i < MAX_LIVE_TOKENS; i += 1) {
      await g.tokens.create({ name: `t${i}`, scopes: ['read'] }, person);
    }
    await expect(g.tokens.create({ name: 'one more', scopes: ['read'] }, person)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { rule: 'too_many_tokens' },
    });
    const [first] = await g.tokens.list(person);
    await g.tokens.revoke(first!.id, person);
    expect((await g.tokens.create({ name: 'again', scopes: ['read'] }, person)).scopes).toEqual(['read']);
  });
});
