/**
 * The timeline's horizon on a server shared with other databases: a long transaction elsewhere
 * must not hold this database's consumers back; one here must, until it ends, and nothing it wrote
 * is skipped.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { givenDemoCatalogue, givenPerson } from '../../testing/builders.ts';
import { createTestGuichet, type TestGuichet } from '../../testing/database.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function aGuichet(): Promise<TestGuichet> {
  const g = await createTestGuichet({ scheduler: { enabled: false } });
  cleanups.push(() => g.dispose());
  return g;
}

/** A connection with a writing transaction open (it holds a transaction id until `end`). */
async function openWriter(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  cleanups.push(() => client.end());
  await client.query('begin');
  await client.query('select pg_current_xact_id()');
  return client;
}

/** What one dispatch (a timeline consumer) reads: how many events, and whether newer ones wait. */
async function consume(g: TestGuichet) {
  const report = await g.notifications.dispatch();
  return { events: report.events, held: report.waiting };
}

describe('the timeline horizon', () => {
  it('is not held back by a transaction running in another database of the server', async () => {
    const g = await aGuichet();
    await givenDemoCatalogue(g);
    const student = await givenPerson(g);
    // Given a writing transaction left open in another database (begun before the ticket)
    const elsewhere = new URL(g.databaseUrl);
    elsewhere.pathname = '/postgres';
    await openWriter(elsewhere.toString());
    // When a ticket is created here
    await g.tickets.create(student, { title: 'Panne', description: 'x', service: 'moodle' });
    // Then its events are read at once
    expect(await consume(g)).toEqual({ events: 1, held: false });
  });

  it('is held back by an older transaction of this database, and reads what it wrote once it commits', async () => {
    const g = await aGuichet();
    await givenDemoCatalogue(g);
    const student = await givenPerson(g);
    const ticket = await g.tickets.create(student, { title: 'Panne', description: 'x', service: 'moodle' });
    expect(await consume(g)).toEqual({ events: 1, held: false });
    // Given an older transaction here that writes an event and stays open
    const older = await openWriter(g.databaseUrl);
    await older.query(
      `insert into ticket_event (ticket_id, type, visibility, data, created_at)
       values ($1, 'public_reply', 'public', '{"body":"tôt"}', now())`,
      [ticket.id],
    );
    // When a newer change commits
    await g.tickets.act(student, ticket.reference, { action: 'reply', body: 'tard' });
    // Then nothing is read past the older transaction while it runs
    expect(await consume(g)).toEqual({ events: 0, held: true });
    // And once it commits, both are read
    await older.query('commit');
    expect(await consume(g)).toEqual({ events: 2, held: false });
  });
});
