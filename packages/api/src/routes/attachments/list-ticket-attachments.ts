import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { ReferenceParamsSchema } from '../tickets/schemas.ts';
import { AttachmentSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/tickets/{reference}/attachments',
  operationId: 'listTicketAttachments',
  tags: ['attachments'],
  summary: 'The ticket’s files, oldest first (internal ones for staff only)',
  request: { params: ReferenceParamsSchema },
  responses: {
    200: {
      description: 'Attachments',
      content: { 'application/json': { schema: z.array(AttachmentSchema) } },
    },
    ...problemResponses,
  },
});

export function registerListTicketAttachments(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const list = await c.get('guichet').attachments.list(c.get('caller'), c.req.valid('param').reference);
    return c.json(z.array(AttachmentSchema).parse(list), 200);
  });
}
