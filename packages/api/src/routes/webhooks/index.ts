import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { registerWebhookDeliveries } from './deliveries.ts';
import { registerWebhookSubscriptions } from './subscriptions.ts';

/** Outbound webhooks: subscriptions, their delivery log, redelivery and test events. */
export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>) {
  registerWebhookSubscriptions(app);
  registerWebhookDeliveries(app);
}
