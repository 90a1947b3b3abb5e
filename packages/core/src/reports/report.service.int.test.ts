/**
 * Reports on real PostgreSQL with a controlled clock: two Moodle tickets written through the real
 * workflow, the rollup kept by the timeline consumer, and every figure computed by hand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { givenDemoCatalogue, givenPerson } from '../../testing/builders.ts';
import { createTestGuichet, type TestGuichet } from '../../testing/database.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const MODERATOR = 'moodle.moderation@insa-lyon.fr';
const TECH = 'moodle.tech@insa-lyon.fr';
const OTHER_MODERATOR = 'scenari.moderation@insa-rouen.fr';
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
  ],
  serviceLevels: [
    {
      code: 'moodle',
      service: 'moodle',
      firstResponseMinutes: 60,
      resolutionMinutes: 480,
      calendar: 'groupe-insa',
    },
  ],
};

/**
 * Given two Moodle tickets opened on Monday 7 December 2026 at 09:00 Paris: A is assigned after 30
 * minutes, asked a question after 80 (its first response, past the 60-minute target), waits a whole
 * day for the requester (pending: not counted), is resolved an hour after the answer and closed;
 * B stays new, without a team.
 */
async function given() {
  let now = new Date('2026-12-07T08:00:00Z');
  const g: TestGuichet = await createTestGuichet({}, { clock: { now: () => now } });
  cleanups.push(() => g.dispose());
  const staff = await givenDemoCatalogue(g);
  await g.catalogue.applyDocument({ ...(await g.catalogue.exportDocument()), ...SERVICE_LEVELS });
  const advance = (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
  };
  const moderator = await staff(MODERATOR);
  const tech = await staff(TECH);
  const student = await givenPerson(g, { affiliation: 'student' });
  const a = await g.tickets.create(student, {
    title: 'Quiz bloqué',
    description: 'Erreur 500',
    service: 'moodle',
  });
  await g.tickets.create(student, { title: 'Cours invisible', description: 'Maths 101', service: 'moodle' });
  advance(30);
  await g.tickets.act(moderator, a.reference, {
    action: 'assign',
    type: 'incident',
    team: 'moodle-support',
    agent: TECH,
  });
  advance(50);
  await g.tickets.act(tech, a.reference, { action: 'request_info', question: 'Quel cours ?' });
  advance(24 * 60);
  await g.tickets.act(student, a.reference, { action: 'reply', body: 'Maths 101' });
  advance(60);
  await g.tickets.act(tech, a.reference, { action: 'resolve', solution: 'Cache vidé', service: 'moodle' });
  await g.tickets.act(moderator, a.reference, { action: 'close' });
  await g.reports.refresh();
  return { g, moderator, tech, student, staff };
}

const PERIOD = { from: '2026-12-06', to: '2026-12-08' };

