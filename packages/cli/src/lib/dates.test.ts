import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dateRefusal, readDate } from './dates.ts';

// Messages are asserted in French, whatever the machine's LANG.
beforeEach(() => {
  vi.stubEnv('GUICHET_LANG', 'fr');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const local = (...parts: [number, number, number, number?, number?]) =>
  new Date(parts[0], parts[1] - 1, parts[2], parts[3] ?? 0, parts[4] ?? 0).toISOString();
const instant = (text: string, hour?: number) => {
  const reading = readDate(text, hour);
  return reading.ok ? reading.instant : reading.problem;
};

describe('readDate', () => {
  it('reads ISO 8601 days and date-times: a day at the given hour, no offset as local time', () => {
    expect(instant('2030-01-15', 8)).toBe(local(2030, 1, 15, 8));
    expect(instant(' 2030-01-15 ')).toBe(local(2030, 1, 15));
    expect(instant('2030-01-15T14:30')).toBe(local(2030, 1, 15, 14, 30));
    expect(instant('2030-01-15 14:30')).toBe(local(2030, 1, 15, 14, 30));
    expect(instant('2030-01-15T10:00:00+02:00')).toBe('2030-01-15T08:00:00.000Z');
    expect(instant('2030-01-15T10:00:00.250Z')).toBe('2030-01-15T10:00:00.250Z');
  });

  it('reads French day-first dates, with or without a time', () => {
    expect(instant('31/12/2026')).toBe(local(2026, 12, 31));
    expect(instant('31/12/2026', 8)).toBe(local(2026, 12, 31, 8));
    expect(instant('31/12/2026 14:30')).toBe(local(2026, 12, 31, 14, 30));
    expect(instant('31/12/2026 14h30')).toBe(local(2026, 12, 31, 14, 30));
    expect(instant('31.12.2026')).toBe(local(2026, 12, 31));
    expect(instant('1/2/2027')).toBe(local(2027, 2, 1));
  });

  it('refuses what it would have to guess: US month-first, two-digit years, no year, no such day', () => {
    expect(instant('12/31/2026')).toBe('no_such_date');
    expect(instant('31/12/26')).toBe('short_year');
    expect(instant('03/04')).toBe('no_year');
    expect(instant('31/02/2026')).toBe('no_such_date');
    expect(instant('2026-02-30')).toBe('no_such_date');
    expect(instant('31/12/2026 25:00')).toBe('no_such_date');
    expect(instant('demain')).toBe('unreadable');
    expect(instant('')).toBe('unreadable');
  });

  it('names what the person typed into, never the API field', () => {
    const line = dateRefusal('--created-from', '12/31/2026', 'no_such_date');
    expect(line).toMatch(/^--created-from : « 12\/31\/2026 » n’est pas une date lisible/);
    expect(line).not.toContain('createdFrom');
  });
});
