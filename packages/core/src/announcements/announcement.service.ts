import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { ReadCache } from '../cache/read-cache.ts';
import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import { sql } from '../db/sql.ts';
import { inTransaction, withEm } from '../db/transaction.ts';
import { DomainError, fieldError } from '../errors.ts';
import { TICKET_REFERENCE } from '../knowledge-base/article-finder.ts';
import { type Grants, visibilitySql } from '../people/access.ts';
import type { PersonCaller } from '../people/authority.ts';
import { Person } from '../people/person.entity.ts';
import type { Clock } from '../shared/clock.ts';
import { isUuid } from '../shared/ids.ts';
import { parseInput } from '../shared/validation.ts';
import { Ticket } from '../tickets/ticket.entity.ts';
import { NO_OUTBOUND, type Outbound } from '../webhooks/outbound.ts';
import type { AnnouncementWebhookType } from '../webhooks/webhook.rules.ts';
import { Announcement, AnnouncementUpdate } from './announcement.entity.ts';
import { AUDIENCE_READERS, announcementState, mayFollow, mayPublish } from './announcement.rules.ts';
import {
  type AnnouncementUpdateInput,
  AnnouncementUpdateInputSchema,
  type CorrectAnnouncementInput,
  CorrectAnnouncementInputSchema,
  type CreateAnnouncementInput,
  CreateAnnouncementInputSchema,
  type ListAnnouncementsInput,
  ListAnnouncementsInputSchema,
} from './announcement.schemas.ts';
import type {
  AnnouncementAudience,
  AnnouncementPhase,
  AnnouncementSeverity,
  AnnouncementState,
} from './announcement.types.ts';
import { writeAnnouncementNotifications } from './announcement-notifications.ts';

/** Who reads: a signed-in person through a credential, or nobody (the portal's home page, a feed). */
export type AnnouncementCaller = PersonCaller | 'anonymous';

/** A text in French, and in English when it was written. */
export interface Translated {
  fr: string;
  en: string | null;
}

export interface AnnouncementUpdateView {
  id: string;
  status: AnnouncementPhase;
  message: Translated;
  postedAt: Date;
}

/** An announcement as any reader sees it: no author, no ticket they could not see. */
export interface AnnouncementView {
  id: string;
  title: Translated;
  /** Markdown. */
  body: Translated;
  severity: AnnouncementSeverity;
  /** Service codes; empty: every service. */
  services: string[];
  /** Establishment codes; empty: the whole group. */
  establishments: string[];
  audience: AnnouncementAudience;
  startsAt: Date;
  endsAt: Date | null;
  resolvedAt: Date | null;
  state: AnnouncementState;
  /** The latest update's status (null before the first update). */
  phase: AnnouncementPhase | null;
  /** The linked ticket's reference, for those who may see that ticket only. */
  linkedTicket: string | null;
  /** Oldest first. */
  updates: AnnouncementUpdateView[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** Whether the caller may post updates and corrections. */
  editable: boolean;
  /** After a change made with `notify`: how many people it told by mail (never who). */
  notified?: number;
}

/**
 * What leaves Guichet about an announcement (webhooks, and `/v1/events`): the view anyone allowed to
 * read the announcement sees, in both languages, without the linked ticket (not everyone may see
 * it) nor what the caller may do.
 */
export type PublicAnnouncement = Omit<AnnouncementView, 'linkedTicket' | 'editable' | 'notified'>;

/** The `data` of an announcement's webhook and stream events. */
export interface AnnouncementEventData {
  announcement: PublicAnnouncement;
  /** The update just posted (`announcement.updated`, `announcement.resolved`). */
  update?: AnnouncementUpdateView;
}

export interface AnnouncementPage {
  items: AnnouncementView[];
  total: number;
  /** The offset of the next page, null on the last one. */
  nextOffset: number | null;
}

export interface AnnouncementWriteOptions {
  /** Version the caller last saw (HTTP If-Match); a mismatch is CONFLICT, never a silent overwrite. */
  expectedVersion?: number;
}

interface Context {
  catalogue: CatalogueSnapshot;
  grants: Grants | null;
  /** Services the caller moderates, sub-services included. */
  moderated: Set<string>;
}

/** How many entries a feed carries (the most recently changed). */
export const FEED_SIZE = 50;

/** A number per catalogue snapshot this process loaded (a reload is a new snapshot, so a new number). */
const snapshots = new WeakMap<CatalogueSnapshot, number>();
let lastSnapshot = 0;
function snapshotNumber(catalogue: CatalogueSnapshot): number {
  let n = snapshots.get(catalogue);
  if (n === undefined) {
    n = ++lastSnapshot;
    snapshots.set(catalogue, n);
  }
  return n;
}

/**
 * Information notices: publishing (moderators of all the services concerned, or functional
 * admins; see `announcement.rules.ts`), updates up to resolution, corrections, and reading them
 * (anonymous readers see the public ones). Each change is one transaction.
 */
export class AnnouncementService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #cache: ReadCache;
  readonly #outbound: Outbound;
  readonly #portalUrl: string | undefined;

