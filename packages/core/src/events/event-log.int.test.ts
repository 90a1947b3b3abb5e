/**
 * The feed with announcements woven in, on a real PostgreSQL: one `(tx, id)` order for ticket and
 * announcement events, pages of any size that skip and repeat nothing, and positions from either kind.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGuichet, givenDemoCatalogue, givenPerson, type TestGuichet } from '../../testing/index.ts';
import type { FeedEntry, FeedPosition } from './event-log.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function given() {
  const g: TestGuichet = await createTestGuichet({ scheduler: { enabled: false } });
  cleanups.push(() => g.dispose());
  const staff = await givenDemoCatalogue(g);
  return {
    g,
    staff,
    moderator: await staff('moodle.moderation@insa-lyon.fr'),
    student: await givenPerson(g),
  };
}

const name = (e: FeedEntry) => (e.source === 'ticket' ? `ticket.${e.event.type}` : e.event.type);

/** Everything after `from`, read `limit` at a time. */
async function readAll(g: TestGuichet, from: FeedPosition, limit: number): Promise<FeedEntry[]> {
  const out: FeedEntry[] = [];
  let position = from;
  for (;;) {
    const page = await g.eventLog.read('system', position, limit);
    out.push(...page.events);
    position = page.position;
    if (!page.more) return out;
  }
}

describe('the event log with announcements', () => {
  it('reads ticket and announcement events in one order, the same whatever the page size', async () => {
    // Given tickets and announcements changed in turn
    const { g, moderator, student } = await given();
    const start = await g.eventLog.position('0');
    const expected: string[] = [];
    for (let i = 0; i < 3; i++) {
      const t = await g.tickets.create(student, { title: `Panne ${i}`, description: 'x', service: 'moodle' });
      const a = await g.announcements.create(moderator, {
        title: { fr: `Annonce ${i}` },
        severity: 'information',
        services: ['moodle'],
      });
      await g.tickets.act(student, t.reference, { action: 'reply', body: 'encore' });
      await g.announcements.addUpdate(moderator, a.id, { status: 'resolved', message: { fr: 'Fini' } });
      expected.push(
        'ticket.created',
        'announcement.published',
        'ticket.requester_replied',
        'announcement.resolved',
      );
    }
    const all = await readAll(g, start, 200);
    // Ticket creation may write more than one event (routing): compare the kinds of interest
    const interesting = (es: FeedEntry[]) =>
      es
        .map(name)
        .filter(
          (n) => n.startsWith('announcement.') || n === 'ticket.created' || n === 'ticket.requester_replied',
        );
    expect(interesting(all)).toEqual(expected);

    // When read one, two or three at a time, the same events come, each once, in the same order
    for (const limit of [1, 2, 3]) {
      expect((await readAll(g, start, limit)).map((e) => e.event.id)).toEqual(all.map((e) => e.event.id));
    }

    // And a position taken from an announcement's id resumes right after it
    const i = all.findIndex((e) => e.source === 'announcement');
    const after = await g.eventLog.position(all[i]!.event.id);
    expect((await readAll(g, after, 200)).map((e) => e.event.id)).toEqual(
      all.slice(i + 1).map((e) => e.event.id),
    );
  });

  it('holds an announcement written by an older transaction still running, and reads it once committed', async () => {
    const { g, moderator, student } = await given();
    const a = await g.announcements.create(moderator, {
      title: { fr: 'Annonce' },
      severity: 'information',
      services: ['moodle'],
    });
    const start = await g.eventLog.position('0');
    const before = (await readAll(g, start, 200)).length;
    // Given an older transaction that writes an announcement event and stays open
    const older = new pg.Client({ connectionString: g.databaseUrl });
    await older.connect();
    cleanups.push(() => older.end());
    await older.query('begin');
    await older.query(
      `insert into announcement_event (id, announcement_id, type, audience, data, created_at)
       values (nextval('ticket_event_id_seq'), $1, 'corrected', 'public', $2::jsonb, now())`,
      [a.id, JSON.stringify({ announcement: { id: a.id } })],
    );
    // When a newer ticket change commits
    await g.tickets.create(student, { title: 'Panne', description: 'x', service: 'moodle' });
    // Then the read stops before the older transaction's event
    const page = await g.eventLog.read('system', start, 200);
    expect(page.held).toBe(true);
    expect(page.events.length).toBe(before);
    // And once it commits, both come, the announcement first (its transaction began first)
    await older.query('commit');
    const rest = await readAll(g, page.position, 200);
    expect(rest.map(name)[0]).toBe('announcement.corrected');
    expect(rest.map(name)).toContain('ticket.created');
  });
});
