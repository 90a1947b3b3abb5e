import type { MikroORM } from '@mikro-orm/postgresql';
import { AUDIENCE_READERS } from '../announcements/announcement.rules.ts';
import type {
  AnnouncementEventData,
  AnnouncementUpdateView,
  PublicAnnouncement,
} from '../announcements/announcement.service.ts';
import type { AnnouncementEventType } from '../announcements/announcement-event.entity.ts';
import type { ReadCache } from '../cache/read-cache.ts';
import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import { sql } from '../db/sql.ts';
import { executeIn, withEm } from '../db/transaction.ts';
import { fieldError } from '../errors.ts';
import { type Grants, isStaff, parties, rolesOnTicket, visibilitySql } from '../people/access.ts';
import type { Caller } from '../tickets/ticket.service.ts';
import {
  rowToTimelineEvent,
  TIMELINE_ROW_SELECT,
  type TicketEventView,
  type TimelineRow,
} from '../tickets/ticket.views.ts';
import { HORIZON_SQL } from './horizon.ts';

/** A timeline event with the reference of its ticket, as streamed to clients. */
export interface FeedEvent extends TicketEventView {
  ticket: string;
}

/**
 * An announcement's change, as streamed (`event: announcement.<type>`): the announcement as its
 * readers could see it then, with the linked ticket's reference for a reader who may see that ticket.
 */
export interface AnnouncementFeedEvent {
  id: string;
  type: `announcement.${AnnouncementEventType}`;
  createdAt: Date;
  announcement: PublicAnnouncement & { linkedTicket: string | null };
  /** The update just posted (`updated`, `resolved`). */
  update?: AnnouncementUpdateView;
}

/** One entry of the feed, in its order: a ticket's timeline event or an announcement's change. */
export type FeedEntry =
  | { source: 'ticket'; event: FeedEvent }
  | { source: 'announcement'; event: AnnouncementFeedEvent };

/**
 * A place in the feed: after every event at or before `(tx, id)`. Opaque to clients, who resume
 * with the id of the last event they received.
 */
export interface FeedPosition {
  tx: string;
  id: string;
}

export interface FeedPage {
  /** Ticket events and announcement events, in the feed's order. */
  events: FeedEntry[];
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
 * `read` also weaves in the announcements' events (`announcement_event`), whose ids come from the
 * same sequence and whose order is the same `(tx, id)`: one position, one `Last-Event-ID`, for both.
 *
 * Event ids come from a sequence when the event is written, not when its transaction commits, so
 * an event can commit after one with a higher id has been read: reading "id > last" would skip it.
 * The feed orders by `(tx, id)`, the writing transaction's id first, and reads only below the
 * oldest transaction still in progress in this database (`HORIZON_SQL`): everything there has committed or
 * aborted and nothing can appear later, so a reader that moves past it never misses an event.
 */
export class EventLog {
  readonly #orm: MikroORM;
  readonly #cache: ReadCache;

  constructor(orm: MikroORM, cache: ReadCache) {
    this.#orm = orm;
    this.#cache = cache;
  }

  /**
   * Where a stream starts: after the event a client last received (its `Last-Event-ID`), from the
   * beginning for `0`, or without one at the next event to become visible.
   */
  async position(lastEventId?: string): Promise<FeedPosition> {
    return withEm(this.#orm, async (em) => {
      if (lastEventId === undefined) {
        const [row] = await executeIn<{ xmin: string }[]>(em, HORIZON_SQL);
        return { tx: (BigInt(row!.xmin) - 1n).toString(), id: MAX_EVENT_ID.toString() };
      }
      const invalid = () => fieldError('Last-Event-ID', 'field.not_an_event_id');
      if (!/^\d{1,19}$/.test(lastEventId) || BigInt(lastEventId) > MAX_EVENT_ID) throw invalid();
      if (BigInt(lastEventId) === 0n) return { tx: '0', id: '0' };
      const [row] = await executeIn<{ tx: string }[]>(
        em,
        `select tx::text as tx from ticket_event where id = ?
         union all select tx::text as tx from announcement_event where id = ?`,
        [lastEventId, lastEventId],
      );
      if (!row) throw fieldError('Last-Event-ID', 'field.unknown', { value: lastEventId });
      return { tx: row.tx, id: lastEventId };
    });
  }

