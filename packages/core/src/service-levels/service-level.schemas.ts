import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { CatalogService } from '../catalogue/service.entity.ts';
import { fieldError } from '../errors.ts';
import { Establishment } from '../establishments/establishment.entity.ts';
import { parseInput } from '../shared/validation.ts';
import { Team } from '../teams/team.entity.ts';
import { PRIORITIES, TICKET_TYPES } from '../tickets/ticket.types.ts';
import { BusinessCalendarRecord } from './business-calendar.entity.ts';
import { BusinessCalendarSchema } from './business-calendar.ts';
import { ServiceLevel } from './service-level.entity.ts';

const code = z.string().trim().min(1).max(64);
/** Business minutes: up to a year of round-the-clock time. */
const minutes = z.number().int().min(1).max(525_600).nullable().optional();

/**
 * One calendar of the catalogue document (`calendars:`): a business calendar and the
 * establishments whose calendar it is.
 * @example { code: 'insa-strasbourg', timeZone: 'Europe/Paris', holidays: 'alsace-moselle', establishments: ['insa-strasbourg'], hours: { '1': [['08:30', '17:30']] } }
 */
export const CalendarInputSchema = z
  .object({
    ...BusinessCalendarSchema.shape,
    establishments: z.array(code).max(50).default([]),
  })
  .strict();
export type CalendarInput = z.input<typeof CalendarInputSchema>;

/**
 * One service-level target of the catalogue document (`serviceLevels:`).
 * @example { code: 'moodle-high', service: 'moodle', priority: 'high', firstResponseMinutes: 60, resolutionMinutes: 480, calendar: 'groupe-insa', useRequesterCalendar: true }
 */
export const ServiceLevelInputSchema = z
  .object({
    code,
    service: code,
    priority: z.enum(PRIORITIES).nullable().optional(),
    type: z.enum(TICKET_TYPES).nullable().optional(),
    firstResponseMinutes: minutes,
    resolutionMinutes: minutes,
    calendar: code,
    useRequesterCalendar: z.boolean().optional(),
    pauseWhileProvider: z.boolean().optional(),
    /** Percent of each target at which a warning is announced (null: the configured default, 80). */
    warningPercent: z.number().int().min(1).max(99).nullable().optional(),
    /** Teams told of a breach besides the agent and the service's moderators (a second level). */
    escalateTo: z.array(code).max(10).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type ServiceLevelInput = z.input<typeof ServiceLevelInputSchema>;

/** Creates or updates a calendar; an establishment already given to another calendar is refused. */
export async function writeCalendar(
  em: EntityManager,
  input: z.output<typeof CalendarInputSchema>,
): Promise<BusinessCalendarRecord> {
  const { code: calendarCode, establishments, ...definition } = input;
  // Checked as a whole (overlapping hours, closures in order) like the calendar itself.
  const parsed = parseInput(BusinessCalendarSchema, { code: calendarCode, ...definition });
  const known = await em.find(Establishment, { code: { $in: establishments } });
  for (const e of establishments) {
    if (!known.some((k) => k.code === e)) throw fieldError('establishments', 'field.unknown', { value: e });
  }
  const others = await em.find(BusinessCalendarRecord, { code: { $ne: calendarCode } });
  for (const other of others) {
    const shared = other.establishments.find((e) => establishments.includes(e));
    if (shared) throw fieldError('establishments', 'field.already_used', { value: shared, by: other.code });
  }
  const { code: _code, ...stored } = parsed;
  const record =
    (await em.findOne(BusinessCalendarRecord, { code: calendarCode })) ??
    em.create(BusinessCalendarRecord, { code: calendarCode, definition: stored });
  record.definition = stored;
  record.establishments = [...establishments];
  return record;
}

/** Creates or updates a service-level target (fields left out are left as stored). */
export async function writeServiceLevel(
  em: EntityManager,
  input: z.output<typeof ServiceLevelInputSchema>,
): Promise<ServiceLevel> {
  const service = await em.findOne(CatalogService, { code: input.service });
  if (!service) throw fieldError('service', 'field.unknown', { value: input.service });
  const calendar = await em.findOne(BusinessCalendarRecord, { code: input.calendar });
  if (!calendar) throw fieldError('calendar', 'field.unknown', { value: input.calendar });
  const level =
    (await em.findOne(ServiceLevel, { code: input.code })) ??
    em.create(ServiceLevel, {
      code: input.code,
      service,
      calendar,
      priority: null,
      type: null,
      firstResponseMinutes: null,
      resolutionMinutes: null,
    });
  level.service = service;
  level.calendar = calendar;
  if (input.priority !== undefined) level.priority = input.priority;
  if (input.type !== undefined) level.type = input.type;
  if (input.firstResponseMinutes !== undefined) level.firstResponseMinutes = input.firstResponseMinutes;
  if (input.resolutionMinutes !== undefined) level.resolutionMinutes = input.resolutionMinutes;
  if (input.useRequesterCalendar !== undefined) level.useRequesterCalendar = input.useRequesterCalendar;
  if (input.pauseWhileProvider !== undefined) level.pauseWhileProvider = input.pauseWhileProvider;
  if (input.warningPercent !== undefined) level.warningPercent = input.warningPercent;
  if (input.escalateTo !== undefined) {
    const teams = await em.find(Team, { code: { $in: input.escalateTo } });
    for (const t of input.escalateTo) {
      if (!teams.some((k) => k.code === t)) throw fieldError('escalateTo', 'field.unknown', { value: t });
    }
    level.escalateTo = [...new Set(input.escalateTo)];
  }
  if (input.active !== undefined) level.active = input.active;
  return level;
}

/** The stored calendars as document items. */
export async function exportCalendars(em: EntityManager): Promise<z.output<typeof CalendarInputSchema>[]> {
  const records = await em.find(BusinessCalendarRecord, {}, { orderBy: { code: 'asc' } });
  return records.map((r) => ({ code: r.code, ...r.definition, establishments: r.establishments }));
}

/** The stored service-level targets as document items. */
export async function exportServiceLevels(
  em: EntityManager,
): Promise<z.output<typeof ServiceLevelInputSchema>[]> {
  const levels = await em.find(
    ServiceLevel,
    {},
    { orderBy: { code: 'asc' }, populate: ['service', 'calendar'] },
  );
  return levels.map((l) => ({
    code: l.code,
    service: l.service.code,
    priority: l.priority ?? null,
    type: l.type ?? null,
    firstResponseMinutes: l.firstResponseMinutes ?? null,
    resolutionMinutes: l.resolutionMinutes ?? null,
    calendar: l.calendar.code,
    useRequesterCalendar: l.useRequesterCalendar,
    pauseWhileProvider: l.pauseWhileProvider,
    warningPercent: l.warningPercent ?? null,
    escalateTo: l.escalateTo,
    active: l.active,
  }));
}
