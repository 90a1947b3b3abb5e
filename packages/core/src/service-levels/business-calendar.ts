import { DateTime } from 'luxon';
import { z } from 'zod';
import { frenchHolidays, HOLIDAY_SETS } from './holidays.ts';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const IntervalSchema = z
  .tuple([z.string().regex(TIME, 'field.time_format'), z.string().regex(TIME, 'field.time_format')])
  .refine(([from, to]) => minutesOf(from) < minutesOf(to), { message: 'field.interval_order' });

/** Weekdays as ISO numbers: 1 Monday … 7 Sunday. */
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/**
 * A business calendar as data (an establishment's or the group's): opening hours per weekday in
 * the calendar's time zone, the public holidays it closes on, extra closed days and closure
 * periods (the Christmas and summer closures each school sets).
 */
export const BusinessCalendarSchema = z
  .object({
    code: z.string().trim().min(1).max(64),
    /** IANA time zone (Europe/Paris; overseas zones work the same). */
    timeZone: z
      .string()
      .refine((zone) => DateTime.local().setZone(zone).isValid, { message: 'field.time_zone' }),
    /** `{ "1": [["08:30", "12:00"], ["13:30", "17:30"]], … }`; a weekday left out is closed. */
    hours: z.partialRecord(z.enum(WEEKDAYS), z.array(IntervalSchema).max(8)),
    holidays: z.enum(HOLIDAY_SETS).default('france'),
    /** Single closed days (`YYYY-MM-DD`), e.g. a bridge day. */
    closedDays: z.array(z.string().regex(DATE, 'field.date_format')).max(366).default([]),
    /** Closure periods, both ends included. */
    closures: z
      .array(
        z
          .object({
            from: z.string().regex(DATE, 'field.date_format'),
            to: z.string().regex(DATE, 'field.date_format'),
            label: z.string().trim().max(200).optional(),
          })
          .refine((c) => c.from <= c.to, { message: 'field.interval_order', path: ['to'] }),
      )
      .max(100)
      .default([]),
  })
  .superRefine((c, ctx) => {
    for (const day of WEEKDAYS) {
      const intervals = [...(c.hours[day] ?? [])].sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
      for (let i = 1; i < intervals.length; i += 1) {
        if (minutesOf(intervals[i]![0]) < minutesOf(intervals[i - 1]![1]))
          ctx.addIssue({ code: 'custom', message: 'field.intervals_overlap', path: ['hours', day] });
      }
    }
  });
export type BusinessCalendarInput = z.input<typeof BusinessCalendarSchema>;
export type BusinessCalendarDefinition = z.output<typeof BusinessCalendarSchema>;

/** The instant a local day's clock reads `minutes` past midnight (24:00 is the next midnight). */
function wallClock(day: DateTime, minutes: number): number {
  if (minutes >= 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

/** The longest a search for business time runs before it says "never" (a calendar always closed). */
const HORIZON_DAYS = 366 * 5;

/**
 * A calendar ready to measure time: how much business time lies between two instants, and when a
 * given amount of business time after an instant ends. Opening hours are wall-clock times of the
 * calendar's zone: an interval runs from the instant its start is read on the clock to the instant
 * its end is (so a day of a daylight-saving change keeps its opening hours; an interval that
 * contains the change itself lasts an hour more or less).
 */
export class BusinessCalendar {
  readonly code: string;
  readonly timeZone: string;
  readonly #hours: Map<number, [number, number][]>;
  readonly #closed = new Set<string>();
  readonly #holidaysDone = new Set<number>();
  readonly #definition: BusinessCalendarDefinition;

  constructor(input: BusinessCalendarInput) {
    const def = BusinessCalendarSchema.parse(input);
    this.#definition = def;
    this.code = def.code;
    this.timeZone = def.timeZone;
    this.#hours = new Map(
      WEEKDAYS.map((d) => [
        Number(d),
        [...(def.hours[d] ?? [])]
          .map(([from, to]) => [minutesOf(from), minutesOf(to)] as [number, number])
          .sort((a, b) => a[0] - b[0]),
      ]),
    );
    for (const day of def.closedDays) this.#closed.add(day);
    for (const c of def.closures) {
      for (let d = DateTime.fromISO(c.from); d.toISODate()! <= c.to; d = d.plus({ days: 1 }))
        this.#closed.add(d.toISODate()!);
    }
  }

  /** Whether the whole local day `YYYY-MM-DD` is closed (holiday, closed day, closure). */
  isClosedDay(date: string): boolean {
    const year = Number(date.slice(0, 4));
    if (!this.#holidaysDone.has(year)) {
      for (const h of frenchHolidays(year, this.#definition.holidays)) this.#closed.add(h.date);
      this.#holidaysDone.add(year);
    }
    return this.#closed.has(date);
  }

  /** The opening intervals of a local day, as instants (ms), in order. */
  #openings(day: DateTime): [number, number][] {
    if (this.isClosedDay(day.toISODate()!)) return [];
    return (this.#hours.get(day.weekday) ?? []).map(([from, to]) => [
      wallClock(day, from),
      wallClock(day, to),
    ]);
  }

  #dayOf(ms: number): DateTime {
    return DateTime.fromMillis(ms, { zone: this.timeZone }).startOf('day');
  }

  /** Business milliseconds in `[from, to)`. */
  between(from: Date, to: Date): number {
    const start = from.getTime();
    const end = to.getTime();
    if (end <= start) return 0;
    let total = 0;
    for (let day = this.#dayOf(start); day.toMillis() < end; day = day.plus({ days: 1 }).startOf('day')) {
      for (const [open, close] of this.#openings(day)) {
        const overlap = Math.min(close, end) - Math.max(open, start);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  /**
   * The instant at which `ms` of business time after `from` have passed (`from` itself for 0), or
   * null when the calendar never opens long enough within five years.
   */
  after(from: Date, ms: number): Date | null {
    const start = from.getTime();
    if (ms <= 0) return new Date(start);
    let left = ms;
    let day = this.#dayOf(start);
    for (let i = 0; i < HORIZON_DAYS; i += 1, day = day.plus({ days: 1 }).startOf('day')) {
      for (const [open, close] of this.#openings(day)) {
        const begin = Math.max(open, start);
        if (close <= begin) continue;
        if (close - begin >= left) return new Date(begin + left);
        left -= close - begin;
      }
    }
    return null;
  }

  /** Whether the calendar is open at an instant. */
  isOpenAt(at: Date): boolean {
    const ms = at.getTime();
    return this.#openings(this.#dayOf(ms)).some(([open, close]) => open <= ms && ms < close);
  }
}
