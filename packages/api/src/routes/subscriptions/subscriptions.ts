import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';

const TAG = 'people';

export const ServiceSubscriptionSchema = z
  .object({
    service: z.string().openapi({ description: 'The service’s code' }),
    serviceName: z.string(),
    createdAt: z.string(),
  })
  .openapi('ServiceSubscription', {
    example: {
      service: 'moodle',
      serviceName: 'Moodle groupe (OpenINSA)',
      createdAt: '2026-12-03T14:00:00.000Z',
    },
  });

export const ServiceSubscriptionListSchema = z
  .object({ items: z.array(ServiceSubscriptionSchema) })
  .openapi('ServiceSubscriptionList');

const ServiceParamsSchema = z.object({
  service: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'service', in: 'path' }, example: 'moodle' }),
});

const list = createRoute({
  method: 'get',
  path: '/v1/me/subscriptions',
  operationId: 'listServiceSubscriptions',
  tags: [TAG],
  summary: 'The services the caller follows (their announcements sent with `notify` come by mail)',
  responses: {
    200: {
      description: 'The caller’s subscriptions, by service code',
      content: { 'application/json': { schema: ServiceSubscriptionListSchema } },
    },
    ...problemResponses,
  },
});

const put = createRoute({
  method: 'put',
  path: '/v1/me/subscriptions/{service}',
  operationId: 'subscribeToService',
  tags: [TAG],
  summary: 'Follow a service and its sub-services (idempotent)',
  request: { params: ServiceParamsSchema },
  responses: {
    200: {
      description: 'The subscription (the first one, when it existed already)',
      content: { 'application/json': { schema: ServiceSubscriptionSchema } },
    },
    ...problemResponses,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/v1/me/subscriptions/{service}',
  operationId: 'unsubscribeFromService',
  tags: [TAG],
  summary: 'Stop following a service (not following it is no error)',
  request: { params: ServiceParamsSchema },
  responses: { 204: { description: 'Not followed any more' }, ...problemResponses },
});

/**
 * The caller's own subscriptions to services: everyone signed in (a portal acting for a requester:
 * that requester's); nobody reads or changes anyone else's.
 */
export function registerServiceSubscriptions(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const items = await c.get('guichet').subscriptions.list(c.get('caller'));
    return c.json(ServiceSubscriptionListSchema.parse({ items: items.map(body) }), 200);
  });
  app.openapi(put, async (c) => {
    const s = await c.get('guichet').subscriptions.subscribe(c.get('caller'), c.req.valid('param').service);
    return c.json(ServiceSubscriptionSchema.parse(body(s)), 200);
  });
  app.openapi(remove, async (c) => {
    await c.get('guichet').subscriptions.unsubscribe(c.get('caller'), c.req.valid('param').service);
    return c.body(null, 204);
  });
}

function body(s: { service: string; serviceName: string; createdAt: Date }) {
  return { service: s.service, serviceName: s.serviceName, createdAt: s.createdAt.toISOString() };
}
