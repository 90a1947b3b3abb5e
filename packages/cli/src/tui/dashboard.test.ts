import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aTicket } from '../testing/fixtures.ts';
import { backlogLines, dayBefore, daysOf, type Report, slaBadge, worstClockName } from './dashboard.ts';

beforeEach(() => {
  vi.stubEnv('GUICHET_LANG', 'fr');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

type Clock = {
  state: 'ok' | 'at_risk' | 'breached' | 'met' | 'paused' | 'not_started';
  dueAt: string | null;
};
const clock = ({ state, dueAt }: Clock) => ({ state, dueAt, warnAt: null, remainingBusinessMs: null });
/** A ticket as staff get it, with its two clocks. */
const withClocks = (firstResponse: Clock | null, resolution: Clock | null) =>
  aTicket({
    serviceLevel: {
      target: 'vr',
      firstResponse: firstResponse && clock(firstResponse),
      resolution: resolution && clock(resolution),
    },
  });

/** 3 December 2026, 10:00 local time, and 14:05 the same day. */
const NOW = new Date(2026, 11, 3, 10, 0);
const AT_1405 = new Date(2026, 11, 3, 14, 5).toISOString();
const NEXT_DAY = new Date(2026, 11, 5, 9, 30).toISOString();

const backlog = (by: string, rows: Report['rows']): Report => ({
  name: 'backlog',
  from: '2026-11-29',
  to: '2026-12-02',
  by: [by as 'service', 'day'],
  columns: [by, 'day', 'backlog', 'ageUnder1Day', 'age1To7Days', 'age7To30Days', 'ageOver30Days'],
  rows,
});

describe('staff dashboard figures', () => {
  it('turns the backlog rows into one line per group over every day, a day not listed counting 0, the largest today first', () => {
    // Given the API lists a group's day only when it had tickets open, across a month's end
    const report = backlog('service', [
      { service: 'chat', day: '2026-11-30', backlog: 2 },
      { service: 'moodle', day: '2026-11-29', backlog: 1 },
      { service: 'moodle', day: '2026-12-01', backlog: 4 },
      { service: 'moodle', day: '2026-12-02', backlog: 3 },
      { service: null, day: '2026-12-02', backlog: 1 },
    ]);
    // Then each group has the four days, today's figure last
    expect(backlogLines(report, 'service')).toEqual([
      { group: 'moodle', days: [1, 0, 4, 3], last: 3 },
      { group: null, days: [0, 0, 0, 1], last: 1 },
      { group: 'chat', days: [0, 2, 0, 0], last: 0 },
    ]);
    expect(daysOf('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(backlogLines(backlog('team', []), 'team')).toEqual([]);
  });

  it('asks for the reports’ days in Paris, whatever the machine’s time zone', () => {
    // 23:30 UTC on 3 December is already 4 December in Paris
    const late = new Date('2026-12-03T23:30:00Z');
    expect(dayBefore(0, late)).toBe('2026-12-04');
    expect(dayBefore(27, late)).toBe('2026-11-07');
    expect(dayBefore(0, new Date('2026-12-03T12:00:00Z'))).toBe('2026-12-03');
  });

  it('badges a ticket with its worst clock, short, with the due time while it runs; nothing without a service level', () => {
    expect(slaBadge(aTicket(), NOW)).toBe('');
    expect(slaBadge(aTicket({ serviceLevel: null }), NOW)).toBe('');
    const breached = withClocks({ state: 'breached', dueAt: AT_1405 }, { state: 'ok', dueAt: NEXT_DAY });
    expect(slaBadge(breached, NOW)).toBe('dépassé 14:05');
    expect(worstClockName(breached)).toBe('1re réponse');
    const atRisk = withClocks({ state: 'met', dueAt: AT_1405 }, { state: 'at_risk', dueAt: NEXT_DAY });
    expect(slaBadge(atRisk, NOW)).toBe('à risque 05/12 09:30');
    expect(worstClockName(atRisk)).toBe('résolution');
    expect(slaBadge(withClocks(null, { state: 'ok', dueAt: AT_1405 }), NOW)).toBe('échéance 14:05');
    expect(slaBadge(withClocks({ state: 'paused', dueAt: null }, null), NOW)).toBe('en pause');
    expect(slaBadge(withClocks({ state: 'met', dueAt: AT_1405 }, { state: 'met', dueAt: null }), NOW)).toBe(
      'respecté',
    );
    vi.stubEnv('GUICHET_LANG', 'en');
    expect(slaBadge(atRisk, NOW)).toBe('at risk 12-05 09:30');
    expect(slaBadge(breached, NOW)).toBe('breached 14:05');
    expect(worstClockName(breached)).toBe('first response');
  });
});
