import type { SlaReading } from '../service-levels/sla-clock.ts';
import type { TicketEventType, TicketStatus } from '../tickets/ticket.types.ts';

/** A timeline event as the rollup reads it. */
export interface FactEvent {
  type: TicketEventType;
  at: Date;
  data: Record<string, unknown>;
}

/** A provider reference of the ticket (an update names it by id, an escalation by provider and external id). */
export interface FactReference {
  id: string;
  providerId: string;
  externalId: string;
}

/** The day counters of one ticket (days in the reports' time zone, `YYYY-MM-DD`). */
export interface DayCounters {
  created: number;
  resolved: number;
  closed: number;
  reopened: number;
  rejected: number;
  escalated: number;
}

export interface Escalation {
  providerId: string;
  escalatedAt: Date;
  /** When the provider's reference was resolved or closed; null while open. */
  endedAt: Date | null;
}

/** What the reports know of one ticket, a pure function of its timeline (and its clocks' reading). */
export interface TicketFacts {
  status: TicketStatus;
  createdAt: Date;
  /** The last resolution (or closure without one) while the ticket stays finished; null once reopened. */
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** Periods in the backlog: open (`new`, `assigned` or `pending`), half-open `[from, to)`; `to` null while open. */
  backlog: { from: Date; to: Date | null }[];
  /** Wall-clock milliseconds spent `pending` (both kinds), up to `now` while pending. */
  pendingMs: number;
  reopenCount: number;
  approvalRejected: boolean;
  /** First provider escalated to (the ticket's provider slice). */
  providerId: string | null;
  escalations: Escalation[];
  days: Map<string, DayCounters>;
  firstResponseMs: number | null;
  resolutionMs: number | null;
  hasFirstResponseTarget: boolean;
  hasResolutionTarget: boolean;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

const OPEN: readonly TicketStatus[] = ['new', 'assigned', 'pending'];
const FINISHED: readonly TicketStatus[] = ['resolved', 'closed', 'rejected'];

/** The calendar day of an instant in a time zone, as `YYYY-MM-DD`. */
export function dayOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * The facts of a ticket from its timeline in order, its provider references and the reading of its
 * service-level clocks (null when no target applies), at `now`:
 * - each status comes from the `created` event's `status`, then each change's `to`;
 * - a day counts a creation, each move to `resolved`, `closed`, each reopening, each rejection
 *   (approval refused) and each escalation to a provider;
 * - business times are the clocks' counted time once stopped (the resolution's only when the ticket
 *   is resolved or closed), so pending time and closed hours never count against them.
 */
export function ticketFacts(
  timeline: readonly FactEvent[],
  references: readonly FactReference[],
  clocks: SlaReading | null,
  now: Date,
  timeZone: string,
): TicketFacts {
  const days = new Map<string, DayCounters>();
  const bump = (at: Date, key: keyof DayCounters) => {
    const day = dayOf(at, timeZone);
    let counters = days.get(day);
    if (!counters) {
      counters = { created: 0, resolved: 0, closed: 0, reopened: 0, rejected: 0, escalated: 0 };
      days.set(day, counters);
    }
    counters[key]++;
  };
  const keyOf = new Map(references.map((r) => [r.id, `${r.providerId}\u0000${r.externalId}`]));
  const openEscalations = new Map<string, Escalation>();
  const escalations: Escalation[] = [];
  let status: TicketStatus | null = null;
  let createdAt: Date | null = null;
  let resolvedAt: Date | null = null;
  let closedAt: Date | null = null;
  let pendingSince: Date | null = null;
  let pendingMs = 0;
  let reopenCount = 0;
  let approvalRejected = false;
  const backlog: { from: Date; to: Date | null }[] = [];
  for (const e of timeline) {
    if (e.type === 'created') {
      createdAt = e.at;
      bump(e.at, 'created');
    }
    if (e.type === 'reopened') {
      reopenCount++;
      bump(e.at, 'reopened');
    }
    if (e.type === 'provider_escalated' || e.type === 'provider_updated') {
      const key =
        e.type === 'provider_escalated'
          ? `${String(e.data.providerId)}\u0000${String(e.data.externalId)}`
          : keyOf.get(String(e.data.referenceId));
      if (key !== undefined) {
        const state = typeof e.data.status === 'string' ? e.data.status : 'open';
        if (e.type === 'provider_escalated') {
          const escalation = { providerId: String(e.data.providerId), escalatedAt: e.at, endedAt: null };
          escalations.push(escalation);
          openEscalations.set(key, escalation);
          bump(e.at, 'escalated');
        }
        const current = openEscalations.get(key);
        if (current && state !== 'open' && current.endedAt === null) {
          current.endedAt = e.at;
          openEscalations.delete(key);
        }
      }
    }
    const to = (e.type === 'created' ? e.data.status : e.data.to) as TicketStatus | undefined;
    if (typeof to !== 'string' || to === status) continue;
    const wasOpen = status !== null && OPEN.includes(status);
    const isOpen = OPEN.includes(to);
    if (wasOpen && !isOpen) backlog[backlog.length - 1]!.to = e.at;
    if (!wasOpen && isOpen) backlog.push({ from: e.at, to: null });
    if (status === 'pending' && pendingSince) {
      pendingMs += e.at.getTime() - pendingSince.getTime();
      pendingSince = null;
    }
    if (to === 'pending') pendingSince = e.at;
    if (to === 'resolved') bump(e.at, 'resolved');
    if (to === 'closed') {
      bump(e.at, 'closed');
      closedAt = e.at;
    }
    if (to === 'rejected') {
      approvalRejected = true;
      bump(e.at, 'rejected');
    }
    if (FINISHED.includes(to)) {
      // A closure after a resolution keeps the resolution's instant.
      if (!(to === 'closed' && status === 'resolved')) resolvedAt = e.at;
    } else resolvedAt = null;
    status = to;
  }
  if (pendingSince) pendingMs += Math.max(0, now.getTime() - pendingSince.getTime());
  const stoppedResolution = status === 'resolved' || status === 'closed';
  const fr = clocks?.firstResponse;
  const res = clocks?.resolution;
  return {
    status: status ?? 'new',
    createdAt: createdAt ?? timeline[0]?.at ?? now,
    resolvedAt: status === 'rejected' ? null : resolvedAt,
    closedAt,
    backlog,
    pendingMs,
    reopenCount,
    approvalRejected,
    providerId: escalations[0]?.providerId ?? null,
    escalations,
    days,
    firstResponseMs: fr && fr.state === 'stopped' && status !== 'rejected' ? fr.elapsedMs : null,
    resolutionMs: res && stoppedResolution ? res.elapsedMs : null,
    hasFirstResponseTarget: fr?.targetMs != null,
    hasResolutionTarget: res?.targetMs != null,
    firstResponseBreached: fr?.breached ?? false,
    resolutionBreached: res?.breached ?? false,
    firstResponseDueAt: fr?.state === 'running' ? fr.dueAt : null,
    resolutionDueAt: res?.state === 'running' ? res.dueAt : null,
  };
}
