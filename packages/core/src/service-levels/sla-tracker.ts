import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from '../db/sql.ts';
import { inTransaction } from '../db/transaction.ts';
import { consumeTimeline } from '../events/timeline-consumer.ts';
import type { Clock } from '../shared/clock.ts';
import { Coalesced } from '../shared/coalesced.ts';
import {
  type AlertKind,
  CLOCK_KEYS,
  type Crossing,
  crossings,
  nextCheckAt,
  type SlaClockName,
  storedClock,
} from './sla-alerts.rules.ts';
import { readTicketClocks, type TicketClocks } from './ticket-clocks.ts';

/** The timeline consumer's name (its row in `timeline_cursor`). */
export const SERVICE_LEVELS_CONSUMER = 'service-levels';

type Log = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;

export interface CheckReport {
  /** Tickets whose due data was recomputed. */
  refreshed: number;
  /** Warnings and breaches written to timelines. */
  announced: number;
}

/**
 * Keeps every ticket's service-level due data (`ticket_sla`) up to date and announces warnings and
 * breaches on the timeline, exactly once:
 * - as a consumer of the timeline, it recomputes a ticket's clocks (the pure `sla-clock.ts`) after
 *   each change of it, and stores its due and warning instants and when to look again
 *   (`next_check_at`);
 * - the scheduler's sweep (`check`) takes the tickets whose `next_check_at` has come, locks each
 *   ticket row, reads its clocks again at that instant (a pause or a resolution committed since
 *   moved or cancelled the threshold: nothing stale is announced), and writes each crossing as a
 *   `sla_warning` or `sla_breached` event together with its `sla_alert` row, whose unique key
 *   (ticket, clock, kind, cycle) lets only one process announce it.
 * Notifications then come from the events like any other (`notification-rules.ts`).
 */
export class SlaTracker {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #warningPercent: number;
  readonly #runner: Coalesced;

