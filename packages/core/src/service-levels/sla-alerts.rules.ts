import type { ClockReading, SlaReading } from './sla-clock.ts';

export const SLA_CLOCKS = ['firstResponse', 'resolution'] as const;
export type SlaClockName = (typeof SLA_CLOCKS)[number];
/** The clocks as stored and announced (`sla_alert.clock`, the events' `clock`). */
export const CLOCK_KEYS: Record<SlaClockName, 'first_response' | 'resolution'> = {
  firstResponse: 'first_response',
  resolution: 'resolution',
};
export type AlertKind = 'warning' | 'breach';

/** A threshold a clock crossed, to announce once. */
export interface Crossing {
  clock: SlaClockName;
  kind: AlertKind;
  /** The instant the counted time reached the threshold. */
  crossedAt: Date;
  /** The reopenings before the crossing (0: the ticket's first cycle). */
  cycle: number;
  /** When the target itself is (or was) reached. */
  dueAt: Date | null;
}

/**
 * The thresholds crossed by `now`, as rules (see docs/service-levels.md):
 * - a **breach** is announced once the counted time exceeds the target, also when the clock has
 *   stopped since (it was breached: that stays true);
 * - a **warning** is announced once the counted time reaches the warning threshold, only while
 *   the clock still counts and is not breached yet (a met or breached clock needs no warning);
 * - each is keyed by the cycle it was crossed in (how many reopenings came before it), so a clock
 *   that starts a new cycle may warn again; under today's rule a reopened clock goes on from where
 *   it stood, so each threshold is crossed once.
 * Pure: the caller drops what was announced already (the `sla_alert` key).
 */
export function crossings(reading: SlaReading, warning: SlaReading, reopenedAt: readonly Date[]): Crossing[] {
  const cycleAt = (at: Date) => reopenedAt.filter((r) => r.getTime() <= at.getTime()).length;
  const out: Crossing[] = [];
  for (const clock of SLA_CLOCKS) {
    const r = reading[clock];
    const w = warning[clock];
    if (r.targetMs === null) continue;
    if (r.breached && r.breachedAt) {
      out.push({
        clock,
        kind: 'breach',
        crossedAt: r.breachedAt,
        cycle: cycleAt(r.breachedAt),
        dueAt: r.breachedAt,
      });
    } else if (r.state === 'running' && w.breached && w.breachedAt) {
      out.push({
        clock,
        kind: 'warning',
        crossedAt: w.breachedAt,
        cycle: cycleAt(w.breachedAt),
        dueAt: r.dueAt,
      });
    }
  }
  return out;
}

/** What a clock's due data says at an instant, for views and lists. */
export type SlaState = 'ok' | 'at_risk' | 'breached' | 'met' | 'paused' | 'not_started';

/** A clock's due data as stored in `ticket_sla`. */
export interface StoredClock {
  state: ClockReading['state'] | null;
  dueAt: Date | null;
  warnAt: Date | null;
  breached: boolean;
  remainingMs: number | null;
}

/**
 * The state of a stored clock at `now`: a running clock becomes at risk at its warning instant and
 * breached at its due instant without being recomputed (both are fixed while it runs).
 * @example slaState({ state: 'running', dueAt: new Date('2026-12-07T10:00Z'), warnAt: new Date('2026-12-07T09:48Z'), breached: false, remainingMs: 0 }, new Date('2026-12-07T09:50Z')) // 'at_risk'
 */
export function slaState(c: StoredClock, now: Date): SlaState {
  const t = now.getTime();
  if (c.breached) return 'breached';
  switch (c.state) {
    case 'running':
      if (c.dueAt && c.dueAt.getTime() < t) return 'breached';
      return c.warnAt && c.warnAt.getTime() <= t ? 'at_risk' : 'ok';
    case 'stopped':
      return 'met';
    case 'paused':
      return 'paused';
    default:
      return 'not_started';
  }
}

/** The due data to store for one clock, from its readings. */
export function storedClock(r: ClockReading, w: ClockReading): StoredClock {
  return {
    state: r.targetMs === null ? null : r.state,
    dueAt: r.dueAt ?? r.breachedAt,
    warnAt: r.state === 'running' ? (w.breachedAt ?? w.dueAt) : null,
    breached: r.breached,
    remainingMs: r.remainingMs,
  };
}

/**
 * When to look at a ticket again: the earliest threshold of a running clock not announced yet (null:
 * nothing can come due without a change on the timeline, which recomputes it anyway).
 */
export function nextCheckAt(
  stored: Record<SlaClockName, StoredClock>,
  /** Whether the threshold of `clock` reached at `at` was announced (in the cycle of `at`). */
  announced: (clock: SlaClockName, kind: AlertKind, at: Date) => boolean,
): Date | null {
  const due: number[] = [];
  for (const clock of SLA_CLOCKS) {
    const c = stored[clock];
    if (c.state !== 'running') continue;
    if (c.warnAt && !c.breached && !announced(clock, 'warning', c.warnAt)) due.push(c.warnAt.getTime());
    if (c.dueAt && !announced(clock, 'breach', c.dueAt)) due.push(c.dueAt.getTime());
  }
  return due.length === 0 ? null : new Date(Math.min(...due));
}
