import { z } from 'zod';
import { AFFILIATIONS } from '../people/person.entity.ts';
import { CHANNELS, PRIORITIES, TICKET_TYPES } from '../tickets/ticket.types.ts';

/** Days of the reports are calendar days in this zone. */
export const REPORT_TIME_ZONE = 'Europe/Paris';

/** The named reports (docs/reports.md). */
export const REPORT_NAMES = [
  'volume',
  'backlog',
  'times',
  'quality',
  'providers',
  'affiliation',
  'knowledge-base',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** What a report's rows may be grouped by: the slice dimensions, and `day`. */
export const REPORT_DIMENSIONS = [
  'day',
  'service',
  'subService',
  'type',
  'establishment',
  'team',
  'channel',
  'priority',
  'provider',
  'affiliation',
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

const ISO_DATE = z.iso.date();
const codes = z.array(z.string().min(1).max(64)).min(1).max(100).optional();

/** Filters per dimension: codes (service, team…) or values (type, channel…); a row matches any listed. */
export const ReportFiltersSchema = z
  .object({
    service: codes,
    subService: codes,
    type: z.array(z.enum(TICKET_TYPES)).min(1).optional(),
    establishment: codes,
    team: codes,
    channel: z.array(z.enum(CHANNELS)).min(1).optional(),
    priority: z.array(z.enum(PRIORITIES)).min(1).optional(),
    provider: codes,
    affiliation: z.array(z.enum(AFFILIATIONS)).min(1).optional(),
  })
  .strict();
export type ReportFilters = z.output<typeof ReportFiltersSchema>;

/** Longest period of one report: three years. */
export const MAX_REPORT_DAYS = 3 * 366;

export const ReportInputSchema = z
  .object({
    name: z.enum(REPORT_NAMES),
    /** First day (in the reports' time zone), included. */
    from: ISO_DATE,
    /** Last day, included. */
    to: ISO_DATE,
    by: z
      .array(z.enum(REPORT_DIMENSIONS))
      .max(REPORT_DIMENSIONS.length)
      .refine((by) => new Set(by).size === by.length, { message: 'duplicate dimension' })
      .default([]),
    filters: ReportFiltersSchema.default({}),
  })
  .superRefine((input, ctx) => {
    const days = (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000;
    if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'before from' });
    else if (days >= MAX_REPORT_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'period too long' });
    if (input.name === 'knowledge-base' && input.by.some((d) => d !== 'service' && d !== 'day')) {
      ctx.addIssue({
        code: 'custom',
        path: ['by'],
        message: 'knowledge-base groups by day and service only',
      });
    }
  });
export type ReportInput = z.input<typeof ReportInputSchema>;

export type ReportValue = string | number | null;

export interface ReportResult {
  name: ReportName;
  from: string;
  to: string;
  by: ReportDimension[];
  /** Column names in order: the grouping dimensions, then the figures. */
  columns: string[];
  rows: Record<string, ReportValue>[];
}
