import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from '../db/sql.ts';
import { inTransaction } from '../db/transaction.ts';
import type { TicketEventType, Visibility } from '../tickets/ticket.types.ts';
import { HORIZON_SQL } from './horizon.ts';

/** A timeline event as a consumer receives it (all of them: consumers decide who may know). */
export interface ConsumedEvent {
  id: string;
  tx: string;
  ticketId: string;
  type: TicketEventType;
  actorId: string | null;
  visibility: Visibility;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface ConsumedPage {
  /** Events handled in this call. */
  consumed: number;
  /** The page was full: call again at once. */
  more: boolean;
  /**
   * Newer events are committed or being written but held back behind an older transaction still
   * running: call again in a moment (their NOTIFY may already have been heard).
   */
  held: boolean;
}

/**
 * Hands the timeline's next events to `handle`, in the feed's commit order, and moves the
 * consumer's cursor past them in the same transaction as what `handle` writes: each event is
 * handled exactly once, and a transaction's events in one call (unless there are more than `limit`
 * of them), even when several processes consume at the same time (the cursor row is
 * locked, so a second process waits and then starts after the first one's page) and after a crash
 * (nothing moved). Only events below the oldest transaction still running in this database are read (`HORIZON_SQL`), so none can appear
 * behind the cursor later (see `EventLog`). A consumer without a cursor row starts at the
 * beginning; one added to a database with history gets its starting row from its migration.
 */
export async function consumeTimeline(
  orm: MikroORM,
  consumer: string,
  limit: number,
  handle: (em: EntityManager, events: ConsumedEvent[]) => Promise<void>,
): Promise<ConsumedPage> {
  return inTransaction(orm, async (em) => {
    await sql(
      em,
      `insert into timeline_cursor (consumer, tx, event_id, updated_at) values ($1, '0'::xid8, 0, now())
       on conflict (consumer) do nothing`,
      [consumer],
    );
    const [cursor] = await sql<{ tx: string; event_id: string }>(
      em,
      'select tx::text as tx, event_id::text as event_id from timeline_cursor where consumer = $1 for update',
      [consumer],
    );
    // Taken after the lock, so it is at least where the previous holder's page ended.
    const [horizon] = await sql<{ xmin: string }>(em, HORIZON_SQL);
    const rows = await sql<{
      id: string;
      tx: string;
      ticket_id: string;
      type: TicketEventType;
      actor_id: string | null;
      visibility: Visibility;
      data: Record<string, unknown>;
      created_at: Date;
    }>(
      em,
      `select id::text as id, tx::text as tx, ticket_id, type, actor_id, visibility, data, created_at
         from ticket_event
        where (tx, id) > ($1::xid8, $2::bigint)
        order by tx, id limit $3`,
      [cursor!.tx, cursor!.event_id, limit + 1],
    );
    // Ordered by tx, the final events are a prefix.
    const xmin = BigInt(horizon!.xmin);
    const ready = rows.filter((r) => BigInt(r.tx) < xmin);
    let page = ready.slice(0, limit);
    // A transaction's events stay together (a consumer judges them as one change): a full page
    // ends before the last transaction it would cut, unless that one fills the page by itself.
    if (ready.length > limit) {
      const cut = page[page.length - 1]!.tx;
      const whole = page.filter((r) => r.tx !== cut);
      if (whole.length > 0) page = whole;
    }
    const held = ready.length < rows.length && ready.length <= limit;
    const last = page[page.length - 1];
    if (!last) return { consumed: 0, more: false, held };
    await handle(
      em,
      page.map((r) => ({
        id: r.id,
        tx: r.tx,
        ticketId: r.ticket_id,
        type: r.type,
        actorId: r.actor_id,
        visibility: r.visibility,
        data: r.data,
        createdAt: r.created_at,
      })),
    );
    await sql(
      em,
      'update timeline_cursor set tx = $2::xid8, event_id = $3::bigint, updated_at = now() where consumer = $1',
      [consumer, last.tx, last.id],
    );
    return { consumed: page.length, more: ready.length > limit, held };
  });
}
