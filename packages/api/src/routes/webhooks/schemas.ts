import {
  ANNOUNCEMENT_WEBHOOK_TYPES,
  ARTICLE_WEBHOOK_TYPES,
  TICKET_WEBHOOK_TYPES,
  WEBHOOK_DELIVERY_STATUSES,
  type WebhookDeliveryView,
  type WebhookView,
  type WebhookWithSecret,
} from '@guichet/core';
import { z } from '@hono/zod-openapi';

const SUBSCRIPTION_EXAMPLE = {
  id: '0192f5a0-7c1e-7000-8000-00000000a001',
  url: 'https://intranet.insa-lyon.fr/hooks/guichet',
  description: 'Tableau de bord de la DSI',
  eventTypes: ['ticket.created', 'ticket.resolved'],
  services: ['moodle'],
  establishments: ['insa-lyon'],
  active: true,
  disabledReason: null,
  disabledAt: null,
  ownerId: '0192f5a0-7c1e-7000-8000-000000000001',
  createdAt: '2026-11-28T09:00:00.000Z',
  updatedAt: '2026-11-28T09:00:00.000Z',
};

const EVENT_TYPE = z
  .string()
  .min(1)
  .max(100)
  .openapi({
    description: `An event type or pattern: \`*\`, \`<source>.*\` (ticket, announcement, article), or one type: ${[...TICKET_WEBHOOK_TYPES, ...ANNOUNCEMENT_WEBHOOK_TYPES, ...ARTICLE_WEBHOOK_TYPES].join(', ')}. Any other is refused, naming the types that exist`,
    example: 'ticket.*',
  });

export const WebhookSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    services: z.array(z.string()).openapi({ description: 'Service codes (empty: every service)' }),
    establishments: z.array(z.string()).openapi({ description: 'Establishment codes (empty: all)' }),
    active: z.boolean(),
    disabledReason: z
      .string()
      .nullable()
      .openapi({ description: 'Why the server disabled it (deliveries failing for more than a day)' }),
    disabledAt: z.string().nullable(),
    ownerId: z.uuid(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Webhook', { example: SUBSCRIPTION_EXAMPLE });

export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z.string().openapi({
    description: 'The signing secret (Standard Webhooks `whsec_…`): shown only now, never again',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  }),
}).openapi('WebhookWithSecret', {
  example: { ...SUBSCRIPTION_EXAMPLE, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
});

export const CreateWebhookSchema = z
  .object({
    url: z
      .string()
      .min(1)
      .max(2000)
      .openapi({ description: 'https:// (http:// only where the server allows it)' }),
    description: z.string().max(400).optional(),
    eventTypes: z.array(EVENT_TYPE).min(1).max(100),
    services: z.array(z.string().min(1).max(64)).max(200).optional(),
    establishments: z.array(z.string().min(1).max(64)).max(50).optional(),
    active: z.boolean().optional(),
  })
  .openapi('CreateWebhook', {
    example: {
      url: SUBSCRIPTION_EXAMPLE.url,
      eventTypes: SUBSCRIPTION_EXAMPLE.eventTypes,
      services: ['moodle'],
    },
  });

export const PatchWebhookSchema = CreateWebhookSchema.partial().openapi('PatchWebhook', {
  example: { active: true },
});

export const WebhookAttemptSchema = z
  .object({
    attemptedAt: z.string(),
    statusCode: z.number().int().nullable(),
    latencyMs: z.number().int(),
    responseExcerpt: z.string().nullable().openapi({ description: 'At most the first 1 KiB of the answer' }),
    error: z.string().nullable(),
  })
  .openapi('WebhookAttempt');

/** The JSON body POSTed to a receiver (Standard Webhooks): ticket events carry this `data`. */
export const WebhookPayloadSchema = z
  .object({
    type: z.string().openapi({ example: 'ticket.resolved' }),
    timestamp: z.string().openapi({ description: 'When the event happened (ISO 8601)' }),
    data: z.record(z.string(), z.unknown()).openapi({
      description:
        'For `ticket.*`: `{eventId, ticket: {id, reference}, sequence, visibility, actor: {id, email, displayName} | null, data}`; `sequence` is the event’s position in its ticket’s timeline (1, 2, …): receivers order a ticket’s events by it. For `announcement.*` (published, updated, resolved, corrected): `{announcement, update?}`, `announcement` being the `Announcement` schema without `linkedTicket` and `editable` (both languages), `update` the `AnnouncementUpdate` just posted (updated, resolved). For `article.*` (published, archived): `{article: {id, reference, title, summary, kind, language, audience, status, services, tags, publishedAt, revision, updatedAt, path}}` (never the body; an `internal` article only to subscriptions whose owner may read it). `webhook.test`: `{webhookId}`.',
    }),
  })
  .openapi('WebhookPayload', {
    example: {
      type: 'ticket.resolved',
      timestamp: '2026-11-28T10:15:00.000Z',
      data: {
        eventId: '1042',
        ticket: { id: '0192f5a0-7c1e-7000-8000-0000000000t1', reference: 'GU-2026-000042' },
        sequence: 5,
        visibility: 'public',
        actor: {
          id: '0192f5a0-7c1e-7000-8000-000000000002',
          email: 'moodle.tech@insa-lyon.fr',
          displayName: 'Tech',
        },
        data: { changes: { solution: { after: 'Index reconstruit' } } },
      },
    },
  });

export const WebhookDeliverySchema = z
  .object({
    id: z.uuid().openapi({ description: 'Also the `webhook-id` header: the same on every attempt' }),
    type: z.string(),
    eventId: z.string().nullable(),
    sequence: z.number().int(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.string(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    payload: WebhookPayloadSchema,
    log: z.array(WebhookAttemptSchema),
  })
  .openapi('WebhookDelivery');

export const WebhookIdParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: SUBSCRIPTION_EXAMPLE.id }),
});

export const DeliveryParamsSchema = WebhookIdParamsSchema.extend({
  deliveryId: z.uuid().openapi({ param: { name: 'deliveryId', in: 'path' } }),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function webhookJson(v: WebhookView) {
  return WebhookSchema.parse({
    ...v,
    disabledAt: iso(v.disabledAt),
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  });
}

export function webhookWithSecretJson(v: WebhookWithSecret) {
  return WebhookWithSecretSchema.parse({ ...webhookJson(v), secret: v.secret });
}

export function deliveryJson(d: WebhookDeliveryView) {
  return WebhookDeliverySchema.parse({
    ...d,
    nextAttemptAt: d.nextAttemptAt.toISOString(),
    deliveredAt: iso(d.deliveredAt),
    createdAt: d.createdAt.toISOString(),
    log: d.log.map((a) => ({ ...a, attemptedAt: a.attemptedAt.toISOString() })),
  });
}
