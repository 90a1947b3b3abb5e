import type { MikroORM } from '@mikro-orm/postgresql';
import { withEm } from '../db/transaction.ts';
import { DomainError } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { Caller, TicketService } from '../tickets/ticket.service.ts';
import type { Priority, TicketType } from '../tickets/ticket.types.ts';
import type { ClockReading } from './sla-clock.ts';
import type { CheckReport, SlaTracker } from './sla-tracker.ts';
import { readTicketClocks } from './ticket-clocks.ts';

/** A clock as a ticket view shows it: minutes and ISO instants. */
export interface ClockView {
  state: ClockReading['state'];
  elapsedMinutes: number;
  targetMinutes: number | null;
  remainingMinutes: number | null;
  dueAt: string | null;
  breached: boolean;
  breachedAt: string | null;
}

export interface TicketServiceLevelView {
  reference: string;
  /** The target that applies (null: no target for this ticket's service, priority and type). */
  target: {
    code: string;
    service: string;
    priority: Priority | null;
    type: TicketType | null;
    calendar: string;
    pauseWhileProvider: boolean;
  } | null;
  firstResponse: ClockView | null;
  resolution: ClockView | null;
  computedAt: string;
}

const minutes = (ms: number) => Math.floor(ms / 60_000);

function clockView(r: ClockReading): ClockView {
  return {
    state: r.state,
    elapsedMinutes: minutes(r.elapsedMs),
    targetMinutes: r.targetMs === null ? null : minutes(r.targetMs),
    remainingMinutes: r.remainingMs === null ? null : Math.ceil(r.remainingMs / 60_000),
    dueAt: r.dueAt?.toISOString() ?? null,
    breached: r.breached,
    breachedAt: r.breachedAt?.toISOString() ?? null,
  };
}

/**
 * Service levels of tickets: which target applies (rules in `service-level.rules.ts`), on which
 * calendar, and the two clocks read from the timeline at this instant (a change of target or
 * calendar applies to every reading from then on); the tracker keeps each ticket's due data for
 * views and lists and announces warnings and breaches (`sla-tracker.ts`).
 */
export class ServiceLevelService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #tickets: TicketService;

  readonly #tracker: SlaTracker;

  constructor(orm: MikroORM, clock: Clock, tickets: TicketService, tracker: SlaTracker) {
    this.#orm = orm;
    this.#clock = clock;
    this.#tickets = tickets;
    this.#tracker = tracker;
  }

  /** The service levels of a ticket, for staff on it (requesters: FORBIDDEN, hidden tickets: not found). */
  async forTicket(caller: Caller, reference: string): Promise<TicketServiceLevelView> {
    const access = await this.#tickets.access(caller, reference);
    if (!access.staff) throw new DomainError('FORBIDDEN', { rule: 'not_a_staff_action' });
    const now = this.#clock.now();
    const clocks = await withEm(this.#orm, (em) =>
      readTicketClocks(em, access.ticketId, now, this.#tracker.warningPercent),
    );
    const base = { reference: access.reference, computedAt: now.toISOString() };
    if (!clocks) return { ...base, target: null, firstResponse: null, resolution: null };
    const { target, reading } = clocks;
    return {
      ...base,
      target: {
        code: target.code,
        service: target.service,
        priority: target.priority,
        type: target.type,
        calendar: target.calendarCode,
        pauseWhileProvider: target.pauseWhileProvider,
      },
      firstResponse: clockView(reading.firstResponse),
      resolution: clockView(reading.resolution),
    };
  }

  /** Recomputes the due data of tickets whose timeline changed (see `SlaTracker.refresh`). */
  refresh(): Promise<CheckReport> {
    return this.#tracker.refresh();
  }

  /** Refreshes, then announces the warnings and breaches that came due (the scheduler's sweep). */
  check(): Promise<CheckReport> {
    return this.#tracker.check();
  }

  /** Refreshes soon, in the background. */
  kick(): void {
    this.#tracker.kick();
  }

  async close(): Promise<void> {
    await this.#tracker.close();
  }
}
