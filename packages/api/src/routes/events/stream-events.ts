import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { stillAuthorised } from '../../middleware/auth.ts';

const HEARTBEAT_MS = 25_000;
/** How soon to look again when committed events wait behind an older, unfinished transaction. */
const HELD_RETRY_MS = 50;

const route = createRoute({
  method: 'get',
  path: '/v1/events',
  operationId: 'streamEvents',
  tags: ['events'],
  summary: 'Server-Sent Events: timeline events of the tickets the caller may see, and announcements, live',
  description:
    'Each message has `id` (resume with the Last-Event-ID header), `event: ticket.<type>` and the event as JSON ' +
    '(with the ticket reference), or `event: announcement.<published|updated|resolved|corrected>` and ' +
    '`{id, type, createdAt, announcement, update?}` (the `Announcement` schema without `editable`, as it was then; ' +
    '`linkedTicket` only if the caller may see that ticket; `update` the update just posted). Both kinds share ' +
    'one order and one id space. Without Last-Event-ID the stream starts with the next change; `0` replays ' +
    'from the beginning. Events come in the order they were committed, none skipped, from any API process on ' +
    'the same database (ids are unique but not increasing: resume with the last id received). The stream ' +
    'closes when its credential is revoked or expires, or its person is deactivated.',
  request: {
    headers: z.object({
      'last-event-id': z
        .string()
        .regex(/^\d{1,19}$/)
        .optional()
        .openapi({ param: { name: 'last-event-id', in: 'header' } }),
    }),
  },
  responses: {
    200: { description: 'The event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...problemResponses,
  },
});

type Wake = 'event' | 'credentials' | 'idle' | 'held';

export function registerStreamEvents(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const guichet = c.get('guichet');
    const caller = c.get('caller');
    const credential = c.get('credential');
    let position = await guichet.eventLog.position(c.req.valid('header')['last-event-id']);
    // Fail before the stream opens if the caller cannot read events.
    await guichet.eventLog.read(caller, position, 0);
    return streamSSE(c, async (stream) => {
      let wake: ((why: Wake) => void) | null = null;
      let recheck = false;
      const concerned = new Set(['*', credential.personId, caller.personId]);
      const onAppended = () => wake?.('event');
      const onCredentials = (personId: string) => {
        if (!concerned.has(personId)) return;
        recheck = true;
        wake?.('credentials');
      };
      guichet.events.on('appended', onAppended);
      guichet.events.on('announced', onAppended);
      guichet.events.on('credentials', onCredentials);
      const expiry = setTimeout(
        () => {
          recheck = true;
          wake?.('credentials');
        },
        Math.min(Math.max(credential.expiresAt.getTime() - Date.now(), 0), 2_147_483_647),
      );
      const done = () => {
        guichet.events.off('appended', onAppended);
        guichet.events.off('announced', onAppended);
        guichet.events.off('credentials', onCredentials);
        clearTimeout(expiry);
      };
      stream.onAbort(() => {
        done();
        wake?.('event');
      });
      let held = false;
      while (!stream.aborted && !stream.closed) {
        // Register interest before reading, so an event committed meanwhile still wakes us.
        let timer: NodeJS.Timeout | undefined;
        const signalled = new Promise<Wake>((resolve) => {
          wake = resolve;
          timer = setTimeout(() => resolve(held ? 'held' : 'idle'), held ? HELD_RETRY_MS : HEARTBEAT_MS);
          timer.unref();
        });
        if (recheck) {
          recheck = false;
          if (!(await stillAuthorised(c))) break;
        }
        for (;;) {
          const page = await guichet.eventLog.read(caller, position, 200);
          for (const entry of page.events) {
            await stream.writeSSE({
              id: entry.event.id,
              event: entry.source === 'ticket' ? `ticket.${entry.event.type}` : entry.event.type,
              data: JSON.stringify(entry.event),
            });
          }
          position = page.position;
          held = page.held;
          if (!page.more) break;
        }
        const why = await signalled;
        clearTimeout(timer);
        if (why === 'idle' && !stream.aborted) {
          // A comment line keeps proxies from closing an idle stream; the credential is re-checked
          // at each one, even if a notification was lost.
          await stream.write(': keep-alive\n\n');
          recheck = true;
        }
      }
      done();
    }) as never;
  });
}
