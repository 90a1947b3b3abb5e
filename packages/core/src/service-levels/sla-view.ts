import { type SlaState, type StoredClock, slaState } from './sla-alerts.rules.ts';

/** A clock as ticket views and list rows show it (from the stored due data, not the full clock). */
export interface SlaClockSummary {
  state: SlaState;
  /** When the target is (or was) reached if the clock keeps running; null while paused and for a clock met in time. */
  dueAt: string | null;
  /** When the warning threshold is reached, for a running clock. */
  warnAt: string | null;
  /** Business milliseconds left (negative once breached) for a paused or stopped clock; null while running (see `dueAt`). */
  remainingBusinessMs: number | null;
}

/** A ticket's service levels in views and lists (staff only); null clocks have no target. */
export interface TicketSlaSummary {
  target: string;
  firstResponse: SlaClockSummary | null;
  resolution: SlaClockSummary | null;
}

/** The stored due data as the ticket row's `sla` column carries it (`TICKET_SLA_SELECT`). */
export interface TicketSlaJson {
  target: string | null;
  fr_state: StoredClock['state'];
  fr_due: number | null;
  fr_warn: number | null;
  fr_breached: boolean;
  fr_remaining: number | null;
  res_state: StoredClock['state'];
  res_due: number | null;
  res_warn: number | null;
  res_breached: boolean;
  res_remaining: number | null;
}

/** The ticket's stored due data as one JSON column, for `select … from ticket t` (one index probe). */
export const TICKET_SLA_SELECT = `(select json_build_object('target', s.target,
    'fr_state', s.first_response_state, 'fr_due', extract(epoch from s.first_response_due_at) * 1000,
    'fr_warn', extract(epoch from s.first_response_warn_at) * 1000, 'fr_breached', s.first_response_breached,
    'fr_remaining', s.first_response_remaining_ms,
    'res_state', s.resolution_state, 'res_due', extract(epoch from s.resolution_due_at) * 1000,
    'res_warn', extract(epoch from s.resolution_warn_at) * 1000, 'res_breached', s.resolution_breached,
    'res_remaining', s.resolution_remaining_ms)
   from ticket_sla s where s.ticket_id = t.id) as sla`;

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function clock(
  state: StoredClock['state'],
  due: number | null,
  warn: number | null,
  breached: boolean,
  remaining: number | null,
  now: Date,
): SlaClockSummary | null {
  if (state === null) return null;
  const stored: StoredClock = {
    state,
    dueAt: due === null ? null : new Date(Number(due)),
    warnAt: warn === null ? null : new Date(Number(warn)),
    breached,
    remainingMs: remaining,
  };
  const s = slaState(stored, now);
  return {
    state: s,
    dueAt: s === 'met' ? null : iso(due),
    warnAt: state === 'running' ? iso(warn) : null,
    remainingBusinessMs: state === 'running' || remaining === null ? null : Number(remaining),
  };
}

/** The summary of a ticket's stored due data at `now` (null: no target, or not computed yet). */
export function slaSummary(row: TicketSlaJson | null, now: Date): TicketSlaSummary | null {
  if (!row?.target) return null;
  return {
    target: row.target,
    firstResponse: clock(row.fr_state, row.fr_due, row.fr_warn, row.fr_breached, row.fr_remaining, now),
    resolution: clock(row.res_state, row.res_due, row.res_warn, row.res_breached, row.res_remaining, now),
  };
}