  /**
   * Events after `position` on tickets the caller may see (internal ones only where the caller is
   * staff on the ticket), and changes of announcements the caller may read, oldest first. The
   * horizon, then each table's page (each on its `(tx, id)` index), merged in that order.
   */
  async read(caller: Caller, position: FeedPosition, limit = 200): Promise<FeedPage> {
    const catalogue = await this.#cache.catalogue();
    const grants = caller === 'system' ? null : await this.#cache.grants(caller.personId);
    return withEm(this.#orm, async (em) => {
      // The horizon first: it only moves forward, so rows below it read next are final.
      const [horizon] = await sql<{ xmin: string }>(em, HORIZON_SQL);
      const scope = grants ? visibilitySql(catalogue, grants, 't', 4) : { sql: 'true', params: [] };
      const ticketRows = await sql<FeedRow>(
        em,
        `select ${TIMELINE_ROW_SELECT}, e.tx::text as tx, t.reference, t.requester_id, t.agent_id, t.team_id, t.service_id, t.sub_service_id
           from ticket_event e join ticket t on t.id = e.ticket_id left join person a on a.id = e.actor_id
          where (e.tx, e.id) > ($1::xid8, $2::bigint) and ${scope.sql}
          order by e.tx, e.id limit $3`,
        [position.tx, position.id, limit + 1, ...scope.params],
      );
      // Every person with a credential is signed in; only `system` reads without one.
      const audiences = grants ? AUDIENCE_READERS.signed_in : ['public', 'requesters'];
      const announcementRows = await sql<AnnouncementRow>(
        em,
        `select id::text as id, tx::text as tx, type, linked_ticket_id, data, created_at from announcement_event
          where (tx, id) > ($1::xid8, $2::bigint) and audience = any($4::text[])
          order by tx, id limit $3`,
        [position.tx, position.id, limit + 1, audiences],
      );
      type Row = Keyed & { ticket: FeedRow | null; announcement: AnnouncementRow | null };
      const rows = merge<Row>(
        ticketRows.map((r) => ({ tx: r.tx, id: r.id, ticket: r, announcement: null })),
        announcementRows.map((r) => ({ tx: r.tx, id: r.id, ticket: null, announcement: r })),
        limit,
      );
      const xmin = BigInt(horizon!.xmin);
      const ready = rows.filter((r) => BigInt(r.tx) < xmin);
      const page = ready.slice(0, limit);
      const more = ready.length > limit;
      const held = !more && ready.length < rows.length;
      const last = page[page.length - 1];
      const next = last ? { tx: last.tx, id: last.id } : position;
      const linked = await this.#visibleReferences(
        em,
        catalogue,
        grants,
        page.map((r) => r.announcement?.linked_ticket_id).filter((x): x is string => !!x),
      );
      const staffOn = new Map<string, boolean>();
      const events: FeedEntry[] = [];
      for (const { ticket: r, announcement } of page) {
        if (announcement) {
          const data = announcement.data as unknown as AnnouncementEventData;
          const ref = announcement.linked_ticket_id
            ? (linked.get(announcement.linked_ticket_id) ?? null)
            : null;
          events.push({
            source: 'announcement',
            event: {
              id: announcement.id,
              type: `announcement.${announcement.type}`,
              createdAt: new Date(announcement.created_at),
              announcement: { ...data.announcement, linkedTicket: ref },
              ...(data.update ? { update: data.update } : {}),
            },
          });
          continue;
        }
        if (!r) continue;
        if (r.visibility === 'internal' && grants) {
          if (!staffOn.has(r.reference)) {
            const roles = rolesOnTicket(
              catalogue,
              grants,
              parties({
                requesterId: r.requester_id,
                agentId: r.agent_id,
                teamId: r.team_id,
                serviceId: r.service_id,
                subServiceId: r.sub_service_id,
              }),
            );
            staffOn.set(r.reference, isStaff({ personId: grants.person.id, roles }));
          }
          if (!staffOn.get(r.reference)) continue;
        }
        events.push({ source: 'ticket', event: { ...rowToTimelineEvent(r), ticket: r.reference } });
      }
      return { events, position: next, more, held };
    });
  }

  /** References of the tickets among `ids` the caller may see (every one for `system`). */
  async #visibleReferences(
    em: Parameters<typeof sql>[0],
    catalogue: CatalogueSnapshot,
    grants: Grants | null,
    ids: string[],
  ): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const scope = grants ? visibilitySql(catalogue, grants, 't', 2) : { sql: 'true', params: [] };
    const rows = await sql<{ id: string; reference: string }>(
      em,
      `select t.id, t.reference from ticket t where t.id = any($1::uuid[]) and ${scope.sql}`,
      [ids, ...scope.params],
    );
    return new Map(rows.map((r) => [r.id, r.reference]));
  }
}

interface AnnouncementRow {
  id: string;
  tx: string;
  type: AnnouncementEventType;
  linked_ticket_id: string | null;
  data: Record<string, unknown>;
  created_at: Date;
}

interface Keyed {
  tx: string;
  id: string;
}

/**
 * Two pages in `(tx, id)` order merged in that order. Each holds its table's first `limit + 1` rows
 * after the position, so the merge's first `limit + 1` rows are the feed's: the caller keeps no more.
 */
function merge<T extends Keyed>(a: T[], b: T[], limit: number): T[] {
  const compare = (x: Keyed, y: Keyed) => {
    const d = BigInt(x.tx) - BigInt(y.tx) || BigInt(x.id) - BigInt(y.id);
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  };
  return [...a, ...b].sort(compare).slice(0, limit + 1);
}

interface FeedRow extends TimelineRow {
  tx: string;
  reference: string;
  requester_id: string;
  agent_id: string | null;
  team_id: string | null;
  service_id: string | null;
  sub_service_id: string | null;
}
