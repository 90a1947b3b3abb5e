/**
 * Who is told what, on real PostgreSQL: the rules applied to real ticket changes, preferences, the
 * digest, and exactly-once dispatch across processes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { givenDemoCatalogue, givenPerson } from '../../testing/builders.ts';
import { createTestGuichet, type TestGuichet } from '../../testing/database.ts';
import { createGuichet, type Guichet } from '../guichet.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function aGuichet(): Promise<TestGuichet> {
  const g = await createTestGuichet();
  cleanups.push(() => g.dispose());
  return g;
}

interface Row {
  kind: string;
  email: string;
  status: string;
  language: string;
  subject: string;
  body: string;
}

async function outbox(g: Guichet, reference?: string): Promise<Row[]> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: g.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Row>(
      `select n.kind, p.email, n.status, n.language, n.subject, n.body from notification n
         join person p on p.id = n.recipient_id left join ticket t on t.id = n.ticket_id
        where $1::text is null or t.reference = $1
        order by n.event_id nulls last, p.email, n.kind`,
      [reference ?? null],
    );
    return rows;
  } finally {
    await client.end();
  }
}

const MODERATOR = 'moodle.moderation@insa-lyon.fr';
const TECH = 'moodle.tech@insa-lyon.fr';

describe('notifications from the timeline', () => {
  it('tells each party what concerns them, in their language, and nobody of their own action', async () => {
    const g = await aGuichet();
    const staff = await givenDemoCatalogue(g);
    const moderator = await staff(MODERATOR);
    const tech = await staff(TECH);
    const student = await givenPerson(g, { email: 'exchange.student@insa-lyon.fr', language: 'en' });

    // A requester opens a ticket on Moodle: receipt to them, the moderators' queue is told
    const t = await g.tickets.create(student, {
      title: 'Quiz will not open',
      description: 'Error 500',
      service: 'moodle',
    });
    await g.notifications.settle();
    expect((await outbox(g, t.reference)).map((n) => [n.kind, n.email, n.language])).toEqual([
      ['ticket.created', student.email, 'en'],
      ['ticket.queued', MODERATOR, 'fr'],
    ]);
    const [receipt, queued] = await outbox(g, t.reference);
    expect(receipt?.subject).toBe(`[${t.reference}] Your request is recorded`);
    expect(queued?.body).toContain('Moodle');

    // The moderator dispatches to the technician; the technician answers and notes internally
    await g.tickets.act(moderator, t.reference, {
      action: 'assign',
      type: 'incident',
      team: 'moodle-support',
      agent: TECH,
    });
    await g.tickets.act(tech, t.reference, { action: 'note', body: 'Database replica lagging' });
    await g.tickets.act(tech, t.reference, { action: 'request_info', question: 'Which course?' });
    await g.tickets.act(student, t.reference, { action: 'reply', body: 'Maths 101' });
    await g.tickets.act(tech, t.reference, { action: 'reply', body: 'Fixed, please retry' });
    await g.notifications.settle();

    const rows = await outbox(g, t.reference);
    expect(rows.map((n) => [n.kind, n.email])).toEqual([
      ['ticket.created', student.email],
      ['ticket.queued', MODERATOR],
      ['ticket.assigned', TECH],
      ['ticket.info_requested', student.email],
      ['ticket.requester_replied', TECH],
      ['ticket.replied', student.email],
    ]);
    // Nothing internal reaches the requester, nobody hears of what they did themselves
    const toStudent = rows.filter((n) => n.email === student.email);
    expect(toStudent.map((n) => `${n.subject} ${n.body}`).join(' ')).not.toContain('replica');
    expect(rows.find((n) => n.kind === 'ticket.replied')?.body).toContain('Fixed, please retry');
    expect(rows.find((n) => n.kind === 'ticket.requester_replied')?.body).toContain('Maths 101');
  });

  it('a moderator opening a ticket in their own queue gets the receipt, not the queue message', async () => {
    const g = await aGuichet();
    const staff = await givenDemoCatalogue(g);
    const moderator = await staff(MODERATOR);
    const t = await g.tickets.create(moderator, {
      title: 'Cours fantôme',
      description: 'Doublon',
      service: 'moodle',
    });
    await g.notifications.settle();
    expect((await outbox(g, t.reference)).map((n) => [n.kind, n.email])).toEqual([
      ['ticket.created', MODERATOR],
    ]);
  });

  it('follows each person’s preferences: off, at once, or gathered in one daily digest', async () => {
    const g = await aGuichet();
    const staff = await givenDemoCatalogue(g);
    const tech = await staff(TECH);
    const moderator = await staff(MODERATOR);
    const student = await givenPerson(g);
    await g.notifications.setPreferences(student, { 'ticket.replied': 'digest', 'ticket.created': 'off' });
    expect(await g.notifications.preferences(student)).toContainEqual({
      kind: 'ticket.replied',
      delivery: 'digest',
    });
    expect(await g.notifications.preferences(student)).toContainEqual({
      kind: 'ticket.resolved',
      delivery: 'immediate',
    });

    const t = await g.tickets.create(student, {
      title: 'Inscription',
      description: 'Cours absent',
      service: 'moodle',
    });
    await g.tickets.act(moderator, t.reference, {
      action: 'assign',
      type: 'incident',
      team: 'moodle-support',
      agent: TECH,
    });
    await g.tickets.act(tech, t.reference, { action: 'reply', body: 'On regarde' });
    await g.tickets.act(tech, t.reference, { action: 'reply', body: 'Toujours en cours' });
    await g.notifications.settle();
    const mine = (await outbox(g, t.reference)).filter((n) => n.email === student.email);
    expect(mine.map((n) => [n.kind, n.status])).toEqual([
      ['ticket.replied', 'held'],
      ['ticket.replied', 'held'],
    ]);

    // The digest gathers them into one message, once
    expect(await g.notifications.digest()).toBe(1);
    expect(await g.notifications.digest()).toBe(0);
    const digest = (await outbox(g)).filter((n) => n.kind === 'digest');
    expect(digest).toHaveLength(1);
    expect(digest[0]).toMatchObject({ email: student.email, status: 'pending' });
    expect(digest[0]?.subject).toContain('2');
    expect(digest[0]?.body.split('\n').filter((l) => l.startsWith(`- [${t.reference}]`))).toHaveLength(2);
    expect(
      (await outbox(g, t.reference)).filter((n) => n.email === student.email).map((n) => n.status),
    ).toEqual(['digested', 'digested']);
  });

  it('refuses an unknown kind or delivery, naming the field, and changes nothing', async () => {
    const g = await aGuichet();
    const student = await givenPerson(g);
    await expect(g.notifications.setPreferences(student, { 'ticket.nope': 'off' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'preferences.ticket.nope' }] },
    });
    await expect(
      g.notifications.setPreferences(student, { 'ticket.closed': 'off', 'ticket.resolved': 'weekly' }),
    ).rejects.toMatchObject({ details: { fields: [{ field: 'preferences.ticket.resolved' }] } });
    expect((await g.notifications.preferences(student)).every((p) => p.delivery === 'immediate')).toBe(true);
  });

  it('two processes dispatching at once tell each event exactly once', async () => {
    const first = await aGuichet();
    const second = await createGuichet({
      database: { url: first.databaseUrl },
      migrate: false,
      scheduler: { enabled: false },
      poolSize: 3,
    });
    cleanups.push(() => second.close());
    await givenDemoCatalogue(first);
    const student = await givenPerson(first);
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        first.tickets.create(student, { title: `Panne ${i}`, description: 'x', service: 'moodle' }),
      ),
    );
    await Promise.all([
      first.notifications.dispatch(7),
      second.notifications.dispatch(5),
      first.notifications.dispatch(3),
      second.notifications.dispatch(11),
    ]);
    await first.notifications.settle();
    await second.notifications.settle();
    const rows = await outbox(first);
    // Said in full when it fails: which events were not told, and where the cursor stands.
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: first.databaseUrl });
    await client.connect();
    const missing = await client.query(
      `select e.id::text, e.tx::text, e.type, (select tx::text || '/' || event_id::text from timeline_cursor) as cursor,
              pg_snapshot_xmin(pg_current_snapshot())::text as xmin
         from ticket_event e
        where not exists (select 1 from notification n where n.event_id = e.id and n.kind = 'ticket.created')`,
    );
    await client.end();
    expect(missing.rows).toEqual([]);
    expect(rows.filter((n) => n.kind === 'ticket.created')).toHaveLength(created.length);
    expect(rows.filter((n) => n.kind === 'ticket.queued')).toHaveLength(created.length);
    expect(rows).toHaveLength(2 * created.length);
  });

  it('judges a transaction’s events together even when a page would cut them (a routed creation never lands in the queue)', async () => {
    const g = await aGuichet();
    await givenDemoCatalogue(g);
    const teacher = await givenPerson(g, { email: 'enseignant@insa-rouen.fr' });
    // Scenari creations are routed at once: each writes `created` then `assigned` in one transaction
    for (let i = 0; i < 3; i += 1) {
      await g.tickets.create(teacher, { title: `Opale ${i}`, description: 'odt', service: 'scenari' });
    }
    // Pages of three events would cut the second transaction in two
    await g.notifications.dispatch(3);
    const rows = await outbox(g);
    expect(rows.filter((n) => n.kind === 'ticket.created')).toHaveLength(3);
    expect(rows.filter((n) => n.kind === 'ticket.queued')).toEqual([]);
  });
});
