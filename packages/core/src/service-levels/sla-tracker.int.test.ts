/**
 * Warnings and breaches on real PostgreSQL, with a clock the test moves: announced on the timeline
 * once (also with two Guichet instances checking at the same time), never while paused or after
 * resolution, told to the agent, the moderators and the escalation team, and the due data kept
 * for views and lists.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { givenDemoCatalogue, givenPerson } from '../../testing/builders.ts';
import { createTestGuichet, type TestGuichet } from '../../testing/database.ts';
import { createGuichet, type Guichet } from '../guichet.ts';

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
  ],
  serviceLevels: [
    {
      code: 'moodle',
      service: 'moodle',
      firstResponseMinutes: 60,
      resolutionMinutes: 480,
      calendar: 'groupe-insa',
      escalateTo: ['network-db'],
    },
  ],
};

/** A Guichet whose clock the test moves, from Monday 7 December 2026, 09:00 in Paris. */
async function given() {
  const state = { now: new Date('2026-12-07T08:00:00Z') };
  const clock = { now: () => state.now };
  const g: TestGuichet = await createTestGuichet({}, { clock });
  cleanups.push(() => g.dispose());
  const staff = await givenDemoCatalogue(g);
  await g.catalogue.applyDocument({ ...(await g.catalogue.exportDocument()), ...SERVICE_LEVELS });
  const student = await givenPerson(g);
  return {
    g,
    clock,
    moderator: await staff(MODERATOR),
    tech: await staff(TECH),
    student,
    advance: (minutes: number) => {
      state.now = new Date(state.now.getTime() + minutes * 60_000);
    },
    newTicket: async () =>
      g.tickets.create(student, { title: 'Quiz bloqué', description: 'Erreur 500', service: 'moodle' }),
  };
}

async function slaEvents(g: Guichet, who: { personId: string }, reference: string) {
  return (await g.tickets.timeline(who, reference))
    .filter((e) => e.type.startsWith('sla_'))
    .map((e): Record<string, unknown> => ({ type: e.type, visibility: e.visibility, ...e.data }));
}

