import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import type { BusinessCalendarDefinition } from './business-calendar.ts';

/**
 * A business calendar as the catalogue document declares it (`calendars:`): its definition as
 * data, and the establishments whose calendar it is (an establishment has at most one).
 */
export const BusinessCalendarRecordSchema = defineEntity({
  name: 'BusinessCalendarRecord',
  tableName: 'business_calendar',
  properties: {
    ...baseProperties,
    code: p.string().length(64).unique(),
    /** Opening hours, zone, holidays, closed days and closures (`BusinessCalendarSchema` without the code). */
    definition: p.json<Omit<BusinessCalendarDefinition, 'code'>>(),
    /** Codes of the establishments whose calendar this is. */
    establishments: p.array().default([]),
  },
});
export class BusinessCalendarRecord extends BusinessCalendarRecordSchema.class {}
BusinessCalendarRecordSchema.setClass(BusinessCalendarRecord);
