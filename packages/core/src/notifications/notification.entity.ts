import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { LANGUAGES } from '../i18n/messages.ts';
import { Person } from '../people/person.entity.ts';
import { Ticket } from '../tickets/ticket.entity.ts';

/**
 * Outbox of messages to people, written in the same transaction as the change that caused them,
 * already rendered in the recipient's language. A delivery worker (email) marks them sent.
 */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  properties: {
    ...baseProperties,
    recipient: () => p.manyToOne(Person).index(),
    ticket: () => p.manyToOne(Ticket).nullable(),
    kind: p.string().length(64),
    language: p.enum(LANGUAGES),
    subject: p.string().length(400),
    body: p.text(),
    sentAt: p.datetime().nullable(),
  },
});
export class Notification extends NotificationSchema.class {}
NotificationSchema.setClass(Notification);
