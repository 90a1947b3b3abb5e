import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { InboundMailSchema, InboundMessageIdParamsSchema, inboundJson } from './inbound-schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/mail/inbound/{messageId}/resolve',
  operationId: 'resolveHeldMail',
  tags: ['mail'],
  summary:
    'Decide on a held mail: add it to its ticket as an internal note, open a ticket for its sender, or set it aside (admins; moderators: their mailboxes)',
  request: {
    params: InboundMessageIdParamsSchema,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ action: z.enum(['note', 'open', 'dismiss']) }).strict(),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The mail with its new decision and the moderator’s reason last',
      content: { 'application/json': { schema: InboundMailSchema } },
    },
    ...problemResponses,
  },
});

export function registerResolveHeldMail(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { messageId } = c.req.valid('param');
    const { action } = c.req.valid('json');
    const view = await c.get('guichet').mailGateway.resolveHeld(c.get('caller'), messageId, action, {
      language: c.get('lang'),
    });
    return c.json(inboundJson(view), 200);
  });
}
