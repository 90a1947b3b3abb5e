import { DomainError } from '@guichet/core';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { ReferenceParamsSchema } from '../tickets/schemas.ts';
import { ProblemSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/tickets/{reference}/problem',
  operationId: 'getTicketProblem',
  tags: ['problems'],
  summary:
    'The problem a ticket is linked to: the whole record for the problem’s staff, a public summary (title, state, public workaround) for the requester',
  request: { params: ReferenceParamsSchema },
  responses: {
    200: { description: 'The problem', content: { 'application/json': { schema: ProblemSchema } } },
    ...problemResponses,
  },
});

export function registerGetTicketProblem(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { reference } = c.req.valid('param');
    const view = await c.get('guichet').problems.ofTicket(c.get('caller'), reference);
    if (!view) throw new DomainError('NOT_FOUND', { rule: 'ticket_has_no_problem', params: { reference } });
    return c.json(ProblemSchema.parse(view), 200);
  });
}
