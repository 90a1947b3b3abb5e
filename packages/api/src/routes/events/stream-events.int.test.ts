import { createGuichet } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Reads an SSE response until `enough` holds for the parsed messages (or fails after a timeout). */
async function readEvents(
  res: Response,
  enough: (events: { id: string; event: string; data: any }[]) => boolean,
  timeoutMs = 10_000,
) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const parse = () =>
    text
      .split('\n\n')
      .filter((block) => block.includes('data:'))
      .map((block) => {
        const field = (name: string) =>
          block
            .split('\n')
            .find((l) => l.startsWith(`${name}:`))
            ?.slice(name.length + 1)
            .trim() ?? '';
        return { id: field('id'), event: field('event'), data: JSON.parse(field('data')) };
      });
  const deadline = Date.now() + timeoutMs;
  try {
    while (!enough(parse())) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`stream so far: ${text}`)), deadline - Date.now()),
        ),
      ]);
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    return parse();
  } finally {
    await reader.cancel();
  }
}

async function given() {
  const a: TestGuichet = await createTestGuichet();
  cleanups.push(() => a.dispose());
  // A second process on the same database: it serves the stream, the changes go through the first.
  const b = await createGuichet({ database: { url: a.databaseUrl }, scheduler: { enabled: false } });
  cleanups.push(() => b.close());
  const staff = await givenDemoCatalogue(a);
  const requester = await a.catalogue.upsertPerson({ email: 'prof@insa-rennes.fr', displayName: 'Prof' });
  const token = async (person: string) =>
    (await a.tokens.create({ person, name: 'sse', scopes: ['read'] }, 'local')).token;
  const app = createApp(b);
  const open = (t: string, headers: Record<string, string> = {}) =>
    app.request('/v1/events', { headers: { Authorization: `Bearer ${t}`, ...headers } });
  return { a, staff, requester: { personId: requester.id }, token, open };
}

describe('GET /v1/events', () => {
  it('streams changes made in another process, only what the caller may see, resumable with Last-Event-ID', async () => {
    const { a, staff, requester, token, open } = await given();
    const tech = await staff('vr.tech@insa-rennes.fr');
    const manager = await staff('vr.manager@insa-rennes.fr');
    const profStream = await open(await token('prof@insa-rennes.fr'));
    const strangerStream = await open(await token('moodle.tech@insa-lyon.fr'));
    expect(profStream.status).toBe(200);
    expect(profStream.headers.get('Content-Type')).toContain('text/event-stream');

    // When changes happen through the other process
    const t = await a.tickets.create(requester, {
      title: 'Casque VR',
      description: 'En panne',
      service: 'vr-room',
    });
    await a.tickets.act(manager, t.reference, { action: 'approve' });
    await a.tickets.act(tech, t.reference, { action: 'note', body: 'interne' });
    await a.tickets.act(tech, t.reference, { action: 'reply', body: 'Nous regardons' });

    // Then the requester receives the public events, in order, without the internal note
    const received = await readEvents(profStream, (es) => es.some((e) => e.event === 'ticket.public_reply'));
    expect(received.map((e) => e.event)).toEqual([
      'ticket.created',
      'ticket.approval_requested',
      'ticket.approval_granted',
      'ticket.assigned',
      'ticket.public_reply',
    ]);
    expect(received[0]!.data).toMatchObject({ ticket: t.reference, actor: { email: 'prof@insa-rennes.fr' } });

    // A technician of another team sees nothing of it (only the keep-alive would come)
    await expect(readEvents(strangerStream, (es) => es.length > 0, 1_500)).rejects.toThrow(/stream so far/);

    // Resuming after the second event replays the rest from the stored timeline
    const resumed = await open(await token('prof@insa-rennes.fr'), { 'Last-Event-ID': received[1]!.id });
    const replay = await readEvents(resumed, (es) => es.length >= 3);
    expect(replay.map((e) => e.id)).toEqual(received.slice(2).map((e) => e.id));
  });

  it('refuses a malformed Last-Event-ID with a problem', async () => {
    const { token, open } = await given();
    const res = await open(await token('prof@insa-rennes.fr'), { 'Last-Event-ID': 'abc' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses a Last-Event-ID beyond any event id, or unknown here, with a problem (not a 500)', async () => {
    const { token, open } = await given();
    const prof = await token('prof@insa-rennes.fr');
    for (const id of ['9999999999999999999', '123456']) {
      const res = await open(prof, { 'Last-Event-ID': id });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'Last-Event-ID' }],
      });
    }
  });
});