describe('reports', () => {
  it('count volume per day, the end-of-day backlog with ages, business times and quality, exactly', async () => {
    const { g, moderator } = await given();

    const volume = await g.reports.report(moderator, { name: 'volume', ...PERIOD, by: ['day'] });
    expect(volume.columns).toEqual([
      'day',
      'created',
      'resolved',
      'closed',
      'reopened',
      'rejected',
      'escalated',
    ]);
    expect(volume.rows).toEqual([
      { day: '2026-12-07', created: 2, resolved: 0, closed: 0, reopened: 0, rejected: 0, escalated: 0 },
      { day: '2026-12-08', created: 0, resolved: 1, closed: 1, reopened: 0, rejected: 0, escalated: 0 },
    ]);

    // A waiting for the requester is still in the backlog on Monday evening; on Tuesday only B is
    const backlog = await g.reports.report(moderator, { name: 'backlog', ...PERIOD });
    expect(backlog.rows).toEqual([
      { day: '2026-12-06', backlog: 0, ageUnder1Day: 0, age1To7Days: 0, age7To30Days: 0, ageOver30Days: 0 },
      { day: '2026-12-07', backlog: 2, ageUnder1Day: 2, age1To7Days: 0, age7To30Days: 0, ageOver30Days: 0 },
      { day: '2026-12-08', backlog: 1, ageUnder1Day: 0, age1To7Days: 1, age7To30Days: 0, ageOver30Days: 0 },
    ]);
    // A period that starts after B was opened: B counts once, in its age on that day only
    const later = await g.reports.report(moderator, {
      name: 'backlog',
      from: '2026-12-09',
      to: '2026-12-10',
    });
    expect(later.rows).toEqual([
      { day: '2026-12-09', backlog: 1, ageUnder1Day: 0, age1To7Days: 1, age7To30Days: 0, ageOver30Days: 0 },
      { day: '2026-12-10', backlog: 1, ageUnder1Day: 0, age1To7Days: 1, age7To30Days: 0, ageOver30Days: 0 },
    ]);
    const byService = await g.reports.report(moderator, {
      name: 'backlog',
      from: '2026-12-08',
      to: '2026-12-09',
      by: ['service', 'day'],
    });
    expect(byService.columns.slice(0, 3)).toEqual(['service', 'day', 'backlog']);
    expect(byService.rows.map((r) => [r.service, r.day, r.backlog, r.age1To7Days])).toEqual([
      ['moodle', '2026-12-08', 1, 1],
      ['moodle', '2026-12-09', 1, 1],
    ]);

    // First response after 80 business minutes (breached); resolution after 140: the day spent
    // waiting for the requester does not count
    const times = await g.reports.report(moderator, { name: 'times', ...PERIOD });
    expect(times.rows).toEqual([
      {
        resolved: 1,
        firstResponseMedianMinutes: 80,
        firstResponseP90Minutes: 80,
        resolutionMedianMinutes: 140,
        resolutionP90Minutes: 140,
        firstResponseCompliancePercent: 0,
        resolutionCompliancePercent: 100,
      },
    ]);

    const quality = await g.reports.report(moderator, { name: 'quality', ...PERIOD, by: ['team'] });
    expect(quality.rows).toEqual([
      {
        team: null,
        created: 1,
        reopened: 0,
        reopenRatePercent: 0,
        approvalRejections: 0,
        pendingTickets: 0,
        pendingMedianMinutes: null,
      },
      {
        team: 'moodle-support',
        created: 1,
        reopened: 0,
        reopenRatePercent: 0,
        approvalRejections: 0,
        pendingTickets: 1,
        pendingMedianMinutes: 1440,
      },
    ]);

    const affiliation = await g.reports.report(moderator, { name: 'affiliation', ...PERIOD });
    expect(affiliation.rows).toEqual([{ affiliation: 'student', created: 2 }]);

    // Rebuilt from scratch, the rollup says the same
    await g.reports.rebuild();
    expect((await g.reports.report(moderator, { name: 'volume', ...PERIOD, by: ['day'] })).rows).toEqual(
      volume.rows,
    );
    expect((await g.reports.report(moderator, { name: 'times', ...PERIOD })).rows).toEqual(times.rows);

    // The metrics gauge: B in the backlog now, not breached yet? It has run for 2 days: breached
    expect(await g.reports.gauges()).toEqual([{ service: 'moodle', backlog: 1, breached: 1 }]);
  });

  it('keep the aggregate equal to a sum of the facts through moves and reopenings, and read months whole', async () => {
    const { g, moderator, tech, student } = await given();
    expect(await g.reports.verify()).toBe(0);
    // C moves from no team and no type to the support team's incidents (another slice), is resolved
    // and reopened: each recomputation takes its old contributions out before adding the new ones
    const c = await g.tickets.create(student, {
      title: 'Forum fermé',
      description: 'Impossible de poster',
      service: 'moodle',
    });
    await g.reports.refresh();
    await g.tickets.act(moderator, c.reference, {
      action: 'assign',
      type: 'incident',
      team: 'moodle-support',
      agent: TECH,
    });
    await g.reports.refresh();
    await g.tickets.act(tech, c.reference, {
      action: 'provider_escalate',
      provider: 'kelis',
      externalId: 'KEL-1',
    });
    await g.reports.refresh();
    await g.tickets.act(tech, c.reference, { action: 'resolve', solution: 'Rouvert', service: 'moodle' });
    await g.reports.refresh();
    await g.tickets.act(student, c.reference, { action: 'reopen', reason: 'Toujours fermé' });
    await g.reports.refresh();
    expect(await g.reports.verify()).toBe(0);

    // Not by day, a period holding the whole of December reads its monthly rows, edges by day
    const wide = { from: '2026-11-20', to: '2027-01-10' };
    const total = await g.reports.report(moderator, { name: 'volume', ...wide, by: ['team'] });
    const daily = await g.reports.report(moderator, { name: 'volume', ...wide, by: ['team', 'day'] });
    const summed = new Map<string, number>();
    for (const r of daily.rows)
      summed.set(String(r.team), (summed.get(String(r.team)) ?? 0) + Number(r.created));
    expect(total.rows.map((r) => [r.team, r.created])).toEqual(
      [
        ['null', 1],
        ['moodle-support', 2],
      ].map(([team, n]) => [team === 'null' ? null : team, n]),
    );
    expect(Object.fromEntries(summed)).toEqual({ null: 1, 'moodle-support': 2 });
    expect(total.rows.map((r) => r.reopened)).toEqual([0, 1]);
    // Escalations are read with their ticket's slice
    const providers = await g.reports.report(moderator, { name: 'providers', ...wide, by: ['team'] });
    expect(providers.rows).toEqual([
      {
        team: 'moodle-support',
        provider: 'kelis',
        escalations: 1,
        open: 1,
        durationMedianMinutes: null,
        durationP90Minutes: null,
      },
    ]);

    // The backlog of a January period starts from December's monthly changes: B and C, over 30 days old
    const january = await g.reports.report(moderator, {
      name: 'backlog',
      from: '2027-01-11',
      to: '2027-01-11',
    });
    expect(january.rows).toEqual([
      { day: '2027-01-11', backlog: 2, ageUnder1Day: 0, age1To7Days: 0, age7To30Days: 0, ageOver30Days: 2 },
    ]);
    const long = await g.reports.report(moderator, { name: 'backlog', from: '2026-12-01', to: '2027-01-11' });
    expect(long.rows.at(-1)).toEqual(january.rows[0]);

    // A rebuild from scratch, per ticket or set-based from the facts, gives the same aggregate
    await g.reports.rebuild();
    expect(await g.reports.verify()).toBe(0);
    expect((await g.reports.report(moderator, { name: 'volume', ...wide, by: ['team'] })).rows).toEqual(
      total.rows,
    );
    await g.reports.rebuildAggregate();
    expect(await g.reports.verify()).toBe(0);
    expect((await g.reports.report(moderator, { name: 'providers', ...wide, by: ['team'] })).rows).toEqual(
      providers.rows,
    );
    expect(
      (await g.reports.report(moderator, { name: 'backlog', from: '2026-12-01', to: '2027-01-11' })).rows,
    ).toEqual(long.rows);
    expect((await g.reports.report(moderator, { name: 'volume', ...wide, by: ['team'] })).rows).toEqual(
      total.rows,
    );
  });

  it('show moderators their services, technicians their teams, and requesters nothing', async () => {
    const { g, tech, student, staff } = await given();
    const other = await staff(OTHER_MODERATOR);
    const admin = await staff('admin@groupe-insa.fr');

    await expect(g.reports.report(student, { name: 'volume', ...PERIOD })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const created = async (caller: Parameters<typeof g.reports.report>[0], filters = {}) =>
      (await g.reports.report(caller, { name: 'volume', ...PERIOD, filters })).rows[0]!.created;
    expect(await created(admin)).toBe(2);
    // The technician sees the ticket of their team only
    expect(await created(tech)).toBe(1);
    // A moderator of another service sees none of Moodle's, even when asking for it
    expect(await created(other)).toBe(0);
    expect(await created(other, { service: ['moodle'] })).toBe(0);
    // A portal acting for someone gets nothing
    await expect(
      g.reports.report({ ...admin, via: 'portal' }, { name: 'volume', ...PERIOD }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuse bad input naming the field', async () => {
    const { g, moderator } = await given();
    await expect(
      g.reports.report(moderator, { name: 'volume', from: '2026-12-08', to: '2026-12-01' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [expect.objectContaining({ field: 'to' })] },
    });
    await expect(
      g.reports.report(moderator, { name: 'volume', ...PERIOD, by: ['colour' as 'day'] }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [expect.objectContaining({ field: 'by.0' })] },
    });
  });
});
