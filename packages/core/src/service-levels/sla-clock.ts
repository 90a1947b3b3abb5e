import type { TicketStatus } from '../tickets/ticket.types.ts';
import type { BusinessCalendar } from './business-calendar.ts';

/**
 * What a service-level clock needs from a ticket's timeline, in order. Built from the timeline by
 * `clockEventsOf`; kept this small so the clock is a pure function that can be recomputed after
 * any change of target or calendar and checked against a brute-force reference.
 */
export type ClockEvent =
  /** The ticket's status from this instant (the `created` event's status, then each change's `to`). */
  | { at: Date; kind: 'status'; status: TicketStatus }
  /** Staff answered the requester in public (a reply, a question, a solution). */
  | { at: Date; kind: 'response' }
  /** How many of the ticket's provider references are open from this instant. */
  | { at: Date; kind: 'providers'; open: number };

export interface ClockRules {
  /** Whether the clocks also stop while a provider reference is open (the service says so). */
  pauseWhileProvider: boolean;
}

export interface ClockTargets {
  /** Business minutes allowed until the first public response; null: no target. */
  firstResponseMinutes: number | null;
  /** Business minutes allowed until resolution; null: no target. */
  resolutionMinutes: number | null;
}

export type ClockState = 'not_started' | 'running' | 'paused' | 'stopped';

export interface ClockReading {
  state: ClockState;
  /** Business milliseconds counted so far. */
  elapsedMs: number;
  /** The target in business milliseconds, or null without one. */
  targetMs: number | null;
  /** When the target is (or was) reached counting from now, if the clock keeps running; null when paused, stopped or without target. */
  dueAt: Date | null;
  /** Business milliseconds left (negative once breached); null without target. */
  remainingMs: number | null;
  /** The counted time exceeded the target (a stopped clock keeps its verdict). */
  breached: boolean;
  /** The instant the counted time crossed the target, when it did. */
  breachedAt: Date | null;
}

export interface SlaReading {
  firstResponse: ClockReading;
  resolution: ClockReading;
}

/** Statuses in which the clocks count (when no provider pause applies). */
const COUNTING: readonly TicketStatus[] = ['new', 'assigned'];
/** Statuses that stop the resolution clock (reopening starts it again, where it stood). */
const STOPPING: readonly TicketStatus[] = ['resolved', 'closed', 'rejected'];

interface Segment {
  from: number;
  to: number;
}

/**
 * The two clocks of a ticket at `now`, as a pure function of its clock events, the calendar, the
 * targets and the rules (documented in `docs/service-levels.md`):
 * - both start when the ticket is first `new` or `assigned` (after approval for a request that
 *   needs one; a rejected request never starts them);
 * - they count business time while the status is `new` or `assigned`, and pause while `pending`
 *   (both kinds) and, where the service says so, while a provider reference is open;
 * - the first-response clock stops for good at the first public response by staff (a reply, a
 *   question to the requester, a solution);
 * - the resolution clock stops at resolution, closure or rejection, and a reopened ticket's
 *   clock goes on from where it stood (the time already counted stays counted).
 */
export function readClocks(
  events: readonly ClockEvent[],
  calendar: BusinessCalendar,
  targets: ClockTargets,
  rules: ClockRules,
  now: Date,
): SlaReading {
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const end = now.getTime();
  let status: TicketStatus | null = null;
  let providers = 0;
  let started = false;
  let respondedAt: number | null = null;
  let since: number | null = null;
  const counting: Segment[] = [];
  const counts = () =>
    status !== null && COUNTING.includes(status) && !(rules.pauseWhileProvider && providers > 0);
  for (const e of sorted) {
    const at = e.at.getTime();
    if (at > end) break;
    const before = counts();
    if (e.kind === 'status') status = e.status;
    else if (e.kind === 'providers') providers = e.open;
    else if (e.kind === 'response' && started && respondedAt === null) respondedAt = at;
    if (status !== null && COUNTING.includes(status)) started = true;
    const after = counts();
    if (before && !after && since !== null) {
      counting.push({ from: since, to: at });
      since = null;
    }
    if (!before && after) since = at;
    // A resolution answers the requester too.
    if (
      e.kind === 'status' &&
      started &&
      respondedAt === null &&
      (e.status === 'resolved' || e.status === 'closed')
    )
      respondedAt = at;
  }
  const runningNow = since !== null;
  if (since !== null) counting.push({ from: since, to: end });
  const stopped = status !== null && STOPPING.includes(status);

  const resolution = reading(
    calendar,
    counting,
    targets.resolutionMinutes,
    !started ? 'not_started' : runningNow ? 'running' : stopped ? 'stopped' : 'paused',
    end,
  );
  const responseSegments =
    respondedAt === null
      ? counting
      : counting
          .filter((s) => s.from < respondedAt!)
          .map((s) => ({ from: s.from, to: Math.min(s.to, respondedAt!) }));
  const firstResponse = reading(
    calendar,
    responseSegments,
    targets.firstResponseMinutes,
    !started
      ? 'not_started'
      : respondedAt !== null || status === 'rejected'
        ? 'stopped'
        : runningNow
          ? 'running'
          : 'paused',
    end,
  );
  return { firstResponse, resolution };
}

function reading(
  calendar: BusinessCalendar,
  segments: readonly Segment[],
  targetMinutes: number | null,
  state: ClockState,
  now: number,
): ClockReading {
  const targetMs = targetMinutes === null ? null : targetMinutes * 60_000;
  let elapsedMs = 0;
  // The instant the counted time reached the target, found in the segment where it did (a target
  // reached at the very end of a segment is reached there, not when the next one starts).
  let reachedAt: Date | null = null;
  for (const s of segments) {
    const part = calendar.between(new Date(s.from), new Date(s.to));
    if (targetMs !== null && reachedAt === null && elapsedMs + part >= targetMs) {
      reachedAt = calendar.after(new Date(s.from), targetMs - elapsedMs);
    }
    elapsedMs += part;
  }
  const breachedAt = targetMs !== null && elapsedMs > targetMs ? reachedAt : null;
  const remainingMs = targetMs === null ? null : targetMs - elapsedMs;
  let dueAt: Date | null = null;
  if (targetMs !== null && state === 'running') {
    dueAt = breachedAt ?? calendar.after(new Date(now), remainingMs!);
  }
  return {
    state,
    elapsedMs,
    targetMs,
    dueAt,
    remainingMs,
    breached: breachedAt !== null,
    breachedAt,
  };
}
