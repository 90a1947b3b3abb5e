import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { InboundMailSchema, InboundMessageIdParamsSchema, inboundJson } from './inbound-schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/mail/inbound/{messageId}',
  operationId: 'getInboundMail',
  tags: ['mail'],
  summary: 'Which rule matched a received mail and why (admins; moderators: their mailboxes)',
  request: {
    params: InboundMessageIdParamsSchema,
  },
  responses: {
    200: {
      description: 'The mail, its decision and its explanation',
      content: { 'application/json': { schema: InboundMailSchema } },
    },
    ...problemResponses,
  },
});

export function registerGetInboundMail(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { messageId } = c.req.valid('param');
    const view = await c.get('guichet').mailGateway.explain(c.get('caller'), messageId, {
      language: c.get('lang'),
    });
    return c.json(inboundJson(view), 200);
  });
}
