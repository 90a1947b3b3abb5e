/**
 * Who may hand over the service: the technical admin profile, identity links, act-as targets, and
 * the grants identity providers keep in step (issue 9, findings 1–4 and 9, at the core level; the
 * HTTP side is in the API's authorization matrix and OIDC tests).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  administering,
  createTestGuichet,
  givenDemoCatalogue,
  givenPerson,
  type TestGuichet,
} from '../../testing/index.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

const LYON = 'https://cas.insa-lyon.fr/oidc';
const RENNES = 'https://cas.insa-rennes.fr/oidc';

async function givenFunctionalAdmin(g: TestGuichet) {
  const person = await givenPerson(g, { email: 'fonctionnel@groupe-insa.fr', affiliation: 'staff' });
  await g.catalogue.grantProfile({ person: person.email, profile: 'functional_admin' });
  return administering(person);
}

describe('the technical admin profile', () => {
  it('is granted and revoked by technical admins only, whatever the path', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const functional = await givenFunctionalAdmin(g);
    const technical = administering(await staff('admin@groupe-insa.fr'));
    // Given a functional admin, when they make themself technical admin: refused.
    await expect(
      g.catalogue.grantProfile({ person: functional.email, profile: 'technical_admin' }, functional),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'technical_admin_only' } });
    // Nor through the catalogue document.
    await expect(
      g.catalogue.applyDocument(
        { profiles: [{ person: functional.email, profile: 'technical_admin' }] },
        {},
        functional,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'technical_admin_only' } });
    // Nor revoke the technical admin, directly or by pruning a document that does not name them.
    await expect(
      g.catalogue.revokeProfile({ person: 'admin@groupe-insa.fr', profile: 'technical_admin' }, functional),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'technical_admin_only' } });
    const exported = await g.catalogue.exportDocument(functional);
    const withoutTechnical = {
      ...exported,
      profiles: exported.profiles.filter((p) => p.profile !== 'technical_admin'),
    };
    await expect(
      g.catalogue.applyDocument(withoutTechnical, { prune: true }, functional),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { rule: 'technical_admin_only' },
    });
    await expect(
      g.catalogue.applyDocument(withoutTechnical, { prune: true, dryRun: true }, functional),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Nor deactivate them, nor re-link their identity.
    await expect(
      g.catalogue.upsertPerson(
        { email: 'admin@groupe-insa.fr', displayName: 'X', active: false },
        functional,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'technical_admin_only' } });
    await expect(
      g.catalogue.upsertPerson(
        { email: 'vr.tech@insa-rennes.fr', displayName: 'X', subject: `${RENNES}|attacker` },
        functional,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'technical_admin_only' } });
    // A technical admin may.
    await g.catalogue.grantProfile({ person: functional.email, profile: 'technical_admin' }, technical);
    const me = await g.catalogue.describePerson(functional.email);
    expect(me.profiles.map((p) => p.profile)).toContain('technical_admin');
    // And nothing of the refused attempts was written.
    expect((await g.catalogue.describePerson('vr.tech@insa-rennes.fr')).active).toBe(true);
  });

  it('the last active technical admin cannot be removed, by revocation, deactivation or prune', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const technical = administering(await staff('admin@groupe-insa.fr'));
    const last = { person: 'admin@groupe-insa.fr', profile: 'technical_admin' as const };
    await expect(g.catalogue.revokeProfile(last, technical)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { rule: 'last_technical_admin' },
    });
    await expect(g.catalogue.revokeProfile(last)).rejects.toMatchObject({
      details: { rule: 'last_technical_admin' },
    });
    await expect(
      g.catalogue.upsertPerson({ email: 'admin@groupe-insa.fr', displayName: 'Admin', active: false }),
    ).rejects.toMatchObject({ details: { rule: 'last_technical_admin' } });
    const exported = await g.catalogue.exportDocument();
    const pruned = {
      ...exported,
      profiles: exported.profiles.filter((p) => p.profile !== 'technical_admin'),
    };
    // A dry run refuses what the apply would refuse.
    await expect(g.catalogue.applyDocument(pruned, { prune: true, dryRun: true })).rejects.toMatchObject({
      details: { rule: 'last_technical_admin' },
    });
    await expect(g.catalogue.applyDocument(pruned, { prune: true })).rejects.toMatchObject({
      details: { rule: 'last_technical_admin' },
    });
    expect(
      (await g.catalogue.describePerson('admin@groupe-insa.fr')).profiles.map((p) => p.profile),
    ).toContain('technical_admin');
    // Handing over works: appoint another, then the first may go.
    await g.catalogue.grantProfile(
      { person: 'moderation@groupe-insa.fr', profile: 'technical_admin' },
      technical,
    );
    expect(await g.catalogue.revokeProfile(last, technical)).toBe(true);
  });
});

describe('act-as', () => {
  it('reaches active requesters only, never staff or administrators', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    const student = await givenPerson(g);
    expect(await g.catalogue.actAsTarget(student.email)).toEqual({ personId: student.personId });
    for (const staff of ['admin@groupe-insa.fr', 'vr.tech@insa-rennes.fr', 'vr.manager@insa-rennes.fr']) {
      await expect(g.catalogue.actAsTarget(staff)).rejects.toMatchObject({
        code: 'FORBIDDEN',
        details: { rule: 'act_as_staff' },
      });
    }
    await g.catalogue.upsertPerson({ email: student.email, displayName: 'Parti', active: false });
    expect(await g.catalogue.actAsTarget(student.email)).toBeNull();
    expect(await g.catalogue.actAsTarget('personne@insa-lyon.fr')).toBeNull();
  });
});

describe('signing in through identity providers', () => {
  const lyonPerson = (sub: string, email: string, extra: Record<string, unknown> = {}) => ({
    issuer: LYON,
    subject: `${LYON}|${sub}`,
    email,
    emailVerified: true,
    displayName: 'Dominique Lyon',
    establishment: 'insa-lyon',
    ...extra,
  });

  it('identity is (issuer, subject): another provider cannot claim an address it is not authoritative for', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    const admin = await g.catalogue.describePerson('admin@groupe-insa.fr');
    // Given the Rennes provider vouching (verified) for the group admin's address: refused.
    await expect(
      g.catalogue.signIn({
        issuer: RENNES,
        subject: `${RENNES}|mallory`,
        email: 'admin@groupe-insa.fr',
        emailVerified: true,
        displayName: 'Mallory',
        establishment: 'insa-rennes',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'identity_not_vouched' } });
    expect(await g.catalogue.describePerson('admin@groupe-insa.fr')).toEqual(admin);
    // Unverified addresses are not trusted either, even in the provider's own domain.
    await expect(
      g.catalogue.signIn(lyonPerson('x', 'nouveau@insa-lyon.fr', { emailVerified: false })),
    ).rejects.toMatchObject({ details: { rule: 'identity_not_vouched' } });
    await expect(g.catalogue.describePerson('nouveau@insa-lyon.fr')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('links a known person once, and never re-links them to another identity', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    const tech = await givenPerson(g, { email: 'tech.lyon@insa-lyon.fr', affiliation: 'staff' });
    // First sign-in through the authoritative provider with a verified address: linked.
    const first = await g.catalogue.signIn(lyonPerson('t-1', tech.email));
    expect(first.personId).toBe(tech.personId);
    // The same address from another subject of the same provider, or from Rennes: refused.
    await expect(g.catalogue.signIn(lyonPerson('t-2', tech.email))).rejects.toMatchObject({
      details: { rule: 'identity_linked_elsewhere' },
    });
    await expect(
      g.catalogue.signIn({
        issuer: RENNES,
        subject: `${RENNES}|t-1`,
        email: tech.email,
        emailVerified: true,
        mailDomains: ['insa-lyon.fr'],
        displayName: 'Impostor',
      }),
    ).rejects.toMatchObject({ details: { rule: 'identity_linked_elsewhere' } });
    // The linked identity signs in again as the same person.
    expect((await g.catalogue.signIn(lyonPerson('t-1', tech.email))).personId).toBe(tech.personId);
    // A known identity's address moves only to a vouched one nobody holds.
    await g.catalogue.signIn(lyonPerson('t-1', 'admin@groupe-insa.fr'));
    expect((await g.catalogue.describePerson(tech.personId)).email).toBe(tech.email);
    await g.catalogue.signIn(lyonPerson('t-1', 'dominique.lyon@insa-lyon.fr'));
    expect((await g.catalogue.describePerson(tech.personId)).email).toBe('dominique.lyon@insa-lyon.fr');
  });

  it('keeps the grants of a provider’s groups in step with the groups it sends now', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    const moderator = { profile: 'moderator' as const, service: 'moodle' };
    const { personId } = await g.catalogue.signIn(
      lyonPerson('m-1', 'mod@insa-lyon.fr', { profiles: [moderator] }),
    );
    const profiles = async () =>
      (await g.catalogue.describePerson(personId)).profiles.map(
        (p) => `${p.profile}:${p.service ?? p.team ?? ''}`,
      );
    expect(await profiles()).toContain('moderator:moodle');
    // An administrator grants another profile by hand; the provider then drops the group.
    await g.catalogue.grantProfile({
      person: 'mod@insa-lyon.fr',
      profile: 'technician',
      team: 'moodle-support',
    });
    await g.catalogue.signIn(lyonPerson('m-1', 'mod@insa-lyon.fr', { profiles: [] }));
    expect(await profiles()).not.toContain('moderator:moodle');
    expect(await profiles()).toContain('technician:moodle-support');
    // The group comes back: so does the grant.
    await g.catalogue.signIn(lyonPerson('m-1', 'mod@insa-lyon.fr', { profiles: [moderator] }));
    expect(await profiles()).toContain('moderator:moodle');
    // The catalogue document manages administrators' grants only: pruning leaves the provider's.
    const exported = await g.catalogue.exportDocument();
    expect(exported.profiles.some((p) => p.person === 'mod@insa-lyon.fr' && p.profile === 'moderator')).toBe(
      false,
    );
    await g.catalogue.applyDocument(exported, { prune: true });
    expect(await profiles()).toContain('moderator:moodle');
  });

  it('refuses deactivated people', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    await g.catalogue.signIn(lyonPerson('d-1', 'parti@insa-lyon.fr'));
    await g.catalogue.upsertPerson({ email: 'parti@insa-lyon.fr', displayName: 'Parti', active: false });
    await expect(g.catalogue.signIn(lyonPerson('d-1', 'parti@insa-lyon.fr'))).rejects.toMatchObject({
      details: { rule: 'person_inactive' },
    });
  });
});
