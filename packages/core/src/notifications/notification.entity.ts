import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { LANGUAGES } from '../i18n/messages.ts';
import { Person } from '../people/person.entity.ts';
import { Ticket } from '../tickets/ticket.entity.ts';

/**
 * Where a message stands: waiting (or retrying), accepted by the SMTP server, given up on; or, for
 * a person who chose the daily digest, held for it and then gathered into one (`digested`).
 */
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'held', 'digested'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * Outbox of messages to people, written by the notification dispatcher (`notification.service.ts`)
 * in the same transaction as its timeline cursor, already rendered in the recipient's language.
 * The mail delivery worker (`mail/`) sends them and marks them sent once the SMTP server accepted
 * them.
 */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  indexes: [{ properties: ['status', 'nextAttemptAt'] }],
  uniques: [
    {
      name: 'notification_event_recipient_kind_unique',
      // One message per event, person and kind, however often a dispatch is retried.
      expression:
        'create unique index "notification_event_recipient_kind_unique" on "notification" ("event_id", "recipient_id", "kind") where "event_id" is not null',
    },
  ],
  checks: [
    { name: 'notification_recipient_check', expression: 'recipient_id is not null or address is not null' },
  ],
  properties: {
    ...baseProperties,
    /** Null only for a message to an address that is nobody's (the gateway's refusal to a stranger). */
    recipient: () => p.manyToOne(Person).nullable().deleteRule('no action').index(),
    /** The recipient's address when there is no Person (see `recipient`); a check keeps one of the two. */
    address: p.string().length(320).nullable(),
    ticket: () => p.manyToOne(Ticket).nullable(),
    /**
     * The timeline event that caused it, or the `announcement_event` of an announcement told with
     * `notify` (both from one sequence); null for a digest.
     */
    eventId: p.bigint('string').nullable(),
    kind: p.string().length(64),
    language: p.enum(LANGUAGES),
    subject: p.string().length(400),
    body: p.text(),
    sentAt: p.datetime().nullable(),
    status: p.enum(NOTIFICATION_STATUSES).default('pending'),
    /** Delivery attempts started (a claim counts one, so it also fences a late worker's update). */
    attempts: p.integer().default(0),
    /**
     * When a worker may next take the row: now for a new row, later after a failure (backoff), or the
     * end of a claim's lease, after which a crashed worker's row is taken again.
     */
    // The default serves the outbox's hand-written inserts (tickets/ticket.store.ts).
    nextAttemptAt: p.datetime().defaultRaw('now()'),
    /** The SMTP server's (or connection's) last refusal, for the admin's outbox view. */
    lastError: p.text().nullable(),
  },
});
export class Notification extends NotificationSchema.class {}
NotificationSchema.setClass(Notification);