  /**
   * `outbound` sends each change out (webhooks) in the change's transaction; `portalUrl` (the mail
   * configuration's) is where the mails of `notify` link to.
   */
  constructor(
    orm: MikroORM,
    clock: Clock,
    cache: ReadCache,
    outbound: Outbound = NO_OUTBOUND,
    options: { portalUrl?: string | undefined } = {},
  ) {
    this.#orm = orm;
    this.#clock = clock;
    this.#cache = cache;
    this.#outbound = outbound;
    this.#portalUrl = options.portalUrl;
  }

  async create(caller: AnnouncementCaller, raw: CreateAnnouncementInput): Promise<AnnouncementView> {
    const input = parseInput(CreateAnnouncementInputSchema, raw);
    const ctx = await this.#context(caller);
    const me = this.#signedIn(ctx);
    const now = this.#clock.now();
    const serviceIds = this.#serviceIds(ctx, input.services);
    const establishmentIds = this.#establishmentIds(ctx, input.establishments);
    this.#decide(ctx, serviceIds);
    const startsAt = input.startsAt ?? now;
    const endsAt = input.endsAt ?? null;
    checkTimes(startsAt, endsAt);
    if (endsAt && endsAt.getTime() <= now.getTime()) throw fieldError('endsAt', 'field.announcement_ended');
    const view = await inTransaction(this.#orm, async (em) => {
      const linkedTicketId = input.linkedTicket
        ? await this.#visibleTicket(em, ctx, input.linkedTicket)
        : null;
      const announcement = em.create(Announcement, {
        titleFr: input.title.fr,
        titleEn: input.title.en ?? null,
        bodyFr: input.body?.fr ?? '',
        bodyEn: input.body?.en || null,
        severity: input.severity,
        serviceIds,
        establishmentIds,
        audience: input.audience,
        startsAt,
        endsAt,
        resolvedAt: null,
        phase: null,
        linkedTicket: linkedTicketId ? em.getReference(Ticket, linkedTicketId) : null,
        createdBy: em.getReference(Person, me),
      });
      await em.flush();
      const eventId = await this.#publish(em, ctx, announcement, 'announcement.published');
      const notified = input.notify ? await this.#notify(em, ctx, announcement, null, eventId) : undefined;
      return withNotified((await this.#views(em, ctx, [announcement]))[0]!, notified);
    });
    this.#outbound.kick();
    return view;
  }

  /** Posts an update; one with status `resolved` ends the announcement. */
  async addUpdate(
    caller: AnnouncementCaller,
    id: string,
    raw: AnnouncementUpdateInput,
    options: AnnouncementWriteOptions = {},
  ): Promise<AnnouncementView> {
    const input = parseInput(AnnouncementUpdateInputSchema, raw);
    const ctx = await this.#context(caller);
    const me = this.#signedIn(ctx);
    const view = await this.#write(async (em) => {
      const announcement = await this.#load(em, ctx, id);
      checkVersion(announcement, options);
      this.#decide(ctx, announcement.serviceIds);
      if (!mayFollow(announcement.phase ?? null, input.status)) {
        throw new DomainError('INVALID_TRANSITION', {
          rule: 'announcement_update_not_allowed',
          params: { status: input.status, phase: announcement.phase ?? 'none' },
        });
      }
      const now = this.#clock.now();
      const update = em.create(AnnouncementUpdate, {
        announcement,
        status: input.status,
        messageFr: input.message.fr,
        messageEn: input.message.en ?? null,
        author: em.getReference(Person, me),
        postedAt: now,
      });
      announcement.phase = input.status;
      announcement.updatedAt = new Date();
      if (input.status === 'resolved') announcement.resolvedAt = now;
      await em.flush();
      const eventId = await this.#publish(
        em,
        ctx,
        announcement,
        input.status === 'resolved' ? 'announcement.resolved' : 'announcement.updated',
        update.id,
      );
      const notified = input.notify ? await this.#notify(em, ctx, announcement, update, eventId) : undefined;
      return withNotified((await this.#views(em, ctx, [announcement]))[0]!, notified);
    });
    this.#outbound.kick();
    return view;
  }

