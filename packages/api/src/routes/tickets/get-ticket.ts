import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { etagOf, ReferenceParamsSchema, TicketSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/tickets/{reference}',
  operationId: 'getTicket',
  tags: ['tickets'],
  summary: 'A ticket, with the actions the caller may take now',
  request: { params: ReferenceParamsSchema },
  responses: {
    200: { description: 'The ticket', content: { 'application/json': { schema: TicketSchema } } },
    ...problemResponses,
  },
});

export function registerGetTicket(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const ticket = await c.get('guichet').tickets.get(c.get('caller'), c.req.valid('param').reference);
    c.header('ETag', etagOf(ticket.version));
    return c.json(TicketSchema.parse(ticket), 200);
  });
}
