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

describe('the VR room worked example on INSA Rennes’s calendar', () => {
  /**
   * The teacher's request is approved on Tuesday 10 November 2026 at 16:30 (Paris); the clock runs
   * over Wednesday 11 November (Armistice, a public holiday: nothing counts) to the technician's
   * question on Thursday at 09:30; it waits for the teacher's answer (Friday 10:00), runs half an
   * hour, waits until the date of the practical on Monday 16 at 09:00, and the ticket is resolved
   * at 10:00. Only 210 business minutes count against the 240-minute target.
   */
  it('counts neither the pending periods nor the holiday against the resolution target', async () => {
    let now = new Date('2026-11-10T08:00:00Z'); // Tuesday 09:00 in Paris
    const g: TestGuichet = await createTestGuichet({}, { clock: { now: () => now } });
    cleanups.push(() => g.dispose());
    const at = (iso: string) => {
      now = new Date(iso);
    };
    const staff = await givenDemoCatalogue(g);
    await g.catalogue.applyDocument({
      ...(await g.catalogue.exportDocument()),
      calendars: [
        {
          code: 'insa-rennes',
          timeZone: 'Europe/Paris',
          holidays: 'france' as const,
          hours: weekdays([
            ['08:30', '12:00'],
            ['13:30', '17:30'],
          ]),
          establishments: ['insa-rennes'],
        },
      ],
      serviceLevels: [
        {
          code: 'vr-room',
          service: 'vr-room',
          firstResponseMinutes: 180,
          resolutionMinutes: 240,
          calendar: 'insa-rennes',
        },
      ],
    });
    const manager = await staff('vr.manager@insa-rennes.fr');
    const tech = await staff('vr.tech@insa-rennes.fr');
    const teacher = await givenPerson(g, { email: 'enseignant@insa-rennes.fr', affiliation: 'faculty' });
    const t = await g.tickets.create(teacher, {
      title: 'Installation d’un vidéoprojecteur dans le cube VR',
      description: 'Pour un TP, il faut un vidéoprojecteur branché sur la station du cube.',
      service: 'vr-room',
      subService: 'vr-room.usage',
      channel: 'portal',
    });
    // Awaiting approval, the clocks have not started
    const waiting = await g.serviceLevels.forTicket(manager, t.reference);
    expect(waiting.target).toMatchObject({ code: 'vr-room', calendar: 'insa-rennes' });
    expect(waiting.resolution).toMatchObject({ state: 'not_started', elapsedMinutes: 0 });

    at('2026-11-10T15:30:00Z'); // Tuesday 16:30
    expect(
      await g.tickets.act(manager, t.reference, { action: 'approve', comment: 'Demande légitime' }),
    ).toMatchObject({
      status: 'assigned',
    });
    at('2026-11-12T08:30:00Z'); // Thursday 09:30, after the holiday
    await g.tickets.act(tech, t.reference, { action: 'request_info', question: 'Quel modèle de station ?' });
    const asked = await g.serviceLevels.forTicket(tech, t.reference);
    // Tuesday 16:30–17:30 and Thursday 08:30–09:30: the holiday counts for nothing
    expect(asked.firstResponse).toMatchObject({ state: 'stopped', elapsedMinutes: 120, breached: false });
    expect(asked.resolution).toMatchObject({ state: 'paused', elapsedMinutes: 120 });

    at('2026-11-13T09:00:00Z'); // Friday 10:00
    await g.tickets.act(teacher, t.reference, { action: 'reply', body: 'La station HP Z4 du fond.' });
    at('2026-11-13T09:30:00Z'); // Friday 10:30
    await g.tickets.act(tech, t.reference, {
      action: 'pend',
      until: '2026-11-16T08:00:00Z',
      reason: 'Le demandeur ne peut pas tester avant le créneau du TP',
    });
    // Over the weekend, still paused at 150 minutes
    at('2026-11-15T12:00:00Z');
    expect((await g.serviceLevels.forTicket(tech, t.reference)).resolution).toMatchObject({
      state: 'paused',
      elapsedMinutes: 150,
      dueAt: null,
    });
    at('2026-11-16T08:00:00Z'); // Monday 09:00, the date of the practical
    await g.tickets.act(tech, t.reference, { action: 'resume', note: 'Créneau du TP' });
    at('2026-11-16T09:00:00Z'); // Monday 10:00
    await g.tickets.act(tech, t.reference, {
      action: 'resolve',
      service: 'vr-room',
      solution: 'Câble HDMI 10 m, source 2, calibrage.',
    });
    const resolved = await g.serviceLevels.forTicket(manager, t.reference);
    expect(resolved.resolution).toMatchObject({
      state: 'stopped',
      elapsedMinutes: 210,
      remainingMinutes: 30,
      breached: false,
    });
    // And the reports say the same
    await g.reports.refresh();
    const times = await g.reports.report(manager, { name: 'times', from: '2026-11-01', to: '2026-11-30' });
    expect(times.rows).toEqual([
      {
        resolved: 1,
        firstResponseMedianMinutes: 120,
        firstResponseP90Minutes: 120,
        resolutionMedianMinutes: 210,
        resolutionP90Minutes: 210,
        firstResponseCompliancePercent: 100,
        resolutionCompliancePercent: 100,
      },
    ]);
  });
});
