import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { Person } from '../people/person.entity.ts';
import { NOTIFICATION_DELIVERIES } from './notification-rules.ts';

/**
 * A person's choice for one kind of notification: at once, in the daily digest, or not at all.
 * No row means `immediate`.
 */
export const NotificationPreferenceSchema = defineEntity({
  name: 'NotificationPreference',
  properties: {
    ...baseProperties,
    person: () => p.manyToOne(Person).deleteRule('cascade'),
    kind: p.string().length(64),
    delivery: p.enum(NOTIFICATION_DELIVERIES),
  },
  uniques: [{ properties: ['person', 'kind'] }],
});
export class NotificationPreference extends NotificationPreferenceSchema.class {}
NotificationPreferenceSchema.setClass(NotificationPreference);