async function outbox(g: Guichet, reference: string) {
  const client = new pg.Client({ connectionString: g.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ kind: string; email: string; language: string; subject: string }>(
      `select n.kind, p.email, n.language, n.subject from notification n
         join person p on p.id = n.recipient_id join ticket t on t.id = n.ticket_id
        where t.reference = $1 and n.kind like 'ticket.sla%' order by n.event_id, p.email`,
      [reference],
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe('service-level warnings and breaches', () => {
  it('announce a warning at 80 % and then the breach, each once, to the agent, moderators and escalation team', async () => {
    const { g, moderator, tech, advance, newTicket } = await given();
    // Given a ticket on Moodle (first response within 60 business minutes), assigned to the technician
    const t = await newTicket();
    await g.tickets.act(moderator, t.reference, {
      action: 'assign',
      type: 'incident',
      team: 'moodle-support',
      agent: TECH,
    });
    expect((await g.serviceLevels.check()).announced).toBe(0);

    // When 50 minutes pass (past 48, the warning threshold), twice checked
    advance(50);
    expect((await g.serviceLevels.check()).announced).toBe(1);
    expect((await g.serviceLevels.check()).announced).toBe(0);
    // Then the warning is on the timeline, once, with the clock and its due time
    expect(await slaEvents(g, moderator, t.reference)).toEqual([
      {
        type: 'sla_warning',
        visibility: 'internal',
        clock: 'first_response',
        target: 'moodle',
        targetMinutes: 60,
        dueAt: '2026-12-07T09:00:00.000Z',
        crossedAt: '2026-12-07T08:48:00.000Z',
        cycle: 0,
        warningPercent: 80,
      },
    ]);
    // and the ticket says it is at risk
    expect((await g.tickets.get(tech, t.reference)).serviceLevel?.firstResponse).toMatchObject({
      state: 'at_risk',
      dueAt: '2026-12-07T09:00:00.000Z',
    });

    // When the target passes
    advance(15);
    expect((await g.scheduler.sweep()).slaAnnounced).toBe(1);
    expect((await g.scheduler.sweep()).slaAnnounced).toBe(0);
    const events = await slaEvents(g, moderator, t.reference);
    expect(events.map((e) => [e.type, e.clock])).toEqual([
      ['sla_warning', 'first_response'],
      ['sla_breached', 'first_response'],
    ]);
    expect(events[1]).toMatchObject({ crossedAt: '2026-12-07T09:00:00.000Z', escalateTo: ['network-db'] });
    expect((await g.tickets.get(tech, t.reference)).serviceLevel?.firstResponse?.state).toBe('breached');

    // Then the agent and the moderator are told of both, the escalation team of the breach
    await g.notifications.settle();
    expect((await outbox(g, t.reference)).map((n) => [n.kind, n.email])).toEqual([
      ['ticket.sla_warning', MODERATOR],
      ['ticket.sla_warning', TECH],
      ['ticket.sla_breached', MODERATOR],
      ['ticket.sla_breached', TECH],
      ['ticket.sla_breached', 'netdb.tech@insa-toulouse.fr'],
    ]);
    expect((await outbox(g, t.reference))[0]!.subject).toBe(
      `[${t.reference}] Échéance proche : première réponse`,
    );
  });

  it('announce nothing while the ticket is pending across the due time, nor after its resolution', async () => {
    const { g, moderator, tech, advance, newTicket } = await given();
    const pended = await newTicket();
    const resolved = await newTicket();
    for (const t of [pended, resolved]) {
      await g.tickets.act(moderator, t.reference, {
        action: 'assign',
        type: 'incident',
        team: 'moodle-support',
        agent: TECH,
      });
    }
    advance(20);
    // Pending until Wednesday (not a public response: the first-response clock pauses)
    await g.tickets.act(tech, pended.reference, {
      action: 'pend',
      until: '2026-12-09T08:00:00.000Z',
      reason: 'salle fermée',
    });
    await g.tickets.act(tech, resolved.reference, {
      action: 'resolve',
      solution: 'Cache vidé',
      service: 'moodle',
    });
    // A day and a half later, past both targets in wall-clock time
    advance(36 * 60);
    expect((await g.serviceLevels.check()).announced).toBe(0);
    expect(await slaEvents(g, moderator, pended.reference)).toEqual([]);
    expect(await slaEvents(g, moderator, resolved.reference)).toEqual([]);
    expect((await g.tickets.get(tech, pended.reference)).serviceLevel).toMatchObject({
      firstResponse: { state: 'paused', dueAt: null, remainingBusinessMs: 2_400_000 },
      resolution: { state: 'paused' },
    });
    expect((await g.tickets.get(tech, resolved.reference)).serviceLevel).toMatchObject({
      firstResponse: { state: 'met' },
      resolution: { state: 'met' },
    });
  });

  it('announce each breach exactly once with two Guichet instances checking at the same time', async () => {
    const { g, clock, moderator, advance, newTicket } = await given();
    // Given a second Guichet on the same database, with the same clock
    const other = await createGuichet(
      {
        database: { url: g.databaseUrl },
        migrate: false,
        scheduler: { enabled: false },
        poolSize: 5,
        webhooks: { secretKey: randomBytes(32).toString('base64') },
      },
      { clock },
    );
    cleanups.push(() => other.close());
    const tickets = await Promise.all([1, 2, 3, 4, 5].map(() => newTicket()));
    advance(65);
    // When both check (and sweep) at once
    const reports = await Promise.all([
      g.serviceLevels.check(),
      other.serviceLevels.check(),
      g.scheduler.sweep(),
      other.scheduler.sweep(),
    ]);
    const announced =
      (reports[0] as { announced: number }).announced +
      (reports[1] as { announced: number }).announced +
      (reports[2] as { slaAnnounced: number }).slaAnnounced +
      (reports[3] as { slaAnnounced: number }).slaAnnounced;
    // Then each ticket's first-response breach is announced once (the warning is moot once breached)
    expect(announced).toBe(5);
    for (const t of tickets) {
      expect((await slaEvents(g, moderator, t.reference)).map((e) => e.type)).toEqual(['sla_breached']);
    }
  });

  it('go on after a reopening from where the clock stood, and say in which cycle', async () => {
    const { g, moderator, tech, student, advance, newTicket } = await given();
    const t = await newTicket();
    await g.tickets.act(moderator, t.reference, {
      action: 'assign',
      type: 'incident',
      team: 'moodle-support',
      agent: TECH,
    });
    advance(30);
    await g.tickets.act(tech, t.reference, { action: 'resolve', solution: 'Cache vidé', service: 'moodle' });
    advance(10);
    await g.tickets.act(student, t.reference, { action: 'reopen', reason: 'Toujours bloqué' });
    // 30 business minutes counted, 354 more reach 80 % of 480: Monday 17:04 in Paris
    advance(7 * 60 + 30); // Monday 17:10 Paris
    expect((await g.serviceLevels.check()).announced).toBe(1);
    // 450 more minutes after the reopening: Tuesday 09:40 in Paris
    advance(16 * 60 + 50); // Tuesday 10:00 Paris
    expect((await g.serviceLevels.check()).announced).toBe(1);
    expect(
      (await slaEvents(g, moderator, t.reference)).map((e) => [e.type, e.clock, e.cycle, e.crossedAt]),
    ).toEqual([
      ['sla_warning', 'resolution', 1, '2026-12-07T16:04:00.000Z'],
      ['sla_breached', 'resolution', 1, '2026-12-08T08:40:00.000Z'],
    ]);
    // A requester sees neither the events nor the service levels of their own ticket
    expect((await g.tickets.timeline(student, t.reference)).some((e) => e.type.startsWith('sla_'))).toBe(
      false,
    );
    expect((await g.tickets.get(student, t.reference)).serviceLevel).toBeUndefined();
  });
});
