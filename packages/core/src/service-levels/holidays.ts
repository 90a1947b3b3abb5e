import joursFeries from '@socialgouv/jours-feries';

/** Which public holidays a calendar closes on. */
export const HOLIDAY_SETS = ['france', 'alsace-moselle', 'none'] as const;
export type HolidaySet = (typeof HOLIDAY_SETS)[number];

/** A public holiday: its local date (`YYYY-MM-DD`) and its French name. */
export interface Holiday {
  date: string;
  name: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

const cache = new Map<string, Holiday[]>();

/**
 * French public holidays of a year, from `@socialgouv/jours-feries` (the French administration's
 * port of jours-feries-france: Easter-based days included). `alsace-moselle` adds Good Friday and
 * St Stephen's Day (26 December), the two extra days of Bas-Rhin, Haut-Rhin and Moselle (INSA
 * Strasbourg).
 * @example frenchHolidays(2026, 'france')[0] // { date: '2026-01-01', name: "Jour de l'an" }
 */
export function frenchHolidays(year: number, set: HolidaySet): Holiday[] {
  if (set === 'none') return [];
  const key = `${set}:${year}`;
  const known = cache.get(key);
  if (known) return known;
  // The library builds each day as local midnight of this process's time zone: read it back in the
  // same zone, so the date is right whatever zone the server runs in.
  const days = joursFeries(year, { alsace: set === 'alsace-moselle' }) as Record<string, Date>;
  const holidays = Object.entries(days)
    .map(([name, d]) => ({ date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, name }))
    .sort((a, b) => a.date.localeCompare(b.date));
  cache.set(key, holidays);
  return holidays;
}