  constructor(orm: MikroORM, clock: Clock, warningPercent: number, log: Log) {
    this.#orm = orm;
    this.#clock = clock;
    this.#warningPercent = warningPercent;
    this.#runner = new Coalesced(
      async () => {
        await this.refresh();
      },
      (error) => log('error', 'service-level refresh failed, the sweep retries', { error: String(error) }),
    );
  }

  /** The configured default warning threshold, in percent of a target. */
  get warningPercent(): number {
    return this.#warningPercent;
  }

  /** Refreshes soon, in the background (coalesced). */
  kick(): void {
    this.#runner.kick();
  }

  /** Waits for a background refresh to finish; no new one starts afterwards. */
  async close(): Promise<void> {
    await this.#runner.close();
  }

  /** Recomputes the due data of every ticket whose timeline changed since the last pass. */
  async refresh(pageSize = 200): Promise<CheckReport> {
    const report: CheckReport = { refreshed: 0, announced: 0 };
    for (;;) {
      const page = await consumeTimeline(this.#orm, SERVICE_LEVELS_CONSUMER, pageSize, async (em, events) => {
        const now = this.#clock.now();
        for (const ticketId of new Set(events.map((e) => e.ticketId))) {
          report.announced += await this.#update(em, ticketId, now);
          report.refreshed += 1;
        }
      });
      if (!page.more) return report;
    }
  }

  /**
   * The sweep: refreshes, then announces every warning and breach that has come due. Safe to run
   * in any number of processes at once.
   */
  async check(limit = 500): Promise<CheckReport> {
    const report = await this.refresh();
    const now = this.#clock.now();
    const due = await inTransaction(this.#orm, (em) =>
      sql<{ ticket_id: string }>(
        em,
        'select ticket_id from ticket_sla where next_check_at <= $1 order by next_check_at limit $2',
        [now, limit],
      ),
    );
    for (const { ticket_id } of due) {
      report.announced += await inTransaction(this.#orm, (em) => this.#update(em, ticket_id, now));
      report.refreshed += 1;
    }
    return report;
  }

  /** Recomputes one ticket's due data in `em`'s transaction and announces what came due. */
  async #update(em: EntityManager, ticketId: string, now: Date): Promise<number> {
    let clocks = await readTicketClocks(em, ticketId, now, this.#warningPercent);
    let alerts = await this.#alerts(em, ticketId);
    let pending = clocks ? this.#unannounced(clocks, alerts) : [];
    let announced = 0;
    if (pending.length > 0 && clocks) {
      // Serialised with the ticket's own changes, then read again: a pause, an answer or a
      // resolution committed meanwhile counts, so nothing stale is announced.
      await sql(em, 'select id from ticket where id = $1 for update', [ticketId]);
      clocks = await readTicketClocks(em, ticketId, now, this.#warningPercent);
      alerts = await this.#alerts(em, ticketId);
      pending = clocks ? this.#unannounced(clocks, alerts) : [];
      for (const c of pending) {
        if (await this.#announce(em, ticketId, clocks!, c, now)) {
          alerts.push({ clock: CLOCK_KEYS[c.clock], kind: c.kind, cycle: c.cycle });
          announced += 1;
        }
      }
    }
    await this.#store(em, ticketId, clocks, alerts, now);
    return announced;
  }

  async #alerts(em: EntityManager, ticketId: string): Promise<StoredAlert[]> {
    return sql<StoredAlert>(em, 'select clock, kind, cycle from sla_alert where ticket_id = $1', [ticketId]);
  }

  #unannounced(clocks: TicketClocks, alerts: StoredAlert[]): Crossing[] {
    return crossings(clocks.reading, clocks.warning, clocks.reopenedAt).filter(
      (c) => !alerts.some((a) => a.clock === CLOCK_KEYS[c.clock] && a.kind === c.kind && a.cycle === c.cycle),
    );
  }

  /** Writes the crossing's alert row and, if this transaction is the one that did, its event. */
  async #announce(
    em: EntityManager,
    ticketId: string,
    clocks: TicketClocks,
    c: Crossing,
    now: Date,
  ): Promise<boolean> {
    const clock = CLOCK_KEYS[c.clock];
    const [row] = await sql<{ id: string }>(
      em,
      `insert into sla_alert (ticket_id, clock, kind, cycle, crossed_at, created_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (ticket_id, clock, kind, cycle) do nothing returning id::text as id`,
      [ticketId, clock, c.kind, c.cycle, c.crossedAt, now],
    );
    if (!row) return false;
    const target = clocks.target;
    const targetMinutes =
      c.clock === 'firstResponse' ? target.firstResponseMinutes : target.resolutionMinutes;
    const data = {
      clock,
      target: target.code,
      targetMinutes,
      dueAt: c.dueAt?.toISOString() ?? null,
      crossedAt: c.crossedAt.toISOString(),
      cycle: c.cycle,
      ...(c.kind === 'warning'
        ? { warningPercent: target.warningPercent ?? this.#warningPercent }
        : { escalateTo: target.escalateTo }),
    };
    await sql(
      em,
      `insert into ticket_event (ticket_id, type, actor_id, visibility, data, created_at)
       values ($1, $2, null, 'internal', $3::jsonb, $4)`,
      [ticketId, c.kind === 'warning' ? 'sla_warning' : 'sla_breached', JSON.stringify(data), now],
    );
    return true;
  }

  async #store(
    em: EntityManager,
    ticketId: string,
    clocks: TicketClocks | null,
    alerts: StoredAlert[],
    now: Date,
  ): Promise<void> {
    const empty = { state: null, dueAt: null, warnAt: null, breached: false, remainingMs: null };
    const fr = clocks ? storedClock(clocks.reading.firstResponse, clocks.warning.firstResponse) : empty;
    const res = clocks ? storedClock(clocks.reading.resolution, clocks.warning.resolution) : empty;
    const cycleAt = (at: Date) =>
      (clocks?.reopenedAt ?? []).filter((r) => r.getTime() <= at.getTime()).length;
    const check = nextCheckAt(
      { firstResponse: fr, resolution: res },
      (name: SlaClockName, kind: AlertKind, at) =>
        alerts.some((a) => a.clock === CLOCK_KEYS[name] && a.kind === kind && a.cycle === cycleAt(at)),
    );
    const running = [fr, res].filter((c) => c.state === 'running' && c.dueAt).map((c) => c.dueAt!.getTime());
    await sql(
      em,
      `insert into ticket_sla (ticket_id, target, first_response_state, first_response_due_at, first_response_warn_at,
              first_response_breached, first_response_remaining_ms, resolution_state, resolution_due_at,
              resolution_warn_at, resolution_breached, resolution_remaining_ms, next_due_at, next_check_at, computed_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       on conflict (ticket_id) do update set target = excluded.target,
              first_response_state = excluded.first_response_state, first_response_due_at = excluded.first_response_due_at,
              first_response_warn_at = excluded.first_response_warn_at, first_response_breached = excluded.first_response_breached,
              first_response_remaining_ms = excluded.first_response_remaining_ms, resolution_state = excluded.resolution_state,
              resolution_due_at = excluded.resolution_due_at, resolution_warn_at = excluded.resolution_warn_at,
              resolution_breached = excluded.resolution_breached, resolution_remaining_ms = excluded.resolution_remaining_ms,
              next_due_at = excluded.next_due_at, next_check_at = excluded.next_check_at, computed_at = excluded.computed_at`,
      [
        ticketId,
        clocks?.target.code ?? null,
        fr.state,
        fr.dueAt,
        fr.warnAt,
        fr.breached,
        fr.remainingMs,
        res.state,
        res.dueAt,
        res.warnAt,
        res.breached,
        res.remainingMs,
        running.length > 0 ? new Date(Math.min(...running)) : null,
        check,
        now,
      ],
    );
  }
}

interface StoredAlert {
  clock: string;
  kind: string;
  cycle: number;
}