  /** Corrects the fields given. Moving it to other services needs the right for those too. */
  async correct(
    caller: AnnouncementCaller,
    id: string,
    raw: CorrectAnnouncementInput,
    options: AnnouncementWriteOptions = {},
  ): Promise<AnnouncementView> {
    const input = parseInput(CorrectAnnouncementInputSchema, raw);
    const ctx = await this.#context(caller);
    this.#signedIn(ctx);
    const view = await this.#write(async (em) => {
      const a = await this.#load(em, ctx, id);
      checkVersion(a, options);
      this.#decide(ctx, a.serviceIds);
      if (input.services) {
        a.serviceIds = this.#serviceIds(ctx, input.services);
        this.#decide(ctx, a.serviceIds);
      }
      if (input.establishments) a.establishmentIds = this.#establishmentIds(ctx, input.establishments);
      if (input.title) {
        a.titleFr = input.title.fr;
        if (input.title.en !== undefined) a.titleEn = input.title.en;
      }
      if (input.body) {
        a.bodyFr = input.body.fr;
        if (input.body.en !== undefined) a.bodyEn = input.body.en || null;
      }
      if (input.severity) a.severity = input.severity;
      if (input.audience) a.audience = input.audience;
      if (input.startsAt) a.startsAt = input.startsAt;
      if (input.endsAt !== undefined) a.endsAt = input.endsAt;
      checkTimes(a.startsAt, a.endsAt ?? null);
      if (input.linkedTicket !== undefined) {
        a.linkedTicket = input.linkedTicket
          ? em.getReference(Ticket, await this.#visibleTicket(em, ctx, input.linkedTicket))
          : null;
      }
      await em.flush();
      await this.#publish(em, ctx, a, 'announcement.corrected');
      return (await this.#views(em, ctx, [a]))[0]!;
    });
    this.#outbound.kick();
    return view;
  }