describe('GET /v1/events and announcements (issue 14)', () => {
  it('streams announcement changes among ticket events, in one order, resumable from either kind', async () => {
    const { a, staff, requester, token, open } = await given();
    const moderator = await staff('moodle.moderation@insa-lyon.fr');
    const prof = await token('prof@insa-rennes.fr');
    const stream = await open(prof);

    // When, through the other process, a ticket is created, an announcement about it published for
    // signed-in people, the ticket answered, the announcement updated, resolved and corrected
    const t = await a.tickets.create(requester, {
      title: 'Moodle lent',
      description: 'x',
      service: 'moodle',
    });
    const notice = await a.announcements.create(moderator, {
      title: { fr: 'Moodle lent', en: 'Moodle slow' },
      severity: 'degraded',
      services: ['moodle'],
      audience: 'requesters',
      linkedTicket: t.reference,
    });
    await a.tickets.act(moderator, t.reference, { action: 'reply', body: 'Nous regardons' });
    await a.announcements.addUpdate(moderator, notice.id, {
      status: 'identified',
      message: { fr: 'Cause trouvée' },
    });
    await a.announcements.addUpdate(moderator, notice.id, { status: 'resolved', message: { fr: 'Rétabli' } });
    await a.announcements.correct(moderator, notice.id, { severity: 'outage' });

    // Then the requester receives them all, in commit order
    const received = await readEvents(stream, (es) => es.some((e) => e.event === 'announcement.corrected'));
    expect(received.map((e) => e.event)).toEqual([
      'ticket.created',
      'announcement.published',
      'ticket.public_reply',
      'announcement.updated',
      'announcement.resolved',
      'announcement.corrected',
    ]);
    expect(received[1]!.data).toMatchObject({
      type: 'announcement.published',
      announcement: {
        id: notice.id,
        title: { fr: 'Moodle lent', en: 'Moodle slow' },
        audience: 'requesters',
        // The requester may see the linked ticket: its reference comes with it
        linkedTicket: t.reference,
      },
    });
    expect(received[1]!.data.announcement).not.toHaveProperty('editable');
    expect(received[4]!.data).toMatchObject({
      update: { status: 'resolved' },
      announcement: { phase: 'resolved' },
    });
    expect(received[5]!.data).toMatchObject({ announcement: { severity: 'outage' } });

    // Another signed-in person reads the announcement too, without the ticket they may not see
    const other = await open(await token('vr.tech@insa-rennes.fr'), { 'Last-Event-ID': '0' });
    const theirs = await readEvents(other, (es) => es.some((e) => e.event === 'announcement.corrected'));
    const published = theirs.find((e) => e.event === 'announcement.published')!;
    expect(published.data.announcement.linkedTicket).toBeNull();
    expect(JSON.stringify(theirs.filter((e) => e.event.startsWith('announcement.')))).not.toContain(
      t.reference,
    );

    // Resuming after an announcement event, then after a ticket event, continues exactly
    for (const i of [1, 2]) {
      const resumed = await open(prof, { 'Last-Event-ID': received[i]!.id });
      const replay = await readEvents(resumed, (es) => es.length >= received.length - i - 1);
      expect(replay.map((e) => e.id)).toEqual(received.slice(i + 1).map((e) => e.id));
    }
  });
});

