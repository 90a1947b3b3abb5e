import { defineEntity, p } from '@mikro-orm/core';
import { CatalogService } from '../catalogue/service.entity.ts';
import { baseProperties } from '../db/base.entity.ts';
import { Person } from '../people/person.entity.ts';

/**
 * A person following a service: they are told by mail of the announcements about it (or one of its
 * sub-services) that a moderator publishes with `notify`. One per person and service; each person
 * reads and changes only their own.
 */
export const ServiceSubscriptionSchema = defineEntity({
  name: 'ServiceSubscription',
  properties: {
    ...baseProperties,
    person: () => p.manyToOne(Person).deleteRule('cascade'),
    service: () => p.manyToOne(CatalogService).deleteRule('cascade').index(),
  },
  uniques: [{ properties: ['person', 'service'] }],
});
export class ServiceSubscription extends ServiceSubscriptionSchema.class {}
ServiceSubscriptionSchema.setClass(ServiceSubscription);
