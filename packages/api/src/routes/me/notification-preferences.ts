import { NOTIFICATION_DELIVERIES, NOTIFICATION_KINDS } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { NOTIFICATION_PREFERENCES_EXAMPLE } from '../examples.ts';

export const NotificationPreferencesSchema = z
  .array(z.object({ kind: z.string(), delivery: z.enum(NOTIFICATION_DELIVERIES) }))
  .openapi('NotificationPreferences', { example: NOTIFICATION_PREFERENCES_EXAMPLE });

const get = createRoute({
  method: 'get',
  path: '/v1/me/notification-preferences',
  operationId: 'getNotificationPreferences',
  tags: ['people'],
  summary: 'How the caller receives each kind of notification: at once, in the daily digest, or not at all',
  responses: {
    200: {
      description: 'Every kind, `immediate` unless the caller chose otherwise',
      content: { 'application/json': { schema: NotificationPreferencesSchema } },
    },
    ...problemResponses,
  },
});

const put = createRoute({
  method: 'put',
  path: '/v1/me/notification-preferences',
  operationId: 'setNotificationPreferences',
  tags: ['people'],
  summary: 'Change how the caller receives some kinds of notification (the others are kept)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            preferences: z.record(z.string(), z.string()).openapi({
              description: `Kind → delivery (${NOTIFICATION_DELIVERIES.join(', ')}). Kinds: ${NOTIFICATION_KINDS.join(', ')}`,
              example: { 'ticket.replied': 'digest', 'ticket.assigned': 'off' },
            }),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Every kind after the change',
      content: { 'application/json': { schema: NotificationPreferencesSchema } },
    },
    ...problemResponses,
  },
});

export function registerNotificationPreferences(app: OpenAPIHono<AppEnv>) {
  app.openapi(get, async (c) => {
    return c.json(await c.get('guichet').notifications.preferences(c.get('caller')), 200);
  });
  app.openapi(put, async (c) => {
    const { preferences } = c.req.valid('json');
    return c.json(await c.get('guichet').notifications.setPreferences(c.get('caller'), preferences), 200);
  });
}
