import type { PRIORITIES, TICKET_STATUSES } from '@guichet/core';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { ListTicketsQuerySchema, TicketPageSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/tickets',
  operationId: 'listTickets',
  tags: ['tickets'],
  summary: 'Tickets the caller may see (filters, sort, cursor pagination; newest first by default)',
  request: { query: ListTicketsQuerySchema },
  responses: {
    200: { description: 'One page', content: { 'application/json': { schema: TicketPageSchema } } },
    ...problemResponses,
  },
});

export function registerListTickets(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { status, priority, createdFrom, createdTo, updatedFrom, updatedTo, ...rest } =
      c.req.valid('query');
    // Lists and dates arrive as text; core validates the values and names the field on error.
    const list = <T>(v: string) => v.split(',').map((s) => s.trim()) as T[];
    const page = await c.get('guichet').tickets.list(c.get('caller'), {
      ...rest,
      ...(status ? { status: list<(typeof TICKET_STATUSES)[number]>(status) } : {}),
      ...(priority ? { priority: list<(typeof PRIORITIES)[number]>(priority) } : {}),
      ...(createdFrom ? { createdFrom: new Date(createdFrom) } : {}),
      ...(createdTo ? { createdTo: new Date(createdTo) } : {}),
      ...(updatedFrom ? { updatedFrom: new Date(updatedFrom) } : {}),
      ...(updatedTo ? { updatedTo: new Date(updatedTo) } : {}),
    });
    return c.json(TicketPageSchema.parse(page), 200);
  });
}
