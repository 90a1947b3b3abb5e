import { WEBHOOK_DELIVERY_STATUSES } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import {
  DeliveryParamsSchema,
  deliveryJson,
  WebhookDeliverySchema,
  WebhookIdParamsSchema,
} from './schemas.ts';

const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });

const list = createRoute({
  method: 'get',
  path: '/v1/webhooks/{id}/deliveries',
  operationId: 'listWebhookDeliveries',
  tags: ['webhooks'],
  summary: 'The delivery log of one of your subscriptions, newest first, each with its attempts',
  request: {
    params: WebhookIdParamsSchema,
    query: z.object({
      status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    }),
  },
  responses: {
    200: { description: 'Deliveries', ...json(z.array(WebhookDeliverySchema)) },
    ...problemResponses,
  },
});

const redeliver = createRoute({
  method: 'post',
  path: '/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver',
  operationId: 'redeliverWebhook',
  tags: ['webhooks'],
  summary: 'Send a delivered or given-up delivery again (same id and payload), with a fresh retry schedule',
  request: { params: DeliveryParamsSchema },
  responses: {
    200: { description: 'The delivery, pending again', ...json(WebhookDeliverySchema) },
    ...problemResponses,
  },
});

const test = createRoute({
  method: 'post',
  path: '/v1/webhooks/{id}/test',
  operationId: 'testWebhook',
  tags: ['webhooks'],
  summary: 'Send a `webhook.test` event to the receiver at once and say what it answered (not retried)',
  request: { params: WebhookIdParamsSchema },
  responses: {
    200: { description: 'The delivery and its attempt', ...json(WebhookDeliverySchema) },
    ...problemResponses,
  },
});

export function registerWebhookDeliveries(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const { status, limit } = c.req.valid('query');
    const all = await c.get('guichet').webhooks.deliveries(c.get('caller'), c.req.valid('param').id, {
      ...(status ? { status } : {}),
      ...(limit ? { limit } : {}),
    });
    return c.json(all.map(deliveryJson), 200);
  });
  app.openapi(redeliver, async (c) => {
    const { id, deliveryId } = c.req.valid('param');
    return c.json(
      deliveryJson(await c.get('guichet').webhooks.redeliver(c.get('caller'), id, deliveryId)),
      200,
    );
  });
  app.openapi(test, async (c) => {
    return c.json(
      deliveryJson(await c.get('guichet').webhooks.test(c.get('caller'), c.req.valid('param').id)),
      200,
    );
  });
}
