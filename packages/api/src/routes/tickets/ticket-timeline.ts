import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { actOnTicket, CommentBodySchema } from './apply-ticket-action.ts';
import { PostHeadersSchema, ReferenceParamsSchema, TicketEventSchema, TicketSchema } from './schemas.ts';

const timeline = createRoute({
  method: 'get',
  path: '/v1/tickets/{reference}/timeline',
  operationId: 'getTicketTimeline',
  tags: ['tickets'],
  summary: 'The ticket’s history, oldest first (internal entries only for staff)',
  request: { params: ReferenceParamsSchema },
  responses: {
    200: { description: 'Events', content: { 'application/json': { schema: z.array(TicketEventSchema) } } },
    ...problemResponses,
  },
});

const COMMENT_TYPES = new Set(['public_reply', 'requester_replied', 'internal_note']);

const listComments = createRoute({
  method: 'get',
  path: '/v1/tickets/{reference}/comments',
  operationId: 'listTicketComments',
  tags: ['tickets'],
  summary: 'Replies and notes only, oldest first (internal notes for staff only)',
  request: { params: ReferenceParamsSchema },
  responses: {
    200: { description: 'Comments', content: { 'application/json': { schema: z.array(TicketEventSchema) } } },
    ...problemResponses,
  },
});

const addComment = createRoute({
  method: 'post',
  path: '/v1/tickets/{reference}/comments',
  operationId: 'addTicketComment',
  tags: ['tickets'],
  summary: 'A public reply, or an internal note with `internal: true`',
  request: {
    params: ReferenceParamsSchema,
    headers: PostHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: CommentBodySchema } } },
  },
  responses: {
    200: {
      description: 'The ticket after the comment',
      content: { 'application/json': { schema: TicketSchema } },
    },
    ...problemResponses,
  },
});

export function registerTicketTimeline(app: OpenAPIHono<AppEnv>) {
  app.openapi(timeline, async (c) => {
    const events = await c.get('guichet').tickets.timeline(c.get('caller'), c.req.valid('param').reference);
    return c.json(z.array(TicketEventSchema).parse(events), 200);
  });
  app.openapi(listComments, async (c) => {
    const events = await c.get('guichet').tickets.timeline(c.get('caller'), c.req.valid('param').reference);
    return c.json(z.array(TicketEventSchema).parse(events.filter((e) => COMMENT_TYPES.has(e.type))), 200);
  });
  app.openapi(addComment, async (c) => {
    const { body, internal } = c.req.valid('json');
    const ticket = await actOnTicket(
      c,
      c.req.valid('param').reference,
      { action: internal ? 'note' : 'reply', body },
      c.req.valid('header')['if-match'],
    );
    return c.json(TicketSchema.parse(ticket), 200);
  });
}
