import type { MikroORM } from '@mikro-orm/postgresql';
import { executeIn, withEm } from '../db/transaction.ts';
import { fieldError } from '../errors.ts';
import { isStaff, loadGrants, parties, rolesOnTicket, visibilityScope } from '../people/access.ts';
import type { Caller } from '../tickets/ticket.service.ts';
import { type TicketEventView, toEventView } from '../tickets/ticket.views.ts';
import { TicketEvent } from '../tickets/ticket-event.entity.ts';

/** A timeline event with the reference of its ticket, as streamed to clients. */
export interface FeedEvent extends TicketEventView {
  ticket: string;
}

/**
 * A place in the feed: after every event at or before `(tx, id)`. Opaque to clients, who resume
 * with the id of the last event they received.
 */
export interface FeedPosition {
  tx: string;
  id: string;
}

export interface FeedPage {
  events: FeedEvent[];
  /** Where the next read starts (past events the caller may not see, too). */
  position: FeedPosition;
  /** The page was full: read again at once. */
  more: boolean;
  /**
   * Events already committed are held back because an older transaction is still running: read
   * again in a moment (no notification may come when that transaction ends).
   */
  held: boolean;
}

const MAX_EVENT_ID = 9_223_372_036_854_775_807n;

/**
 * The timeline as one feed of every ticket's events, complete and in the order they became
 * visible, for `/v1/events` and every consumer to come (webhooks, notifications, SLA clocks).
 *
 * Event ids come from a sequence when the event is written, not when its transaction commits, so
 * an event can commit after one with a higher id has been read: reading "id > last" would skip it.
 * The feed orders by `(tx, id)`, the writing transaction's id first, and reads only below the
 * oldest transaction still in progress (`pg_snapshot_xmin`): everything there has committed or
 * aborted and nothing can appear later, so a reader that moves past it never misses an event.
 */
export class EventLog {
  readonly #orm: MikroORM;

  constructor(orm: MikroORM) {
    this.#orm = orm;
  }

  /**
   * Where a stream starts: after the event a client last received (its `Last-Event-ID`), from the
   * beginning for `0`, or without one at the next event to become visible.
   */
  async position(lastEventId?: string): Promise<FeedPosition> {
    return withEm(this.#orm, async (em) => {
      if (lastEventId === undefined) {
        const [row] = await executeIn<{ tx: string }[]>(
          em,
          `select (pg_snapshot_xmin(pg_current_snapshot())::text::numeric - 1)::text as tx`,
        );
        return { tx: row!.tx, id: MAX_EVENT_ID.toString() };
      }
      const invalid = () => fieldError('Last-Event-ID', 'field.not_an_event_id');
      if (!/^\d{1,19}$/.test(lastEventId) || BigInt(lastEventId) > MAX_EVENT_ID) throw invalid();
      if (BigInt(lastEventId) === 0n) return { tx: '0', id: '0' };
      const [row] = await executeIn<{ tx: string }[]>(
        em,
        'select tx::text as tx from ticket_event where id = ?',
        [lastEventId],
      );
      if (!row) throw fieldError('Last-Event-ID', 'field.unknown', { value: lastEventId });
      return { tx: row.tx, id: lastEventId };
    });
  }

  /**
   * Events after `position` on tickets the caller may see (internal ones only where the caller is
   * staff on the ticket), oldest first.
   */
  async read(caller: Caller, position: FeedPosition, limit = 200): Promise<FeedPage> {
    return withEm(this.#orm, async (em) => {
      const grants = caller === 'system' ? null : await loadGrants(em, caller.personId);
      // The horizon first: it only moves forward, so rows below it read next are final.
      const [horizon] = await executeIn<{ xmin: string }[]>(
        em,
        'select pg_snapshot_xmin(pg_current_snapshot())::text as xmin',
      );
      const qb = em
        .createQueryBuilder(TicketEvent, 'e')
        .select(['e.id', 'e.tx'])
        .where('(e.tx, e.id) > (?::xid8, ?::bigint)', [position.tx, position.id]);
      if (grants && !grants.functionalAdmin) {
        qb.andWhere({ ticket: { $or: await visibilityScope(em, grants) } });
      }
      const rows = await qb
        .orderBy({ tx: 'asc', id: 'asc' })
        .limit(limit + 1)
        .execute<{ id: string; tx: string }[]>('all', false);
      const xmin = BigInt(horizon!.xmin);
      const ready = rows.filter((r) => BigInt(r.tx) < xmin);
      const page = ready.slice(0, limit);
      const more = ready.length > limit;
      const held = !more && ready.length < rows.length;
      const last = page[page.length - 1];
      const next = last ? { tx: String(last.tx), id: String(last.id) } : position;
      if (page.length === 0) return { events: [], position: next, more: false, held };
      const events = await em.find(
        TicketEvent,
        { id: { $in: page.map((r) => String(r.id)) } },
        { populate: ['actor', 'ticket'] },
      );
      const byId = new Map(events.map((e) => [String(e.id), e]));
      const staffOn = new Map<string, boolean>();
      const out: FeedEvent[] = [];
      for (const row of page) {
        const e = byId.get(String(row.id));
        if (!e) continue;
        if (e.visibility === 'internal' && grants) {
          if (!staffOn.has(e.ticket.id)) {
            const roles = await rolesOnTicket(em, grants, parties(e.ticket));
            staffOn.set(e.ticket.id, isStaff({ personId: grants.person.id, roles }));
          }
          if (!staffOn.get(e.ticket.id)) continue;
        }
        out.push({ ...toEventView(e), ticket: e.ticket.reference });
      }
      return { events: out, position: next, more, held };
    });
  }
}
