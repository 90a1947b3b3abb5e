/**
 * Service levels on real PostgreSQL: calendars and targets from the catalogue document, the target
 * a ticket gets, and its clocks read from its real timeline as the workflow writes it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { givenDemoCatalogue, givenPerson } from '../../testing/builders.ts';
import { createTestGuichet, type TestGuichet } from '../../testing/database.ts';
import { DomainError } from '../errors.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const MODERATOR = 'moodle.moderation@insa-lyon.fr';
const TECH = 'moodle.tech@insa-lyon.fr';
const weekdays = (intervals: [string, string][]) =>
  Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, intervals]));

const SERVICE_LEVELS = {
  calendars: [
    {
      code: 'groupe-insa',
      timeZone: 'Europe/Paris',
      hours: weekdays([
        ['08:30', '12:00'],
        ['13:30', '17:30'],
      ]),
      establishments: ['groupe-insa'],
    },
    {
      code: 'insa-strasbourg',
      timeZone: 'Europe/Paris',
      holidays: 'alsace-moselle' as const,
      hours: weekdays([['09:00', '12:00']]),
      closures: [{ from: '2026-12-24', to: '2027-01-03', label: 'Noël' }],
      establishments: ['insa-strasbourg'],
    },
  ],
  serviceLevels: [
    {
      code: 'moodle',
      service: 'moodle',
      firstResponseMinutes: 60,
      resolutionMinutes: 480,
      calendar: 'groupe-insa',
      useRequesterCalendar: true,
    },
    {
      code: 'moodle-courses-critical',
      service: 'moodle.courses',
      priority: 'critical' as const,
      firstResponseMinutes: 15,
      resolutionMinutes: 120,
      calendar: 'groupe-insa',
    },
  ],
};

/** A Guichet whose clock the test moves (events are stamped with it). */
async function given() {
  let now = new Date('2026-12-07T08:00:00Z'); // Monday 09:00 in Paris
  const g: TestGuichet = await createTestGuichet({}, { clock: { now: () => now } });
  cleanups.push(() => g.dispose());
  const staff = await givenDemoCatalogue(g);
  await g.catalogue.applyDocument({ ...(await g.catalogue.exportDocument()), ...SERVICE_LEVELS });
  return {
    g,
    moderator: await staff(MODERATOR),
    tech: await staff(TECH),
    advance: (minutes: number) => {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  };
}

describe('service levels of a ticket', () => {
  it('count business time from the real timeline: response, pause while awaiting the requester, resolution', async () => {
    const { g, moderator, tech, advance } = await given();
    const student = await givenPerson(g);
    const t = await g.tickets.create(student, {
      title: 'Quiz bloqué',
      description: 'Erreur 500',
      service: 'moodle',
    });

    const opened = await g.serviceLevels.forTicket(moderator, t.reference);
    // INSA Lyon has no calendar of its own: the target's (the group's) applies
    expect(opened.target).toMatchObject({ code: 'moodle', calendar: 'groupe-insa', service: 'moodle' });
    expect(opened.firstResponse).toMatchObject({ state: 'running', elapsedMinutes: 0, remainingMinutes: 60 });
    expect(opened.firstResponse?.dueAt).toBe('2026-12-07T09:00:00.000Z');

    advance(30);
    await g.tickets.act(moderator, t.reference, {
      action: 'assign',
      type: 'incident',
      team: 'moodle-support',
      agent: TECH,
    });
    advance(50);
    await g.tickets.act(tech, t.reference, { action: 'request_info', question: 'Quel cours ?' });
    const asked = await g.serviceLevels.forTicket(tech, t.reference);
    // The question was the first public response, after 80 minutes: breached at 10:00 Paris
    expect(asked.firstResponse).toMatchObject({ state: 'stopped', elapsedMinutes: 80, breached: true });
    expect(asked.firstResponse?.breachedAt).toBe('2026-12-07T09:00:00.000Z');
    expect(asked.resolution).toMatchObject({ state: 'paused', elapsedMinutes: 80, dueAt: null });

    // Awaiting the requester for a day: the clock does not move
    advance(24 * 60);
    await g.tickets.act(student, t.reference, { action: 'reply', body: 'Maths 101' });
    advance(60);
    await g.tickets.act(tech, t.reference, { action: 'resolve', solution: 'Cache vidé', service: 'moodle' });
    const resolved = await g.serviceLevels.forTicket(moderator, t.reference);
    expect(resolved.resolution).toMatchObject({
      state: 'stopped',
      elapsedMinutes: 140,
      remainingMinutes: 340,
      breached: false,
    });

    // A requester does not see the service levels of their own ticket
    await expect(g.serviceLevels.forTicket(student, t.reference)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('uses the requester’s establishment’s calendar where the target says so, and the nearest, most specific target', async () => {
    const { g, moderator } = await given();
    const strasbourg = await givenPerson(g, { email: 'etudiant@insa-strasbourg.fr' });
    const t = await g.tickets.create(strasbourg, {
      title: 'Cours absent',
      description: 'x',
      service: 'moodle',
    });
    const view = await g.serviceLevels.forTicket(moderator, t.reference);
    expect(view.target).toMatchObject({ code: 'moodle', calendar: 'insa-strasbourg' });
    // Monday 09:00 Paris, Strasbourg opens 09:00–12:00: the hour is due at 10:00 Paris
    expect(view.firstResponse?.dueAt).toBe('2026-12-07T09:00:00.000Z');

    const lyon = await givenPerson(g);
    const critical = await g.tickets.create(lyon, {
      title: 'Examen en cours impossible',
      description: 'x',
      service: 'moodle',
      subService: 'moodle.courses',
      impact: 'high',
      urgency: 'high',
    });
    const specific = await g.serviceLevels.forTicket(moderator, critical.reference);
    expect(specific.target).toMatchObject({ code: 'moodle-courses-critical', priority: 'critical' });
    expect(specific.resolution?.targetMinutes).toBe(120);
  });

  it('says so when no target applies', async () => {
    const { g } = await given();
    const staff = await givenDemoCatalogue(g);
    const scenari = await staff('scenari.tech@insa-rouen.fr');
    const teacher = await givenPerson(g, { email: 'enseignant@insa-rouen.fr' });
    const t = await g.tickets.create(teacher, { title: 'Opale', description: 'odt', service: 'scenari' });
    const view = await g.serviceLevels.forTicket(scenari, t.reference);
    expect(view).toMatchObject({ target: null, firstResponse: null, resolution: null });
  });
});

describe('calendars and targets in the catalogue document', () => {
  it('round-trip through export, and refuse bad ones naming the field, writing nothing', async () => {
    const { g } = await given();
    const exported = await g.catalogue.exportDocument();
    expect(exported.calendars.map((c) => c.code)).toEqual(['groupe-insa', 'insa-strasbourg']);
    expect((await g.catalogue.applyDocument(exported)).changes).toEqual([]);

    const refused = async (doc: object) => {
      const error = await g.catalogue.applyDocument({ ...exported, ...doc }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).details.fields?.map((f) => [f.field, f.rule]);
    };
    expect(
      await refused({
        calendars: [
          {
            ...exported.calendars[0]!,
            hours: {
              '1': [
                ['08:00', '12:00'],
                ['11:00', '14:00'],
              ],
            },
          },
        ],
      }),
    ).toEqual([['calendars.0.hours.1', 'field.intervals_overlap']]);
    expect(await refused({ calendars: [{ ...exported.calendars[0]!, timeZone: 'Europe/Lutece' }] })).toEqual([
      ['calendars.0.timeZone', 'field.time_zone'],
    ]);
    expect(
      await refused({ calendars: [{ ...exported.calendars[1]!, establishments: ['groupe-insa'] }] }),
    ).toEqual([['calendars.0.establishments', 'field.already_used']]);
    expect(
      await refused({ serviceLevels: [{ ...exported.serviceLevels[0]!, calendar: 'nowhere' }] }),
    ).toEqual([['serviceLevels.0.calendar', 'field.unknown']]);
    expect(await g.catalogue.exportDocument()).toEqual(exported);
  });
});
