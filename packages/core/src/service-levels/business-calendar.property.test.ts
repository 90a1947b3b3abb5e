/**
 * Business time against a brute-force reference: the calendar's fast interval arithmetic must
 * agree, minute for minute, with asking "is it open now?" of every minute through the platform's
 * own time-zone database (Intl), over random calendars, zones, holidays, closures and spans that
 * cross daylight-saving changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, type BusinessCalendarInput } from './business-calendar.ts';
import { frenchHolidays } from './holidays.ts';

const MINUTE = 60_000;
const ZONES = [
  'Europe/Paris',
  'America/Cayenne',
  'Indian/Reunion',
  'Pacific/Noumea',
  'America/New_York',
  'UTC',
];

const formats = new Map<string, Intl.DateTimeFormat>();
/** The local date, ISO weekday and minute of the day of an instant, read through Intl. */
function local(zone: string, ms: number): { date: string; weekday: number; minute: number } {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formats.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** Whether the calendar's definition says a minute is open, read minute by minute. */
function openMinute(def: BusinessCalendarInput, closed: Set<string>, ms: number): boolean {
  const { date, weekday, minute } = local(def.timeZone, ms);
  if (closed.has(date)) return false;
  const hours = def.hours[String(weekday) as '1'] ?? [];
  return hours.some(([from, to]) => {
    const a = Number(from.slice(0, 2)) * 60 + Number(from.slice(3));
    const b = Number(to.slice(0, 2)) * 60 + Number(to.slice(3));
    return a <= minute && minute < b;
  });
}

function closedDays(def: BusinessCalendarInput): Set<string> {
  const closed = new Set<string>(def.closedDays ?? []);
  for (const year of [2025, 2026, 2027, 2028])
    for (const h of frenchHolidays(year, def.holidays ?? 'france')) closed.add(h.date);
  for (const c of def.closures ?? []) {
    for (
      let d = new Date(`${c.from}T12:00:00Z`);
      d.toISOString().slice(0, 10) <= c.to;
      d.setUTCDate(d.getUTCDate() + 1)
    )
      closed.add(d.toISOString().slice(0, 10));
  }
  return closed;
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** A day's opening intervals: boundaries on quarter hours from 04:00 to 24:00 (away from the changes' hour). */
const dayHours = fc.uniqueArray(fc.integer({ min: 16, max: 96 }), { maxLength: 6 }).map((qs) => {
  const sorted = [...qs].sort((a, b) => a - b);
  const intervals: [string, string][] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2)
    intervals.push([hhmm(sorted[i]! * 15), hhmm(sorted[i + 1]! * 15)]);
  return intervals;
});

const isoDay = fc
  .integer({ min: 0, max: 730 })
  .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));

const calendar: fc.Arbitrary<BusinessCalendarInput> = fc.record({
  code: fc.constant('random'),
  timeZone: fc.constantFrom(...ZONES),
  hours: fc.record(
    {
      '1': dayHours,
      '2': dayHours,
      '3': dayHours,
      '4': dayHours,
      '5': dayHours,
      '6': dayHours,
      '7': dayHours,
    },
    { requiredKeys: [] },
  ),
  holidays: fc.constantFrom('france', 'alsace-moselle', 'none'),
  closedDays: fc.array(isoDay, { maxLength: 5 }),
  closures: fc.array(
    fc.tuple(isoDay, fc.integer({ min: 0, max: 20 })).map(([from, len]) => ({
      from,
      to: new Date(Date.parse(`${from}T00:00:00Z`) + len * 86_400_000).toISOString().slice(0, 10),
    })),
    { maxLength: 2 },
  ),
});

/** A whole-minute instant in 2026–2027, often near a daylight-saving change. */
const instant = fc.oneof(
  fc.integer({ min: 0, max: 2 * 365 * 1440 }).map((m) => Date.UTC(2026, 0, 1) + m * MINUTE),
  {
    weight: 2,
    arbitrary: fc.integer({ min: -3 * 1440, max: 1440 }).map((m) => Date.UTC(2026, 2, 29, 1) + m * MINUTE),
  },
  {
    weight: 2,
    arbitrary: fc.integer({ min: -3 * 1440, max: 1440 }).map((m) => Date.UTC(2026, 9, 25, 1) + m * MINUTE),
  },
);
const span = fc.integer({ min: 0, max: 6 * 1440 });

