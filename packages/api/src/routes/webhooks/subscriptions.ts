import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import {
  CreateWebhookSchema,
  PatchWebhookSchema,
  WebhookIdParamsSchema,
  WebhookSchema,
  WebhookWithSecretSchema,
  webhookJson,
  webhookWithSecretJson,
} from './schemas.ts';

const ADMINS = '(functional or technical admins, with an administrative credential; each sees their own)';
const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });

const create = createRoute({
  method: 'post',
  path: '/v1/webhooks',
  operationId: 'createWebhook',
  tags: ['webhooks'],
  summary: `Subscribe a receiver to events ${ADMINS}`,
  description:
    'The target is checked: https only (unless allowed), and every address its host resolves to must be public unless the configuration allows it. The answer carries the signing secret, shown this once.',
  request: { body: { required: true, ...json(CreateWebhookSchema) } },
  responses: {
    201: { description: 'Created, with its secret', ...json(WebhookWithSecretSchema) },
    ...problemResponses,
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/webhooks',
  operationId: 'listWebhooks',
  tags: ['webhooks'],
  summary: `Your webhook subscriptions, newest first ${ADMINS}`,
  responses: { 200: { description: 'Subscriptions', ...json(z.array(WebhookSchema)) }, ...problemResponses },
});

const get = createRoute({
  method: 'get',
  path: '/v1/webhooks/{id}',
  operationId: 'getWebhook',
  tags: ['webhooks'],
  summary: `One of your webhook subscriptions ${ADMINS}`,
  request: { params: WebhookIdParamsSchema },
  responses: { 200: { description: 'The subscription', ...json(WebhookSchema) }, ...problemResponses },
});

const patch = createRoute({
  method: 'patch',
  path: '/v1/webhooks/{id}',
  operationId: 'updateWebhook',
  tags: ['webhooks'],
  summary: `Change a subscription; \`active: true\` resumes one the server disabled ${ADMINS}`,
  request: { params: WebhookIdParamsSchema, body: { required: true, ...json(PatchWebhookSchema) } },
  responses: { 200: { description: 'The subscription', ...json(WebhookSchema) }, ...problemResponses },
});

const remove = createRoute({
  method: 'delete',
  path: '/v1/webhooks/{id}',
  operationId: 'deleteWebhook',
  tags: ['webhooks'],
  summary: `Delete a subscription with its delivery log ${ADMINS}`,
  request: { params: WebhookIdParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...problemResponses },
});

const rotate = createRoute({
  method: 'post',
  path: '/v1/webhooks/{id}/rotate-secret',
  operationId: 'rotateWebhookSecret',
  tags: ['webhooks'],
  summary: `Give a subscription a new signing secret, shown this once; the old one stops at once ${ADMINS}`,
  request: { params: WebhookIdParamsSchema },
  responses: {
    200: { description: 'With its new secret', ...json(WebhookWithSecretSchema) },
    ...problemResponses,
  },
});

export function registerWebhookSubscriptions(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const created = await c.get('guichet').webhooks.create(c.get('caller'), c.req.valid('json'));
    // The secret is shown once: never kept for an idempotent replay, never cached.
    c.set('secretResponse', true);
    c.header('Cache-Control', 'no-store');
    return c.json(webhookWithSecretJson(created), 201);
  });
  app.openapi(list, async (c) => {
    const all = await c.get('guichet').webhooks.list(c.get('caller'));
    return c.json(all.map(webhookJson), 200);
  });
  app.openapi(get, async (c) => {
    const one = await c.get('guichet').webhooks.get(c.get('caller'), c.req.valid('param').id);
    return c.json(webhookJson(one), 200);
  });
  app.openapi(patch, async (c) => {
    const one = await c
      .get('guichet')
      .webhooks.update(c.get('caller'), c.req.valid('param').id, c.req.valid('json'));
    return c.json(webhookJson(one), 200);
  });
  app.openapi(remove, async (c) => {
    await c.get('guichet').webhooks.remove(c.get('caller'), c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(rotate, async (c) => {
    const one = await c.get('guichet').webhooks.rotateSecret(c.get('caller'), c.req.valid('param').id);
    c.set('secretResponse', true);
    c.header('Cache-Control', 'no-store');
    return c.json(webhookWithSecretJson(one), 200);
  });
}
