import type { TICKET_STATUSES } from '@guichet/core';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { ListTicketsQuerySchema, TicketPageSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/tickets',
  operationId: 'listTickets',
  tags: ['tickets'],
  summary: 'Tickets the caller may see, newest first, with cursor pagination',
  request: { query: ListTicketsQuerySchema },
  responses: {
    200: { description: 'One page', content: { 'application/json': { schema: TicketPageSchema } } },
    ...problemResponses,
  },
});

export function registerListTickets(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { status, ...rest } = c.req.valid('query');
    const page = await c.get('guichet').tickets.list(c.get('caller'), {
      ...rest,
      ...(status
        ? { status: status.split(',').map((s) => s.trim()) as (typeof TICKET_STATUSES)[number][] }
        : {}),
    });
    return c.json(TicketPageSchema.parse(page), 200);
  });
}