describe('business time (property: equals the minute-by-minute reference)', () => {
  it('between(from, to) counts exactly the open minutes', () => {
    fc.assert(
      fc.property(calendar, instant, span, (def, from, minutes) => {
        const cal = new BusinessCalendar(def);
        const closed = closedDays(def);
        let expected = 0;
        for (let m = 0; m < minutes; m += 1) if (openMinute(def, closed, from + m * MINUTE)) expected += 1;
        expect(cal.between(new Date(from), new Date(from + minutes * MINUTE))).toBe(expected * MINUTE);
      }),
      { numRuns: 120 },
    );
  }, 60_000);

  it('after(from, n minutes) is the end of the n-th open minute, and isOpenAt agrees', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 0, max: 3000 }), (def, from, wanted) => {
        const cal = new BusinessCalendar(def);
        const closed = closedDays(def);
        let expected: number | null = wanted === 0 ? from : null;
        let counted = 0;
        for (let m = 0; expected === null && m < 20 * 1440; m += 1) {
          const at = from + m * MINUTE;
          const open = openMinute(def, closed, at);
          if (m % 7 === 0) expect(cal.isOpenAt(new Date(at))).toBe(open);
          if (open) counted += 1;
          if (counted === wanted) expected = at + MINUTE;
        }
        const due = cal.after(new Date(from), wanted * MINUTE);
        if (expected !== null) expect(due?.getTime()).toBe(expected);
        else if (due) expect(due.getTime()).toBeGreaterThan(from + 20 * 1440 * MINUTE);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe('business calendars (examples)', () => {
  const insa: BusinessCalendarInput = {
    code: 'insa-strasbourg',
    timeZone: 'Europe/Paris',
    hours: {
      '1': [
        ['08:30', '12:00'],
        ['13:30', '17:30'],
      ],
      '2': [['08:30', '17:30']],
      '3': [['08:30', '17:30']],
      '4': [['08:30', '17:30']],
      '5': [['08:30', '16:00']],
    },
    holidays: 'alsace-moselle',
    closures: [{ from: '2026-12-24', to: '2027-01-03', label: 'Fermeture de Noël' }],
  };

  it('knows the French holidays, with Alsace-Moselle’s Good Friday and St Stephen’s Day', () => {
    const france = frenchHolidays(2026, 'france').map((h) => h.date);
    const alsace = frenchHolidays(2026, 'alsace-moselle').map((h) => h.date);
    expect(france).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
    expect(alsace.filter((d) => !france.includes(d))).toEqual(['2026-04-03', '2026-12-26']);
  });

  it('counts a ticket opened on Friday afternoon before Easter in Strasbourg from Tuesday morning', () => {
    const cal = new BusinessCalendar(insa);
    // Thursday 2 April 2026, 15:00 Paris (summer time): 2 h 30 left that day; Friday is Good
    // Friday there, Monday is Easter Monday.
    const opened = new Date('2026-04-02T13:00:00Z');
    expect(cal.between(opened, new Date('2026-04-07T06:30:00Z'))).toBe(150 * MINUTE);
    // Four business hours later: Tuesday 10:00
    expect(cal.after(opened, 4 * 60 * MINUTE)?.toISOString()).toBe('2026-04-07T08:00:00.000Z');
  });

  it('is closed over the Christmas closure and open again on Monday 4 January', () => {
    const cal = new BusinessCalendar(insa);
    const dueAfterClosure = cal.after(new Date('2026-12-23T15:00:00Z'), 60 * MINUTE);
    // Wednesday 23 December 16:00 Paris: 1 h 30 left that day; one hour is 17:00. From 17:30,
    // the next hour starts after the closure and the weekend: Monday 4 January 08:30–09:30
    expect(dueAfterClosure?.toISOString()).toBe('2026-12-23T16:00:00.000Z');
    expect(cal.after(new Date('2026-12-23T16:30:00Z'), 60 * MINUTE)?.toISOString()).toBe(
      '2027-01-04T08:30:00.000Z',
    );
  });

  it('keeps wall-clock opening hours on the days the clocks change', () => {
    const sundays = new BusinessCalendar({
      code: 'sun',
      timeZone: 'Europe/Paris',
      hours: { '7': [['08:00', '12:00']] },
    });
    // Sunday 29 March 2026: 08:00 is summer time already (06:00 UTC); 25 October: winter (07:00 UTC)
    expect(sundays.after(new Date('2026-03-28T23:00:00Z'), MINUTE)?.toISOString()).toBe(
      '2026-03-29T06:01:00.000Z',
    );
    expect(sundays.after(new Date('2026-10-24T22:00:00Z'), MINUTE)?.toISOString()).toBe(
      '2026-10-25T07:01:00.000Z',
    );
    expect(sundays.between(new Date('2026-03-28T22:00:00Z'), new Date('2026-03-29T22:00:00Z'))).toBe(
      240 * MINUTE,
    );
  });

  it('refuses a malformed calendar, naming the field', () => {
    const bad = (input: unknown) => () => new BusinessCalendar(input as BusinessCalendarInput);
    expect(bad({ ...insa, timeZone: 'Europe/Nowhere' })).toThrow(/field.time_zone/);
    expect(bad({ ...insa, hours: { '1': [['17:00', '09:00']] } })).toThrow(/field.interval_order/);
    expect(
      bad({
        ...insa,
        hours: {
          '1': [
            ['08:00', '12:00'],
            ['11:00', '14:00'],
          ],
        },
      }),
    ).toThrow(/field.intervals_overlap/);
    expect(bad({ ...insa, closures: [{ from: '2027-01-03', to: '2026-12-24' }] })).toThrow(
      /field.interval_order/,
    );
    expect(bad({ ...insa, hours: { '1': [['8h', '12:00']] } })).toThrow(/field.time_format/);
  });

  it('never finds business time in a calendar that never opens', () => {
    const cal = new BusinessCalendar({ code: 'never', timeZone: 'Europe/Paris', hours: {} });
    expect(cal.after(new Date('2026-12-01T08:00:00Z'), MINUTE)).toBeNull();
    expect(cal.between(new Date('2026-12-01T08:00:00Z'), new Date('2026-12-31T08:00:00Z'))).toBe(0);
  });
});
