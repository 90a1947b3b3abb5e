import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';

const HEARTBEAT_MS = 25_000;

const route = createRoute({
  method: 'get',
  path: '/v1/events',
  operationId: 'streamEvents',
  tags: ['events'],
  summary: 'Server-Sent Events: timeline events of the tickets the caller may see, live',
  description:
    'Each message has `id` (resume with the Last-Event-ID header), `event: ticket.<type>` and the event as JSON ' +
    '(with the ticket reference). Without Last-Event-ID the stream starts with the next change. Changes made ' +
    'through any API process on the same database are delivered.',
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

export function registerStreamEvents(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const guichet = c.get('guichet');
    const caller = c.get('caller');
    let last = c.req.valid('header')['last-event-id'] ?? (await guichet.tickets.latestEventId());
    // Fail before the stream opens if the caller cannot read events.
    await guichet.tickets.eventsSince(caller, last, 1);
    return streamSSE(c, async (stream) => {
      let wake: ((why: 'event') => void) | null = null;
      const onAppended = () => wake?.('event');
      guichet.events.on('appended', onAppended);
      stream.onAbort(() => {
        guichet.events.off('appended', onAppended);
        wake?.('event');
      });
      while (!stream.aborted && !stream.closed) {
        // Register interest before reading, so an event committed meanwhile still wakes us.
        const signalled = new Promise<'event' | 'idle'>((resolve) => {
          wake = resolve;
          setTimeout(() => resolve('idle'), HEARTBEAT_MS).unref();
        });
        for (;;) {
          const batch = await guichet.tickets.eventsSince(caller, last, 200);
          for (const event of batch) {
            await stream.writeSSE({
              id: event.id,
              event: `ticket.${event.type}`,
              data: JSON.stringify(event),
            });
            last = event.id;
          }
          if (batch.length < 200) break;
        }
        // A comment line keeps proxies from closing an idle stream.
        if ((await signalled) === 'idle' && !stream.aborted) await stream.write(': keep-alive\n\n');
      }
      guichet.events.off('appended', onAppended);
    }) as never;
  });
}
