import { INBOUND_DECISIONS } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { InboundMailSchema, inboundJson } from './inbound-schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/mail/inbound',
  operationId: 'listInboundMail',
  tags: ['mail'],
  summary: 'Received mail, newest first, with each decision and why (admins; moderators: their mailboxes)',
  request: {
    query: z.object({
      decision: z
        .enum(INBOUND_DECISIONS.filter((d) => d !== 'duplicate') as ['created'])
        .optional()
        .openapi({ description: 'e.g. `held`: what waits for a moderator' }),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Received mails',
      content: { 'application/json': { schema: z.array(InboundMailSchema) } },
    },
    ...problemResponses,
  },
});

export function registerListInboundMail(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { decision, limit } = c.req.valid('query');
    const views = await c.get('guichet').mailGateway.list(c.get('caller'), {
      ...(decision ? { decision } : {}),
      ...(limit ? { limit } : {}),
      language: c.get('lang'),
    });
    return c.json(views.map(inboundJson), 200);
  });
}