describe('GET /v1/events under concurrent writers (issue 9, finding 14)', () => {
  it('delivers an event that commits after one with a higher id, in commit order', async () => {
    const { a, requester, token, open } = await given();
    const t = await a.tickets.create(requester, { title: 'Chat', description: 'Muet', service: 'chat' });
    const stream = await open(await token('prof@insa-rennes.fr'));
    const insert = (client: pg.Client, body: string) =>
      client.query(
        `insert into ticket_event (ticket_id, type, visibility, data, created_at)
         values ($1, 'public_reply', 'public', $2, now()) returning id::text`,
        [t.id, JSON.stringify({ body })],
      );
    const first = new pg.Client({ connectionString: a.databaseUrl });
    const second = new pg.Client({ connectionString: a.databaseUrl });
    await first.connect();
    await second.connect();
    cleanups.push(async () => {
      await first.end();
      await second.end();
    });
    // Given a transaction that takes an event id and has not committed yet
    await first.query('begin');
    const early = (await insert(first, 'early')).rows[0].id as string;
    // When a later transaction takes a higher id and commits first
    const late = (await insert(second, 'late')).rows[0].id as string;
    expect(BigInt(late)).toBeGreaterThan(BigInt(early));
    await new Promise((r) => setTimeout(r, 300));
    await first.query('commit');
    // Then both are delivered: the event that committed last is not skipped
    const received = await readEvents(
      stream,
      (es) => es.filter((e) => e.event === 'ticket.public_reply').length >= 2,
    );
    const bodies = received.filter((e) => e.event === 'ticket.public_reply').map((e) => e.data.data.body);
    expect(bodies.sort()).toEqual(['early', 'late']);
  });

  it('eight concurrent writers: the stream delivers exactly the stored events, and a resume continues exactly', async () => {
    const { a, open } = await given();
    const admin = await a.catalogue.upsertPerson({ email: 'admin@groupe-insa.fr', displayName: 'Admin' });
    const adminToken = (
      await a.tokens.create({ person: admin.email, name: 'sse', scopes: ['read'] }, 'local')
    ).token;
    const stream = await open(adminToken);
    const writers = Array.from({ length: 8 }, async (_, w) => {
      const person = await a.catalogue.upsertPerson({
        email: `writer${w}@insa-lyon.fr`,
        displayName: `W${w}`,
      });
      for (let i = 0; i < 15; i++) {
        await a.tickets.create(
          { personId: person.id },
          { title: `T${w}-${i}`, description: 'x', service: 'chat' },
        );
      }
    });
    await Promise.all(writers);
    const stored = new pg.Client({ connectionString: a.databaseUrl });
    await stored.connect();
    const ids = (await stored.query('select id::text as id from ticket_event order by id')).rows.map(
      (r) => r.id,
    );
    await stored.end();
    expect(ids.length).toBeGreaterThanOrEqual(120);
    const received = await readEvents(stream, (es) => es.length >= ids.length, 30_000);
    expect(received.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
    // Resuming from the middle gives exactly the rest, in the same order
    const cut = Math.floor(received.length / 2);
    const resumed = await open(adminToken, { 'Last-Event-ID': received[cut - 1]!.id });
    const rest = await readEvents(resumed, (es) => es.length >= received.length - cut);
    expect(rest.map((e) => e.id)).toEqual(received.slice(cut).map((e) => e.id));
  });
});

describe('GET /v1/events and revoked credentials (issue 9, finding 7)', () => {
  it('closes the stream when its token is revoked, its person deactivated, or the person acted for becomes staff', async () => {
    const { a, open } = await given();
    const mint = async (person: string, scopes: ('read' | 'act-as')[] = ['read']) =>
      a.tokens.create({ person, name: 'sse', scopes }, 'local');
    const ended = async (res: Response) => {
      const reader = res.body!.getReader();
      for (;;) {
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('the stream stayed open')), 10_000),
          ),
        ]);
        if (chunk.done) return true;
      }
    };
    // A revoked token
    const revoked = await mint('prof@insa-rennes.fr');
    const first = await open(revoked.token);
    expect(first.status).toBe(200);
    await a.tokens.revoke(revoked.id, 'local');
    expect(await ended(first)).toBe(true);
    // A deactivated person
    await a.catalogue.upsertPerson({ email: 'partant@insa-lyon.fr', displayName: 'Partant' });
    const second = await open((await mint('partant@insa-lyon.fr')).token);
    await a.catalogue.upsertPerson({ email: 'partant@insa-lyon.fr', displayName: 'Partant', active: false });
    expect(await ended(second)).toBe(true);
    // A portal acting for someone who becomes staff
    await a.catalogue.upsertPerson({ email: 'portail@groupe-insa.fr', displayName: 'Portail' });
    await a.catalogue.upsertPerson({ email: 'futur.tech@insa-lyon.fr', displayName: 'Futur' });
    const portal = await mint('portail@groupe-insa.fr', ['read', 'act-as']);
    const third = await open(portal.token, { 'Guichet-Act-As': 'futur.tech@insa-lyon.fr' });
    expect(third.status).toBe(200);
    await a.catalogue.grantProfile({
      person: 'futur.tech@insa-lyon.fr',
      profile: 'technician',
      team: 'portal',
    });
    expect(await ended(third)).toBe(true);
    // And none of them may open a new one
    expect((await open(revoked.token)).status).toBe(401);
  });
});
