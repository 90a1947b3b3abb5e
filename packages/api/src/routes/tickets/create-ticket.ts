import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { CreateHeadersSchema, CreateTicketBodySchema, etagOf, TicketSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/tickets',
  operationId: 'createTicket',
  tags: ['tickets'],
  summary: 'Open a ticket (a moderator may set `requester` to open it on someone’s behalf)',
  request: {
    headers: CreateHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: CreateTicketBodySchema } } },
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: TicketSchema } } },
    ...problemResponses,
  },
});

export function registerCreateTicket(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const ticket = await c.get('guichet').tickets.create(c.get('caller'), c.req.valid('json'));
    c.header('Location', `/v1/tickets/${ticket.reference}`);
    c.header('ETag', etagOf(ticket.version));
    return c.json(TicketSchema.parse(ticket), 201);
  });
}
