/**
 * Announcements on a real PostgreSQL: who may publish and update, validation naming the field,
 * states over time with an explicit clock, filters, and what anonymous readers see.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGuichet, givenDemoCatalogue, givenPerson, type TestGuichet } from '../../testing/index.ts';
import { DomainError } from '../errors.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

/** A clock the test moves by hand. */
function testClock(iso: string) {
  let now = new Date(iso);
  return {
    now: () => now,
    set(at: string) {
      now = new Date(at);
    },
  };
}

async function givenAnnouncements(at = '2026-12-10T08:00:00Z') {
  const clock = testClock(at);
  guichet = await createTestGuichet({}, { clock });
  const g = guichet;
  const staff = await givenDemoCatalogue(g);
  return {
    g,
    clock,
    moodleModerator: await staff('moodle.moderation@insa-lyon.fr'),
    scenariModerator: await staff('scenari.moderation@insa-rouen.fr'),
    admin: await staff('admin@groupe-insa.fr'),
    requester: await givenPerson(g, { email: 'etudiant@insa-lyon.fr' }),
  };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const moodleOutage = {
  title: { fr: 'Moodle inaccessible', en: 'Moodle unavailable' },
  body: { fr: 'Erreur de lecture de la **base de données**.', en: 'A **database** read error.' },
  severity: 'outage' as const,
  services: ['moodle'],
};

describe('publishing', () => {
  it('a moderator of the service publishes; its updates end with resolved, which ends it', async () => {
    // Given the Moodle moderator and an outage on Moodle
    const { g, clock, moodleModerator } = await givenAnnouncements();
    const a = await g.announcements.create(moodleModerator, moodleOutage);
    expect(a).toMatchObject({ state: 'active', phase: null, services: ['moodle'], audience: 'public' });
    // When they post updates, then resolve it an hour later
    clock.set('2026-12-10T08:30:00Z');
    await g.announcements.addUpdate(moodleModerator, a.id, {
      status: 'identified',
      message: { fr: 'Cause trouvée', en: 'Cause found' },
    });
    clock.set('2026-12-10T09:00:00Z');
    const resolved = await g.announcements.addUpdate(moodleModerator, a.id, {
      status: 'resolved',
      message: { fr: 'Rétabli' },
    });
    // Then it is past, its story told in order, timestamped by the clock
    expect(resolved).toMatchObject({ state: 'past', phase: 'resolved' });
    expect(resolved.resolvedAt?.toISOString()).toBe('2026-12-10T09:00:00.000Z');
    expect(resolved.updates.map((u) => [u.status, u.postedAt.toISOString(), u.message.en])).toEqual([
      ['identified', '2026-12-10T08:30:00.000Z', 'Cause found'],
      ['resolved', '2026-12-10T09:00:00.000Z', null],
    ]);
    // And nothing follows a resolution
    const after = await refusal(
      g.announcements.addUpdate(moodleModerator, a.id, { status: 'monitoring', message: { fr: 'Encore' } }),
    );
    expect(after).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { rule: 'announcement_update_not_allowed' },
    });
    expect(after.localized('fr')).toContain('résolue');
  });

  it('needs the moderators of ALL the services concerned; group-wide ones are for functional admins', async () => {
    const { g, moodleModerator, scenariModerator, admin, requester } = await givenAnnouncements();
    // A moderator of Moodle only cannot speak for Scenari too
    const both = { ...moodleOutage, services: ['moodle', 'scenari'] };
    expect(await refusal(g.announcements.create(moodleModerator, both))).toMatchObject({
      code: 'FORBIDDEN',
      details: { rule: 'announcement_not_moderator' },
    });
    // A group-wide notice: not a service moderator's, a functional admin's
    const group = { title: { fr: 'Coupure réseau du groupe' }, severity: 'outage' as const };
    expect(await refusal(g.announcements.create(scenariModerator, group))).toMatchObject({
      details: { rule: 'announcement_group_admin_only' },
    });
    expect(await refusal(g.announcements.create(requester, moodleOutage))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const ok = await g.announcements.create(admin, both);
    expect(ok.editable).toBe(true);
    expect((await g.announcements.create(admin, group)).services).toEqual([]);
    // A moderator of a service moderates its sub-services too
    const sub = await g.announcements.create(moodleModerator, {
      ...moodleOutage,
      services: ['moodle.access'],
    });
    expect(sub.services).toEqual(['moodle.access']);
    // Nor may a moderator of one service update or move another's
    const moodle = await g.announcements.create(moodleModerator, moodleOutage);
    expect(
      await refusal(
        g.announcements.addUpdate(scenariModerator, moodle.id, {
          status: 'identified',
          message: { fr: 'x' },
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await refusal(g.announcements.correct(moodleModerator, moodle.id, { services: ['moodle', 'scenari'] })),
    ).toMatchObject({ code: 'FORBIDDEN' });
    // And a requester reading it is told they may not edit it
    expect((await g.announcements.get(requester, moodle.id)).editable).toBe(false);
  });

  it('refuses bad input naming the field', async () => {
    const { g, moodleModerator } = await givenAnnouncements();
    const fieldsOf = async (input: Record<string, unknown>) =>
      (await refusal(g.announcements.create(moodleModerator, input as never))).details.fields?.map((f) => [
        f.field,
        f.rule,
      ]);
    expect(await fieldsOf({ ...moodleOutage, title: { fr: '   ' } })).toEqual([
      ['title.fr', 'field.invalid'],
    ]);
    expect(await fieldsOf({ ...moodleOutage, services: ['moodle', 'nope'] })).toEqual([
      ['services.1', 'field.unknown'],
    ]);
    expect(await fieldsOf({ ...moodleOutage, establishments: ['insa-nowhere'] })).toEqual([
      ['establishments.0', 'field.unknown'],
    ]);
    expect(
      await fieldsOf({ ...moodleOutage, startsAt: '2026-12-12T10:00:00Z', endsAt: '2026-12-12T09:00:00Z' }),
    ).toEqual([['endsAt', 'field.announcement_ends_before_start']]);
    expect(
      await fieldsOf({ ...moodleOutage, startsAt: '2026-11-30T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' }),
    ).toEqual([['endsAt', 'field.announcement_ended']]);
    expect(await fieldsOf({ ...moodleOutage, severity: 'apocalypse' })).toEqual([
      ['severity', 'field.invalid'],
    ]);
    expect(await fieldsOf({ ...moodleOutage, linkedTicket: 'GU-2026-999999' })).toEqual([
      ['linkedTicket', 'field.unknown'],
    ]);
    // A correction is checked the same way
    const a = await g.announcements.create(moodleModerator, moodleOutage);
    const bad = await refusal(
      g.announcements.correct(moodleModerator, a.id, { endsAt: '2026-12-01T00:00:00Z' }),
    );
    expect(bad.details.fields?.[0]).toMatchObject({
      field: 'endsAt',
      rule: 'field.announcement_ends_before_start',
    });
    expect(bad.localized('en')).toContain('"endsAt" must be after the start');
  });

  it('corrects the fields given, refusing a stale version', async () => {
    const { g, moodleModerator } = await givenAnnouncements();
    const a = await g.announcements.create(moodleModerator, moodleOutage);
    const fixed = await g.announcements.correct(
      moodleModerator,
      a.id,
      { title: { fr: 'Moodle indisponible' }, endsAt: '2026-12-10T12:00:00Z' },
      { expectedVersion: a.version },
    );
    expect(fixed.title).toEqual({ fr: 'Moodle indisponible', en: 'Moodle unavailable' });
    expect(fixed.endsAt?.toISOString()).toBe('2026-12-10T12:00:00.000Z');
    expect(fixed.version).toBeGreaterThan(a.version);
    const stale = await refusal(
      g.announcements.correct(
        moodleModerator,
        a.id,
        { severity: 'degraded' },
        { expectedVersion: a.version },
      ),
    );
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { rule: 'announcement_stale_version' } });
  });
});

describe('reading', () => {
  it('is upcoming, active and past as the clock moves, and lists by state', async () => {
    // Given a maintenance announced two days ahead, and an outage now
    const { g, clock, admin } = await givenAnnouncements('2026-12-10T08:00:00Z');
    const maintenance = await g.announcements.create(admin, {
      title: { fr: 'Maintenance de la plateforme vidéo' },
      severity: 'maintenance',
      services: ['video'],
      startsAt: '2026-12-12T06:00:00Z',
      endsAt: '2026-12-12T08:00:00Z',
    });
    const outage = await g.announcements.create(admin, moodleOutage);
    const ids = async (state: 'upcoming' | 'active' | 'past') =>
      (await g.announcements.list('anonymous', { state })).items.map((a) => a.id);
    expect(maintenance.state).toBe('upcoming');
    expect(await ids('upcoming')).toEqual([maintenance.id]);
    expect(await ids('active')).toEqual([outage.id]);
    expect(await ids('past')).toEqual([]);
    // When the maintenance starts
    clock.set('2026-12-12T06:00:00Z');
    expect(await ids('active')).toEqual([maintenance.id, outage.id]);
    // When its expected end passes, it is over even though nobody resolved it
    clock.set('2026-12-12T08:00:00Z');
    expect(await ids('past')).toEqual([maintenance.id]);
    expect((await g.announcements.get('anonymous', maintenance.id)).state).toBe('past');
    expect(await ids('active')).toEqual([outage.id]);
  });

  it('shows anonymous readers the public ones only, and the linked ticket to those who see it', async () => {
    const { g, moodleModerator, requester } = await givenAnnouncements();
    const problem = await g.tickets.create(moodleModerator, {
      requester: 'etudiant@insa-lyon.fr',
      title: 'Erreur de lecture de la base',
      description: 'database read error',
      service: 'moodle',
      type: 'problem',
    });
    const pub = await g.announcements.create(moodleModerator, {
      ...moodleOutage,
      linkedTicket: problem.reference,
    });
    const internal = await g.announcements.create(moodleModerator, {
      ...moodleOutage,
      title: { fr: 'Outil interne lent' },
      audience: 'requesters',
    });
    expect(pub.linkedTicket).toBe(problem.reference);
    const anonymous = await g.announcements.list('anonymous');
    expect(anonymous.items.map((a) => a.id)).toEqual([pub.id]);
    expect(anonymous.items[0]!.linkedTicket).toBeNull();
    expect(await refusal(g.announcements.get('anonymous', internal.id))).toMatchObject({
      code: 'NOT_FOUND',
      details: { rule: 'announcement_not_found' },
    });
    // A signed-in requester sees both; the ticket is theirs, so they see its reference
    const seen = await g.announcements.list(requester);
    expect(seen.total).toBe(2);
    expect(seen.items.find((a) => a.id === pub.id)?.linkedTicket).toBe(problem.reference);
    // Someone who cannot see the ticket does not learn its reference
    const other = await givenPerson(g, { email: 'autre@insa-rennes.fr' });
    expect((await g.announcements.get(other, pub.id)).linkedTicket).toBeNull();
  });

  it('filters by service (with its tree and group-wide ones) and by establishment, and pages', async () => {
    const { g, admin } = await givenAnnouncements();
    const moodle = await g.announcements.create(admin, { ...moodleOutage, services: ['moodle.access'] });
    const scenari = await g.announcements.create(admin, { ...moodleOutage, services: ['scenari'] });
    const lyon = await g.announcements.create(admin, {
      title: { fr: 'Réseau de Lyon coupé' },
      severity: 'outage',
      establishments: ['insa-lyon'],
    });
    const rennes = await g.announcements.create(admin, {
      ...moodleOutage,
      establishments: ['insa-rennes'],
    });
    const of = async (q: Record<string, string>) =>
      new Set((await g.announcements.list('anonymous', q)).items.map((a) => a.id));
    expect(await of({ service: 'moodle' })).toEqual(new Set([moodle.id, lyon.id, rennes.id]));
    expect(await of({ service: 'scenari.opale' })).toEqual(new Set([scenari.id, lyon.id]));
    expect(await of({ establishment: 'insa-lyon' })).toEqual(new Set([moodle.id, scenari.id, lyon.id]));
    expect(await of({ service: 'moodle', establishment: 'insa-lyon' })).toEqual(
      new Set([moodle.id, lyon.id]),
    );
    expect(
      (await refusal(g.announcements.list('anonymous', { service: 'nope' }))).details.fields?.[0],
    ).toMatchObject({
      field: 'service',
      rule: 'field.unknown',
    });
    const first = await g.announcements.list('anonymous', { limit: 3 });
    expect(first).toMatchObject({ total: 4, nextOffset: 3 });
    const second = await g.announcements.list('anonymous', { limit: 3, offset: 3 });
    expect(second).toMatchObject({ total: 4, nextOffset: null });
    expect(new Set([...first.items, ...second.items].map((a) => a.id)).size).toBe(4);
  });
});
