import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { Person } from '../people/person.entity.ts';

/**
 * A receiver of events: where they go, which ones, and whose eyes they are (the owner's: only what
 * the owner may read is sent). The signing secret is not stored: it is derived from the server's
 * webhook key, the subscription's id and `secretVersion` (see `webhook-secret.ts`).
 */
export const WebhookSubscriptionSchema = defineEntity({
  name: 'WebhookSubscription',
  properties: {
    ...baseProperties,
    owner: () => p.manyToOne(Person).deleteRule('cascade').index(),
    url: p.string().length(2000),
    description: p.string().length(400).default(''),
    /** Event types or patterns (`ticket.created`, `ticket.*`, `announcement.*`, `*`). */
    eventTypes: p.json<string[]>(),
    /** Only events about these services (with their sub-services); empty: every service. */
    serviceIds: p.json<string[]>(),
    /** Only events about these establishments; empty: every establishment. */
    establishmentIds: p.json<string[]>(),
    active: p.boolean().default(true),
    /** Bumped by each rotation: the secret derived from it changes. */
    secretVersion: p.integer().default(1),
    /** Why the server disabled it (deliveries given up on), null when an owner did or it is active. */
    disabledReason: p.string().length(400).nullable(),
    disabledAt: p.datetime().nullable(),
  },
});
export class WebhookSubscription extends WebhookSubscriptionSchema.class {}
WebhookSubscriptionSchema.setClass(WebhookSubscription);

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One event for one subscription: the durable queue and the delivery log. The payload is fixed when
 * the event is fanned out (what the owner could read then), so retries send the same bytes.
 */
export const WebhookDeliverySchema = defineEntity({
  name: 'WebhookDelivery',
  indexes: [
    { properties: ['status', 'nextAttemptAt'] },
    { properties: ['subscription', 'createdAt'] },
    { properties: ['subscription', 'ticketId', 'sequence'] },
  ],
  uniques: [
    {
      name: 'webhook_delivery_subscription_event_unique',
      // One delivery per timeline event and subscription, however often a fan-out is retried.
      expression:
        'create unique index "webhook_delivery_subscription_event_unique" on "webhook_delivery" ("subscription_id", "event_id") where "event_id" is not null',
    },
  ],
  properties: {
    ...baseProperties,
    subscription: () => p.manyToOne(WebhookSubscription).deleteRule('cascade'),
    type: p.string().length(100),
    /** The timeline event (null for other sources). */
    eventId: p.bigint('string').nullable(),
    /** The ticket whose order this delivery keeps (null: no order to keep). */
    ticketId: p.uuid().nullable(),
    /** Position of the event in its ticket's timeline (1, 2, …); 0 without a ticket. */
    sequence: p.integer().default(0),
    /** The JSON body sent, exactly. */
    payload: p.text(),
    status: p.enum(WEBHOOK_DELIVERY_STATUSES).default('pending'),
    /** Attempts started (a claim counts one, so it also fences a late worker's update). */
    attempts: p.integer().default(0),
    /** Attempts in the current round (reset by a manual redelivery): the place in the retry schedule. */
    roundAttempts: p.integer().default(0),
    /** When the first attempt of this round failed (disabling looks at how long it has failed). */
    failingSince: p.datetime().nullable(),
    nextAttemptAt: p.datetime(),
    lastStatusCode: p.integer().nullable(),
    lastError: p.string().length(1000).nullable(),
    deliveredAt: p.datetime().nullable(),
  },
});
export class WebhookDelivery extends WebhookDeliverySchema.class {}
WebhookDeliverySchema.setClass(WebhookDelivery);

/** One HTTP attempt of a delivery, kept for the log. */
export const WebhookAttemptSchema = defineEntity({
  name: 'WebhookAttempt',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    delivery: () => p.manyToOne(WebhookDelivery).deleteRule('cascade').index(),
    attemptedAt: p.datetime(),
    /** The receiver's status, null when none came (refused target, timeout, connection error). */
    statusCode: p.integer().nullable(),
    latencyMs: p.integer(),
    /** The start of the receiver's answer (at most 1 KiB). */
    responseExcerpt: p.string().length(1024).nullable(),
    error: p.string().length(1000).nullable(),
  },
});
export class WebhookAttempt extends WebhookAttemptSchema.class {}
WebhookAttemptSchema.setClass(WebhookAttempt);
