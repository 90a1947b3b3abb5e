import { defineEntity, p } from '@mikro-orm/core';
import { CatalogService } from '../catalogue/service.entity.ts';
import { baseProperties } from '../db/base.entity.ts';
import { PRIORITIES, TICKET_TYPES } from '../tickets/ticket.types.ts';
import { BusinessCalendarRecord } from './business-calendar.entity.ts';

/**
 * A service-level target (`serviceLevels:` in the catalogue document): for a service and its
 * sub-services, a priority and optionally a type, the business minutes allowed until the first
 * public response and until resolution, on which calendar.
 */
export const ServiceLevelSchema = defineEntity({
  name: 'ServiceLevel',
  properties: {
    ...baseProperties,
    code: p.string().length(64).unique(),
    service: () => p.manyToOne(CatalogService),
    /** Null: any priority (a target naming the ticket's priority wins). */
    priority: p.enum(PRIORITIES).nullable(),
    /** Null: any type. */
    type: p.enum(TICKET_TYPES).nullable(),
    firstResponseMinutes: p.integer().nullable(),
    resolutionMinutes: p.integer().nullable(),
    calendar: () => p.manyToOne(BusinessCalendarRecord),
    /** The requester's establishment's calendar applies when it has one (else `calendar`). */
    useRequesterCalendar: p.boolean().default(false),
    /** The clocks also stop while a provider reference is open. */
    pauseWhileProvider: p.boolean().default(false),
    /** Percent of a target at which a warning is announced (null: the configured default). */
    warningPercent: p.integer().nullable(),
    /** Codes of the teams told of a breach besides the agent and the moderators (second level). */
    escalateTo: p.array().default([]),
    active: p.boolean().default(true),
  },
});
export class ServiceLevel extends ServiceLevelSchema.class {}
ServiceLevelSchema.setClass(ServiceLevel);