  async get(caller: AnnouncementCaller, id: string): Promise<AnnouncementView> {
    const ctx = await this.#context(caller);
    return withEm(this.#orm, async (em) => (await this.#views(em, ctx, [await this.#load(em, ctx, id)]))[0]!);
  }

  /**
   * The announcements the caller may read, filtered: upcoming soonest first, active and all
   * together latest started first, past latest ended first.
   */
  async list(caller: AnnouncementCaller, raw: ListAnnouncementsInput = {}): Promise<AnnouncementPage> {
    const input = parseInput(ListAnnouncementsInputSchema, raw);
    const ctx = await this.#context(caller);
    const now = this.#clock.now();
    const where = this.#filters(ctx, input, now);
    const order =
      input.state === 'upcoming'
        ? 'a.starts_at asc, a.id'
        : input.state === 'past'
          ? 'least(a.resolved_at, a.ends_at) desc nulls last, a.id'
          : 'a.starts_at desc, a.id';
    return withEm(this.#orm, async (em) => {
      const rows = await sql<{ id: string; total: string }>(
        em,
        `select a.id, count(*) over () as total from announcement a where ${where.sql}
          order by ${order} limit $${where.params.length + 1} offset $${where.params.length + 2}`,
        [...where.params, input.limit, input.offset],
      );
      const total = rows.length > 0 ? Number(rows[0]!.total) : await this.#count(em, where);
      const items = await this.#byIds(
        em,
        ctx,
        rows.map((r) => r.id),
      );
      const next = input.offset + rows.length;
      return { items, total, nextOffset: next < total && rows.length > 0 ? next : null };
    });
  }

  /** What a feed carries: the `FEED_SIZE` most recently changed announcements the caller may read. */
  async feed(
    caller: AnnouncementCaller,
    raw: Pick<ListAnnouncementsInput, 'service' | 'establishment'> = {},
  ): Promise<AnnouncementView[]> {
    const input = parseInput(ListAnnouncementsInputSchema, raw);
    const ctx = await this.#context(caller);
    const where = this.#filters(ctx, input, this.#clock.now());
    return withEm(this.#orm, async (em) => {
      const rows = await sql<{ id: string }>(
        em,
        `select a.id from announcement a where ${where.sql} order by a.updated_at desc, a.id limit ${FEED_SIZE}`,
        where.params,
      );
      return this.#byIds(
        em,
        ctx,
        rows.map((r) => r.id),
      );
    });
  }

  /** The time the service reads states at (for adapters that derive caching from it). */
  now(): Date {
    return this.#clock.now();
  }

  /**
   * A fingerprint of what anonymous reads show at this instant. It changes whenever they may: an
   * announcement written or changed (count, versions: every change bumps one), one starting or
   * ending (the counts of those started and ended move, and time only moves forward), and the
   * catalogue reloaded (service names). Adapters remember what they rendered for anonymous readers
   * under it; read it before the content, never after (so a change committing in between only
   * makes what is remembered newer than its fingerprint, never older).
   */
  async publicRevision(): Promise<string> {
    const catalogue = await this.#cache.catalogue();
    const now = this.#clock.now();
    const [row] = await withEm(this.#orm, (em) =>
      sql<{ n: string; versions: string | null; started: string; ended: string }>(
        em,
        `select count(*) as n, sum(version) as versions,
                count(*) filter (where starts_at <= $1) as started,
                count(*) filter (where ends_at <= $1 or resolved_at <= $1) as ended
           from announcement`,
        [now],
      ),
    );
    return `${snapshotNumber(catalogue)}:${row?.n}:${row?.versions ?? 0}:${row?.started}:${row?.ended}`;
  }

  // Internals -------------------------------------------------------------------------------------

  async #context(caller: AnnouncementCaller): Promise<Context> {
    const catalogue = await this.#cache.catalogue();
    if (caller === 'anonymous') return { catalogue, grants: null, moderated: new Set() };
    const grants = await this.#cache.grants(caller.personId);
    return { catalogue, grants, moderated: new Set(catalogue.descendants(grants.moderatorOf)) };
  }

  #signedIn(ctx: Context): string {
    if (!ctx.grants) throw new DomainError('FORBIDDEN', { rule: 'sign_in_required' });
    return ctx.grants.person.id;
  }

  #mayEdit(ctx: Context, serviceIds: readonly string[]): boolean {
    if (!ctx.grants) return false;
    return mayPublish({ functionalAdmin: ctx.grants.functionalAdmin, moderated: ctx.moderated }, serviceIds);
  }

  #decide(ctx: Context, serviceIds: readonly string[]): void {
    if (!this.#mayEdit(ctx, serviceIds)) {
      throw new DomainError('FORBIDDEN', {
        rule: serviceIds.length === 0 ? 'announcement_group_admin_only' : 'announcement_not_moderator',
      });
    }
  }

  #serviceIds(ctx: Context, codes: readonly string[]): string[] {
    return [...new Set(codes.map((code, i) => ctx.catalogue.service(code, `services.${i}`).id))];
  }

  #establishmentIds(ctx: Context, codes: readonly string[]): string[] {
    return [...new Set(codes.map((code, i) => ctx.catalogue.establishment(code, `establishments.${i}`).id))];
  }

  /**
   * Sends a change out, in its transaction: the public view (as an anonymous reader builds it, both
   * languages) to the webhook subscriptions whose filters match, and to `/v1/events` (the
   * `announcement_event` table, in the timeline's order).
   */
  async #publish(
    em: EntityManager,
    ctx: Context,
    a: Announcement,
    type: AnnouncementWebhookType,
    updateId?: string,
  ): Promise<string> {
    const data = await this.#eventData(em, ctx, a, updateId);
    // Its id from the timeline's sequence: one id names one event of the whole stream.
    const [event] = await sql<{ id: string }>(
      em,
      `insert into announcement_event (id, announcement_id, type, audience, linked_ticket_id, data, created_at)
       values (nextval('ticket_event_id_seq'), $1, $2, $3, $4, $5::jsonb, $6) returning id::text as id`,
      [
        a.id,
        type.slice('announcement.'.length),
        a.audience,
        a.linkedTicket?.id ?? null,
        JSON.stringify(data),
        this.#clock.now(),
      ],
    );
    await this.#outbound.enqueue(em, {
      type,
      data: { ...data },
      serviceIds: [...a.serviceIds],
      establishmentIds: [...a.establishmentIds],
    });
    return event!.id;
  }

  /** The mails of a change made with `notify`, in its transaction (see announcement-notifications.ts). */
  async #notify(
    em: EntityManager,
    ctx: Context,
    announcement: Announcement,
    update: AnnouncementUpdate | null,
    eventId: string,
  ): Promise<number> {
    return writeAnnouncementNotifications(em, {
      announcement,
      update,
      eventId,
      actorId: ctx.grants!.person.id,
      catalogue: ctx.catalogue,
      portalUrl: this.#portalUrl,
      now: this.#clock.now(),
    });
  }

  async #eventData(
    em: EntityManager,
    ctx: Context,
    a: Announcement,
    updateId?: string,
  ): Promise<AnnouncementEventData> {
    const anonymous: Context = { catalogue: ctx.catalogue, grants: null, moderated: new Set() };
    const {
      linkedTicket: _ticket,
      editable: _editable,
      ...announcement
    } = (await this.#views(em, anonymous, [a]))[0]!;
    const update = updateId ? announcement.updates.find((u) => u.id === updateId) : undefined;
    return update ? { announcement, update } : { announcement };
  }

  /** A change in one transaction; a concurrent change of the announcement is CONFLICT. */
  async #write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.#orm, work);
    } catch (error) {
      if (error instanceof DomainError && error.details.rule === 'concurrent_update') {
        throw new DomainError('CONFLICT', { rule: 'announcement_concurrent_update' }, { cause: error });
      }
      throw error;
    }
  }

  /** The announcement, if the caller may read it; otherwise NOT_FOUND (the same for both). */
  async #load(em: EntityManager, ctx: Context, id: string): Promise<Announcement> {
    const found = isUuid(id) ? await em.findOne(Announcement, { id }) : null;
    const audiences = AUDIENCE_READERS[ctx.grants ? 'signed_in' : 'anonymous'] as readonly string[];
    if (!found || !audiences.includes(found.audience)) {
      throw new DomainError('NOT_FOUND', { rule: 'announcement_not_found', params: { id } });
    }
    return found;
  }

  /** A ticket the caller may see, by reference; an invisible one is unknown to them. */
  async #visibleTicket(em: EntityManager, ctx: Context, reference: string): Promise<string> {
    const grants = ctx.grants!;
    const scope = visibilitySql(ctx.catalogue, grants, 't', 2);
    const [row] = TICKET_REFERENCE.test(reference)
      ? await sql<{ id: string }>(em, `select t.id from ticket t where t.reference = $1 and ${scope.sql}`, [
          reference.toUpperCase(),
          ...scope.params,
        ])
      : [];
    if (!row) throw fieldError('linkedTicket', 'field.unknown', { value: reference });
    return row.id;
  }

  /** The WHERE clause of a listing, with its parameters `$1`…. */
  #filters(
    ctx: Context,
    input: { state?: AnnouncementState | undefined; service?: string; establishment?: string },
    now: Date,
  ): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const $ = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const parts = [
      `a.audience = any(${$(AUDIENCE_READERS[ctx.grants ? 'signed_in' : 'anonymous'])}::text[])`,
    ];
    if (input.state) {
      const at = `${$(now)}::timestamptz`;
      const over = `(a.resolved_at <= ${at} or a.ends_at <= ${at})`;
      if (input.state === 'past') parts.push(over);
      else
        parts.push(
          `not coalesce(${over}, false)`,
          `a.starts_at ${input.state === 'upcoming' ? '>' : '<='} ${at}`,
        );
    }
    if (input.service) {
      const service = ctx.catalogue.service(input.service, 'service');
      const related = new Set([
        ...ctx.catalogue.ancestry([service.id]),
        ...ctx.catalogue.descendants([service.id]),
      ]);
      parts.push(`(a.service_ids && ${$([...related])}::uuid[] or cardinality(a.service_ids) = 0)`);
    }
    if (input.establishment) {
      const e = ctx.catalogue.establishment(input.establishment, 'establishment');
      parts.push(`(${$(e.id)}::uuid = any(a.establishment_ids) or cardinality(a.establishment_ids) = 0)`);
    }
    return { sql: parts.join(' and '), params };
  }

  async #count(em: EntityManager, where: { sql: string; params: unknown[] }): Promise<number> {
    const [row] = await sql<{ n: string }>(
      em,
      `select count(*)::text as n from announcement a where ${where.sql}`,
      where.params,
    );
    return Number(row?.n ?? 0);
  }

  async #byIds(em: EntityManager, ctx: Context, ids: string[]): Promise<AnnouncementView[]> {
    if (ids.length === 0) return [];
    const found = await em.find(Announcement, { id: { $in: ids } });
    const byId = new Map(found.map((a) => [a.id, a]));
    return this.#views(em, ctx, ids.map((id) => byId.get(id)!).filter(Boolean));
  }

  /** Views in the given order, with their updates and the linked tickets the caller may see. */
  async #views(em: EntityManager, ctx: Context, list: Announcement[]): Promise<AnnouncementView[]> {
    const updates = await em.find(
      AnnouncementUpdate,
      { announcement: { $in: list.map((a) => a.id) } },
      { orderBy: { postedAt: 'asc', id: 'asc' } },
    );
    const tickets = await this.#visibleReferences(
      em,
      ctx,
      list.map((a) => a.linkedTicket?.id).filter((x): x is string => !!x),
    );
    const now = this.#clock.now();
    const codes = ctx.catalogue.codes;
    return list.map((a) => ({
      id: a.id,
      title: { fr: a.titleFr, en: a.titleEn ?? null },
      body: { fr: a.bodyFr, en: a.bodyEn ?? null },
      severity: a.severity,
      services: a.serviceIds.map((id) => codes.service(id)).filter((c): c is string => !!c),
      establishments: a.establishmentIds.map((id) => codes.establishment(id)).filter((c): c is string => !!c),
      audience: a.audience,
      startsAt: a.startsAt,
      endsAt: a.endsAt ?? null,
      resolvedAt: a.resolvedAt ?? null,
      state: announcementState(
        { startsAt: a.startsAt, endsAt: a.endsAt ?? null, resolvedAt: a.resolvedAt ?? null },
        now,
      ),
      phase: a.phase ?? null,
      linkedTicket: a.linkedTicket ? (tickets.get(a.linkedTicket.id) ?? null) : null,
      updates: updates
        .filter((u) => u.announcement.id === a.id)
        .map((u) => ({
          id: u.id,
          status: u.status,
          message: { fr: u.messageFr, en: u.messageEn ?? null },
          postedAt: u.postedAt,
        })),
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
      version: a.version,
      editable: this.#mayEdit(ctx, a.serviceIds),
    }));
  }

  /** References of the tickets among `ids` that the caller may see (none for anonymous readers). */
  async #visibleReferences(em: EntityManager, ctx: Context, ids: string[]): Promise<Map<string, string>> {
    if (!ctx.grants || ids.length === 0) return new Map();
    const scope = visibilitySql(ctx.catalogue, ctx.grants, 't', 2);
    const rows = await sql<{ id: string; reference: string }>(
      em,
      `select t.id, t.reference from ticket t where t.id = any($1::uuid[]) and ${scope.sql}`,
      [ids, ...scope.params],
    );
    return new Map(rows.map((r) => [r.id, r.reference]));
  }
}

function withNotified(view: AnnouncementView, notified: number | undefined): AnnouncementView {
  return notified === undefined ? view : { ...view, notified };
}

function checkTimes(startsAt: Date, endsAt: Date | null): void {
  if (endsAt && endsAt.getTime() <= startsAt.getTime()) {
    throw fieldError('endsAt', 'field.announcement_ends_before_start');
  }
}

function checkVersion(a: Announcement, options: AnnouncementWriteOptions): void {
  if (options.expectedVersion !== undefined && options.expectedVersion !== a.version) {
    throw new DomainError('CONFLICT', {
      rule: 'announcement_stale_version',
      params: { expected: options.expectedVersion, actual: a.version },
    });
  }
}
