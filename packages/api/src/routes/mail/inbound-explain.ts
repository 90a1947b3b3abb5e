import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { InboundMailSchema, inboundJson } from './inbound-schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/mail/inbound/{messageId}',
  operationId: 'getInboundMail',
  tags: ['mail'],
  summary: 'Which rule matched a received mail and why (admins; moderators: their mailboxes)',
  request: {
    params: z.object({
      messageId: z
        .string()
        .min(1)
        .max(1000)
        .openapi({
          param: { name: 'messageId', in: 'path' },
          description: 'The Message-ID (URL-encoded, angle brackets optional), or the inbound id',
          example: 'CAF3x9k2@mail.insa-rouen.fr',
        }),
    }),
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
