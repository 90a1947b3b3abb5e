import { createGuichet } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
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
});
