import { describe, expect, it } from 'vitest';
import { crossings, nextCheckAt, type StoredClock, slaState, storedClock } from './sla-alerts.rules.ts';
import type { ClockReading, SlaReading } from './sla-clock.ts';
import { warningTargets } from './ticket-clocks.ts';

const at = (iso: string) => new Date(iso);
const clock = (overrides: Partial<ClockReading> = {}): ClockReading => ({
  state: 'running',
  elapsedMs: 0,
  targetMs: 3_600_000,
  dueAt: at('2026-12-07T09:00:00Z'),
  remainingMs: 3_600_000,
  breached: false,
  breachedAt: null,
  ...overrides,
});
const none = clock({ targetMs: null, dueAt: null, remainingMs: null });
const reading = (firstResponse: ClockReading, resolution: ClockReading = none): SlaReading => ({
  firstResponse,
  resolution,
});

describe('warning thresholds', () => {
  it('are a percent of each target, to the millisecond', () => {
    expect(warningTargets({ firstResponseMinutes: 60, resolutionMinutes: null }, 80)).toEqual({
      firstResponseMinutes: 48,
      resolutionMinutes: null,
    });
    expect(warningTargets({ firstResponseMinutes: 7, resolutionMinutes: 1 }, 75).firstResponseMinutes).toBe(
      5.25,
    );
  });
});

describe('crossings', () => {
  it('announce a warning while the clock runs, and only the breach once breached', () => {
    const warned = clock({ breached: true, breachedAt: at('2026-12-07T08:48:00Z') });
    expect(crossings(reading(clock()), reading(warned), [])).toEqual([
      {
        clock: 'firstResponse',
        kind: 'warning',
        crossedAt: at('2026-12-07T08:48:00Z'),
        cycle: 0,
        dueAt: at('2026-12-07T09:00:00Z'),
      },
    ]);
    const breached = clock({ breached: true, breachedAt: at('2026-12-07T09:00:00Z') });
    expect(crossings(reading(breached), reading(warned), []).map((c) => c.kind)).toEqual(['breach']);
  });

  it('announce no warning for a clock that stopped or paused, but a breach that happened stays one', () => {
    const warned = clock({ breached: true, breachedAt: at('2026-12-07T08:48:00Z') });
    for (const state of ['stopped', 'paused'] as const) {
      expect(crossings(reading(clock({ state })), reading(warned), [])).toEqual([]);
    }
    const late = clock({ state: 'stopped', breached: true, breachedAt: at('2026-12-07T09:00:00Z') });
    expect(crossings(reading(late), reading(warned), []).map((c) => c.kind)).toEqual(['breach']);
  });

  it('say in which cycle a threshold was crossed: the reopenings before it', () => {
    const breached = clock({ breached: true, breachedAt: at('2026-12-08T09:00:00Z') });
    const reopened = [at('2026-12-07T10:00:00Z'), at('2026-12-08T09:00:00Z'), at('2026-12-09T09:00:00Z')];
    expect(crossings(reading(none, breached), reading(none, breached), reopened)[0]?.cycle).toBe(2);
  });

  it('ignore clocks without a target', () => {
    expect(crossings(reading(none, none), reading(none, none), [])).toEqual([]);
  });
});

describe('the state of stored due data', () => {
  const running: StoredClock = {
    state: 'running',
    dueAt: at('2026-12-07T09:00:00Z'),
    warnAt: at('2026-12-07T08:48:00Z'),
    breached: false,
    remainingMs: 3_600_000,
  };
  it('turns at risk at the warning instant and breached past the due instant, without recomputing', () => {
    expect(slaState(running, at('2026-12-07T08:47:59Z'))).toBe('ok');
    expect(slaState(running, at('2026-12-07T08:48:00Z'))).toBe('at_risk');
    expect(slaState(running, at('2026-12-07T09:00:00Z'))).toBe('at_risk');
    expect(slaState(running, at('2026-12-07T09:00:00.001Z'))).toBe('breached');
  });
  it('is met, paused or breached for a clock that does not run', () => {
    const now = at('2027-01-01T00:00:00Z');
    expect(slaState({ ...running, state: 'stopped' }, now)).toBe('met');
    expect(slaState({ ...running, state: 'paused' }, now)).toBe('paused');
    expect(slaState({ ...running, state: 'stopped', breached: true }, now)).toBe('breached');
    expect(slaState({ ...running, state: 'not_started' }, now)).toBe('not_started');
  });
  it('is stored with the warning instant only while running', () => {
    const w = clock({ dueAt: at('2026-12-07T08:48:00Z') });
    expect(storedClock(clock(), w).warnAt).toEqual(at('2026-12-07T08:48:00Z'));
    expect(storedClock(clock({ state: 'paused', dueAt: null }), w)).toMatchObject({
      warnAt: null,
      dueAt: null,
    });
  });
});

describe('when to look again', () => {
  const running: StoredClock = {
    state: 'running',
    dueAt: at('2026-12-07T09:00:00Z'),
    warnAt: at('2026-12-07T08:48:00Z'),
    breached: false,
    remainingMs: 3_600_000,
  };
  const idle: StoredClock = { state: 'paused', dueAt: null, warnAt: null, breached: false, remainingMs: 1 };
  it('is the earliest threshold not announced yet of a running clock', () => {
    expect(nextCheckAt({ firstResponse: running, resolution: idle }, () => false)).toEqual(
      at('2026-12-07T08:48:00Z'),
    );
    expect(
      nextCheckAt({ firstResponse: running, resolution: idle }, (_c, kind) => kind === 'warning'),
    ).toEqual(at('2026-12-07T09:00:00Z'));
    expect(nextCheckAt({ firstResponse: running, resolution: idle }, () => true)).toBeNull();
  });
  it('is never for paused or stopped clocks (a change on the timeline recomputes it)', () => {
    expect(
      nextCheckAt({ firstResponse: idle, resolution: { ...idle, state: 'stopped' } }, () => false),
    ).toBeNull();
  });
});
