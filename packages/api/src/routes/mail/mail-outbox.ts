import { NOTIFICATION_STATUSES, type OutboxEntry } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { OUTBOX_ENTRY_EXAMPLE } from '../examples.ts';

export const OutboxEntrySchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    status: z.enum(NOTIFICATION_STATUSES),
    recipient: z.string(),
    reference: z.string().nullable(),
    subject: z.string(),
    attempts: z.number().int(),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('OutboxEntry', { example: OUTBOX_ENTRY_EXAMPLE });

const OutboxIdParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: OUTBOX_ENTRY_EXAMPLE.id }),
});

const list = createRoute({
  method: 'get',
  path: '/v1/mail/outbox',
  operationId: 'listMailOutbox',
  tags: ['mail'],
  summary: 'Outbound notifications not sent yet, or given up on, with their last error (technical admins)',
  request: {
    query: z.object({
      status: z
        .enum(NOTIFICATION_STATUSES)
        .optional()
        .openapi({ description: 'Default: pending and failed' }),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Outbox entries, newest first',
      content: { 'application/json': { schema: z.array(OutboxEntrySchema) } },
    },
    ...problemResponses,
  },
});

const retry = createRoute({
  method: 'post',
  path: '/v1/mail/outbox/{id}/retry',
  operationId: 'retryMailOutboxEntry',
  tags: ['mail'],
  summary: 'Queue a failed notification again, with a fresh set of attempts (technical admins)',
  request: { params: OutboxIdParamsSchema },
  responses: {
    200: {
      description: 'The entry, pending again',
      content: { 'application/json': { schema: OutboxEntrySchema } },
    },
    ...problemResponses,
  },
});

function toJson(entry: OutboxEntry) {
  return OutboxEntrySchema.parse({
    ...entry,
    nextAttemptAt: entry.nextAttemptAt.toISOString(),
    createdAt: entry.createdAt.toISOString(),
    sentAt: entry.sentAt?.toISOString() ?? null,
  });
}

export function registerMailOutbox(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const { status, limit } = c.req.valid('query');
    const entries = await c.get('guichet').mail.outbox(c.get('caller'), {
      ...(status ? { status: [status] } : {}),
      ...(limit ? { limit } : {}),
    });
    return c.json(entries.map(toJson), 200);
  });
  app.openapi(retry, async (c) => {
    const entry = await c.get('guichet').mail.retry(c.get('caller'), c.req.valid('param').id);
    return c.json(toJson(entry), 200);
  });
}
