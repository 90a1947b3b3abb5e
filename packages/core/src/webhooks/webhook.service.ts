import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Webhook } from 'standardwebhooks';
import type { ReadCache } from '../cache/read-cache.ts';
import type { CoreConfig, CoreHooks } from '../config.ts';
import { sql } from '../db/sql.ts';
import { inTransaction, withEm } from '../db/transaction.ts';
import { DomainError, fieldError } from '../errors.ts';
import { type ConsumedEvent, consumeTimeline } from '../events/timeline-consumer.ts';
import { type Language, translate } from '../i18n/messages.ts';
import { type Grants, isStaff, parties, rolesOnTicket } from '../people/access.ts';
import { type AdminActor, loadAdminAuthority } from '../people/authority.ts';
import type { Clock } from '../shared/clock.ts';
import { Coalesced } from '../shared/coalesced.ts';
import { isUuid } from '../shared/ids.ts';
import { parseInput } from '../shared/validation.ts';
import type { WebhookDeliveryStatus } from './webhook.entity.ts';
import {
  DISABLE_AFTER_FAILING_SECONDS,
  ENQUEUED_WEBHOOK_TYPES,
  matchesType,
  patternProblem,
  RESPONSE_EXCERPT_BYTES,
  retryDelaySeconds,
  WEBHOOK_TEST_TYPE,
} from './webhook.rules.ts';
import {
  type WebhookInput,
  WebhookInputSchema,
  type WebhookPatch,
  WebhookPatchSchema,
} from './webhook.schemas.ts';
import { deriveSecret } from './webhook-secret.ts';
import { checkTarget, postOnce, TargetRefused } from './webhook-target.ts';

/** The timeline consumer's name (its row in `timeline_cursor`). */
export const WEBHOOKS_CONSUMER = 'webhooks';

type WebhookConfig = CoreConfig['webhooks'];
type Log = NonNullable<CoreHooks['log']>;

/** A subscription as its owner sees it (never its secret). */
export interface WebhookView {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  /** Service codes the events must concern (empty: any). */
  services: string[];
  /** Establishment codes the events must concern (empty: any). */
  establishments: string[];
  active: boolean;
  /** Set when the server disabled it after repeated failures. */
  disabledReason: string | null;
  disabledAt: Date | null;
  ownerId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A subscription with its signing secret: only the answer of a creation or a rotation. */
export interface WebhookWithSecret extends WebhookView {
  secret: string;
}

export interface WebhookAttemptView {
  attemptedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

export interface WebhookDeliveryView {
  id: string;
  type: string;
  eventId: string | null;
  sequence: number;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  /** The body sent (`{type, timestamp, data}`). */
  payload: unknown;
  /** Each attempt, oldest first. */
  log: WebhookAttemptView[];
}

/** An event from another capability, written with `enqueue` in that capability's transaction. */
export interface WebhookEventInput {
  /** `<source>.<name>`, e.g. `announcement.published`. */
  type: string;
  data: Record<string, unknown>;
  /** The services it concerns (empty: the whole group, so every service filter matches). */
  serviceIds?: string[];
  /** The establishments it concerns (empty: all). */
  establishmentIds?: string[];
  /**
   * Whether a subscription's owner may read what the event tells (an internal article): asked with
   * the owner's grants now. Without it, every administrator may.
   */
  readableBy?: (owner: Grants) => boolean;
}

export interface WebhookDeliveryReport {
  delivered: number;
  /** Failed, tried again later. */
  retried: number;
  /** Given up on. */
  failed: number;
}

interface SubscriptionRow {
  id: string;
  owner_id: string;
  url: string;
  description: string;
  event_types: string[];
  service_ids: string[];
  establishment_ids: string[];
  active: boolean;
  secret_version: number;
  disabled_reason: string | null;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface DeliveryRow {
  id: string;
  type: string;
  event_id: string | null;
  sequence: number;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
  payload: string;
}

interface ClaimedRow {
  id: string;
  subscription_id: string;
  type: string;
  payload: string;
  attempts: number;
  round_attempts: number;
  failing_since: Date | null;
  url: string;
  secret_version: number;
}

interface TicketFacts {
  id: string;
  reference: string;
  requester_id: string;
  agent_id: string | null;
  team_id: string | null;
  service_id: string | null;
  sub_service_id: string | null;
  establishment_id: string | null;
}

const SUBSCRIPTION = `select id, owner_id, url, description, event_types, service_ids, establishment_ids, active,
  secret_version, disabled_reason, disabled_at, created_at, updated_at from webhook_subscription`;

const DELIVERY = `select id, type, event_id::text as event_id, sequence, status, attempts, next_attempt_at, last_status_code,
  last_error, delivered_at, created_at, payload from webhook_delivery`;

/*
 * Claims due deliveries of active subscriptions: skip locked makes concurrent workers take disjoint
 * rows, the lease (next_attempt_at pushed forward) keeps others away while the POST happens outside
 * any transaction, and the new attempt count is the claim's token. A ticket's delivery waits while
 * an earlier one of the same ticket, for the same subscription, is still pending (per-ticket order).
 */
const CLAIM = `with due as (
    select d.id from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
     where d.status = 'pending' and d.next_attempt_at <= $1 and s.active
       and not exists (select 1 from webhook_delivery b
                        where b.subscription_id = d.subscription_id and b.ticket_id = d.ticket_id
                          and b.status = 'pending' and b.sequence < d.sequence)
     order by d.next_attempt_at, d.id limit $3 for update of d skip locked
  ), claimed as (
    update webhook_delivery w set attempts = w.attempts + 1, round_attempts = w.round_attempts + 1,
           next_attempt_at = $2, updated_at = $1
      from due where w.id = due.id
      returning w.id, w.subscription_id, w.type, w.payload, w.attempts, w.round_attempts, w.failing_since
  )
  select c.*, s.url, s.secret_version from claimed c join webhook_subscription s on s.id = c.subscription_id`;

const INSERT_DELIVERIES = `insert into webhook_delivery (id, created_at, updated_at, subscription_id, type, event_id, ticket_id,
    sequence, payload, status, attempts, round_attempts, next_attempt_at)
  select d.id, $2, $2, d.subscription_id, d.type, d.event_id, d.ticket_id, d.sequence, d.payload, 'pending', 0, 0, $2
    from jsonb_to_recordset($1::jsonb) as d(id uuid, subscription_id uuid, type text, event_id bigint, ticket_id uuid,
         sequence int, payload text)
  on conflict (subscription_id, event_id) where event_id is not null do nothing`;

/**
 * Outbound webhooks, signed to the Standard Webhooks specification.
 *
 * - **Subscriptions** belong to the functional or technical admin who created them; only they read
 *   or change them (their deliveries hold what they may read, nobody else's).
 * - **Fan-out**: a consumer of the timeline writes one delivery per (event, matching subscription),
 *   in the transaction that moves its cursor, for the events the owner may see then (internal ones
 *   only where the owner is staff on the ticket). `enqueue` does the same for other sources in their
 *   own transaction.
 * - **Delivery**: claimed with a lease, signed, POSTed once per attempt to a target checked again
 *   at that moment (no private, loopback or link-local address unless allowed), every attempt
 *   logged; retries follow `RETRY_SCHEDULE_SECONDS` (about 27 h); a ticket's deliveries go in order;
 *   a delivery failing for more than a day disables its subscription and tells the owner.
 */
export class WebhookService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #cache: ReadCache;
  readonly #config: WebhookConfig;
  readonly #key: () => Promise<Buffer>;
  readonly #log: Log;
  readonly #runner: Coalesced;
  readonly #working: boolean;
  #closed = false;

  constructor(
    orm: MikroORM,
    clock: Clock,
    cache: ReadCache,
    config: WebhookConfig,
    key: () => Promise<Buffer>,
    log: Log,
    working = true,
  ) {
    this.#orm = orm;
    this.#clock = clock;
    this.#cache = cache;
    this.#config = config;
    this.#working = working;
    let loaded: Promise<Buffer> | null = null;
    // Read (or created) on first use only: a process that never signs never touches the key file.
    this.#key = () => {
      loaded ??= key();
      return loaded;
    };
    this.#log = log;
    this.#runner = new Coalesced(
      async () => {
        await this.fanOut();
        await this.deliverDue();
      },
      (error) => log('warn', 'webhook pass failed; the periodic pass retries', { error: String(error) }),
    );
  }

  /**
   * Fans out and delivers soon, in the background (coalesced), where this process works the queue
   * (`scheduler.enabled`); elsewhere the working processes' periodic pass does it.
   */
  kick(): void {
    if (this.#working) this.#runner.kick();
  }

  /** Resolves when no background pass is running (tests). */
  async idle(): Promise<void> {
    await this.#runner.idle();
  }

  /** Stops taking new deliveries and waits for the pass running. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#runner.close();
  }

  // ---- Subscriptions ----

  /** Creates a subscription owned by the caller; the answer carries the secret, shown this once. */
  async create(actor: AdminActor, input: WebhookInput): Promise<WebhookWithSecret> {
    const data = parseInput(WebhookInputSchema, input);
    await this.#checkTarget(data.url);
    const created = await inTransaction(this.#orm, async (em) => {
      const ownerId = await this.#administrator(em, actor);
      const scope = await this.#scope(data);
      const now = this.#clock.now();
      const [row] = await sql<SubscriptionRow>(
        em,
        `insert into webhook_subscription (id, created_at, updated_at, owner_id, url, description, event_types, service_ids,
           establishment_ids, active, secret_version)
         values ($1, $2, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, 1)
         returning id, owner_id, url, description, event_types, service_ids, establishment_ids, active, secret_version,
           disabled_reason, disabled_at, created_at, updated_at`,
        [
          randomUUID(),
          now,
          ownerId,
          data.url,
          data.description,
          JSON.stringify(unique(data.eventTypes)),
          JSON.stringify(scope.serviceIds ?? []),
          JSON.stringify(scope.establishmentIds ?? []),
          data.active,
        ],
      );
      return row!;
    });
    return { ...(await this.#view(created)), secret: await this.#secret(created) };
  }

  /** The caller's subscriptions, newest first. */
  async list(actor: AdminActor): Promise<WebhookView[]> {
    return withEm(this.#orm, async (em) => {
      const ownerId = await this.#administrator(em, actor);
      const rows = await sql<SubscriptionRow>(
        em,
        `${SUBSCRIPTION} where owner_id = $1 order by created_at desc, id`,
        [ownerId],
      );
      const codes = (await this.#cache.catalogue()).codes;
      return rows.map((r) => toView(r, codes));
    });
  }

  /** One of the caller's subscriptions. */
  async get(actor: AdminActor, id: string): Promise<WebhookView> {
    return this.#view(await withEm(this.#orm, (em) => this.#own(em, actor, id)));
  }

  /**
   * Changes a subscription. Activating it again clears the server's reason for disabling it, and its
   * deliveries still pending resume.
   */
  async update(actor: AdminActor, id: string, patch: WebhookPatch): Promise<WebhookView> {
    const data = parseInput(WebhookPatchSchema, patch);
    if (Object.keys(data).length === 0) throw fieldError('body', 'field.required');
    if (data.url !== undefined) await this.#checkTarget(data.url);
    const view = await inTransaction(this.#orm, async (em) => {
      const current = await this.#own(em, actor, id, true);
      const scope = await this.#scope(data);
      const active = data.active ?? current.active;
      const [row] = await sql<SubscriptionRow>(
        em,
        `update webhook_subscription set url = $2, description = $3, event_types = $4::jsonb, service_ids = $5::jsonb,
           establishment_ids = $6::jsonb, active = $7, disabled_reason = $8, disabled_at = $9, updated_at = $10
         where id = $1
         returning id, owner_id, url, description, event_types, service_ids, establishment_ids, active, secret_version,
           disabled_reason, disabled_at, created_at, updated_at`,
        [
          id,
          data.url ?? current.url,
          data.description ?? current.description,
          JSON.stringify(data.eventTypes ? unique(data.eventTypes) : current.event_types),
          JSON.stringify(scope.serviceIds ?? current.service_ids),
          JSON.stringify(scope.establishmentIds ?? current.establishment_ids),
          active,
          // Active again (or still): the server's reason for disabling it no longer holds.
          active ? null : current.disabled_reason,
          active ? null : current.disabled_at,
          this.#clock.now(),
        ],
      );
      return row!;
    });
    if (view.active) this.kick();
    return this.#view(view);
  }

  /** Deletes a subscription with its deliveries and their log. */
  async remove(actor: AdminActor, id: string): Promise<void> {
    await inTransaction(this.#orm, async (em) => {
      await this.#own(em, actor, id, true);
      await sql(em, 'delete from webhook_subscription where id = $1', [id]);
    });
  }

  /**
   * Gives the subscription a new secret (the old one stops signing at once) and returns it, shown
   * this once.
   */
  async rotateSecret(actor: AdminActor, id: string): Promise<WebhookWithSecret> {
    const row = await inTransaction(this.#orm, async (em) => {
      await this.#own(em, actor, id, true);
      const [updated] = await sql<SubscriptionRow>(
        em,
        `update webhook_subscription set secret_version = secret_version + 1, updated_at = $2 where id = $1
         returning id, owner_id, url, description, event_types, service_ids, establishment_ids, active, secret_version,
           disabled_reason, disabled_at, created_at, updated_at`,
        [id, this.#clock.now()],
      );
      return updated!;
    });
    return { ...(await this.#view(row)), secret: await this.#secret(row) };
  }

  /** A subscription's deliveries, newest first, each with its attempts. */
  async deliveries(
    actor: AdminActor,
    id: string,
    query: { status?: WebhookDeliveryStatus; limit?: number } = {},
  ): Promise<WebhookDeliveryView[]> {
    return withEm(this.#orm, async (em) => {
      await this.#own(em, actor, id);
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
      const rows = await sql<DeliveryRow>(
        em,
        `${DELIVERY} where subscription_id = $1 and ($2::text is null or status = $2)
          order by created_at desc, sequence desc, id limit $3`,
        [id, query.status ?? null, limit],
      );
      return this.#withLog(em, rows);
    });
  }

  /**
   * Sends a delivered or given-up delivery again, as a new round of the retry schedule (same id and
   * payload, so a receiver recognises it). A pending one is already on its way.
   */
  async redeliver(actor: AdminActor, id: string, deliveryId: string): Promise<WebhookDeliveryView> {
    const view = await inTransaction(this.#orm, async (em) => {
      await this.#own(em, actor, id, true);
      const [row] = isUuid(deliveryId)
        ? await sql<DeliveryRow>(em, `${DELIVERY} where id = $1 and subscription_id = $2 for update`, [
            deliveryId,
            id,
          ])
        : [];
      if (!row)
        throw new DomainError('NOT_FOUND', {
          rule: 'webhook_delivery_not_found',
          params: { id: deliveryId },
        });
      if (row.status === 'pending') throw new DomainError('CONFLICT', { rule: 'webhook_delivery_pending' });
      const [updated] = await sql<DeliveryRow>(
        em,
        `update webhook_delivery set status = 'pending', round_attempts = 0, failing_since = null, next_attempt_at = $2,
           updated_at = $2 where id = $1
         returning id, type, event_id::text as event_id, sequence, status, attempts, next_attempt_at, last_status_code,
           last_error, delivered_at, created_at, payload`,
        [deliveryId, this.#clock.now()],
      );
      return (await this.#withLog(em, [updated!]))[0]!;
    });
    this.kick();
    return view;
  }

  /**
   * Sends a `webhook.test` event to the subscription at once (even inactive, to check a receiver
   * before turning it on) and returns the delivery with its attempt. Not retried.
   */
  async test(actor: AdminActor, id: string): Promise<WebhookDeliveryView> {
    const deliveryId = randomUUID();
    const claimed = await inTransaction(this.#orm, async (em) => {
      const sub = await this.#own(em, actor, id);
      const now = this.#clock.now();
      const payload = JSON.stringify({
        type: WEBHOOK_TEST_TYPE,
        timestamp: now.toISOString(),
        data: { webhookId: sub.id },
      });
      await sql(
        em,
        `insert into webhook_delivery (id, created_at, updated_at, subscription_id, type, sequence, payload, status,
           attempts, round_attempts, next_attempt_at)
         values ($1, $2, $2, $3, $4, 0, $5, 'pending', 1, 1, $6)`,
        [
          deliveryId,
          now,
          id,
          WEBHOOK_TEST_TYPE,
          payload,
          new Date(now.getTime() + this.#config.leaseSeconds * 1_000),
        ],
      );
      return {
        id: deliveryId,
        subscription_id: id,
        type: WEBHOOK_TEST_TYPE,
        payload,
        attempts: 1,
        round_attempts: 1,
        failing_since: null,
        url: sub.url,
        secret_version: sub.secret_version,
      } satisfies ClaimedRow;
    });
    await this.#deliver(claimed);
    return withEm(this.#orm, async (em) => {
      const rows = await sql<DeliveryRow>(em, `${DELIVERY} where id = $1`, [deliveryId]);
      return (await this.#withLog(em, rows))[0]!;
    });
  }

  // ---- Fan-out ----

  /** Turns every timeline event committed since the last fan-out into deliveries. */
  async fanOut(pageSize = 500): Promise<{ events: number; queued: number; waiting: boolean }> {
    const report = { events: 0, queued: 0, waiting: false };
    for (;;) {
      const page = await consumeTimeline(this.#orm, WEBHOOKS_CONSUMER, pageSize, async (em, events) => {
        report.queued += await this.#fanOutTicketEvents(em, events);
      });
      report.events += page.consumed;
      if (!page.more) {
        report.waiting = page.held;
        return report;
      }
    }
  }

  /**
   * Fans out until every event committed before the call is handled, waiting (up to `timeoutMs`)
   * for older transactions that hold newer events back. For tests and tools.
   */
  async settle(timeoutMs = 10_000): Promise<{ events: number; queued: number }> {
    const deadline = Date.now() + timeoutMs;
    const total = { events: 0, queued: 0 };
    for (;;) {
      const r = await this.fanOut();
      total.events += r.events;
      total.queued += r.queued;
      if (!r.waiting || Date.now() > deadline) return total;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Writes the deliveries of an event of another capability (an announcement, a published article),
   * in that capability's transaction `em`: the event goes out if and only if its change commits.
   * Such events go to subscriptions whose owner may read them (every administrator, unless
   * `readableBy` says otherwise; never a deactivated owner), and the filters of each subscription
   * apply (an event without services concerns the whole group, so it passes every service filter).
   * The type must be one of the declared ones (`ENQUEUED_WEBHOOK_TYPES`). Returns the number of
   * deliveries written; call `kick()` once the transaction has committed.
   *
   * @example await webhooks.enqueue(em, { type: 'announcement.published', data: { announcement }, serviceIds })
   */
  async enqueue(em: EntityManager, event: WebhookEventInput): Promise<number> {
    if (!ENQUEUED_WEBHOOK_TYPES.includes(event.type)) {
      throw fieldError('type', 'field.invalid', { reason: ENQUEUED_WEBHOOK_TYPES.join(' | ') });
    }
    const subs = await this.#activeSubscriptions(em);
    const now = this.#clock.now();
    const services = event.serviceIds ?? [];
    const establishments = event.establishmentIds ?? [];
    const catalogue = await this.#cache.catalogue();
    const chain = catalogue.ancestry(services);
    const matching = subs.filter(
      (s) =>
        matchesType(s.event_types, event.type) &&
        (s.service_ids.length === 0 || services.length === 0 || s.service_ids.some((id) => chain.has(id))) &&
        (s.establishment_ids.length === 0 ||
          establishments.length === 0 ||
          s.establishment_ids.some((id) => establishments.includes(id))),
    );
    const rows: Record<string, unknown>[] = [];
    for (const s of matching) {
      let grants: Grants;
      try {
        grants = await this.#cache.grants(s.owner_id);
      } catch {
        // A deactivated owner reads nothing any more: their subscriptions receive nothing.
        continue;
      }
      if (event.readableBy && !event.readableBy(grants)) continue;
      rows.push({
        id: randomUUID(),
        subscription_id: s.id,
        type: event.type,
        event_id: null,
        ticket_id: null,
        sequence: 0,
        payload: JSON.stringify({ type: event.type, timestamp: now.toISOString(), data: event.data }),
      });
    }
    if (rows.length > 0) await sql(em, INSERT_DELIVERIES, [JSON.stringify(rows), now]);
    return rows.length;
  }

  async #fanOutTicketEvents(em: EntityManager, events: ConsumedEvent[]): Promise<number> {
    const subs = (await this.#activeSubscriptions(em)).filter((s) =>
      events.some((e) => matchesType(s.event_types, `ticket.${e.type}`)),
    );
    if (subs.length === 0) return 0;
    const ticketIds = [...new Set(events.map((e) => e.ticketId))];
    const tickets = new Map(
      (
        await sql<TicketFacts>(
          em,
          `select id, reference, requester_id, agent_id, team_id, service_id, sub_service_id, establishment_id
             from ticket where id = any($1::uuid[])`,
          [ticketIds],
        )
      ).map((t) => [t.id, t]),
    );
    // Each event's place in its ticket's timeline, in the feed's order (final below the horizon).
    const sequences = new Map(
      (
        await sql<{ id: string; sequence: number }>(
          em,
          `select e.id::text as id,
                  (select count(*) from ticket_event x where x.ticket_id = e.ticket_id and (x.tx, x.id) <= (e.tx, e.id))::int as sequence
             from ticket_event e where e.id = any($1::bigint[])`,
          [events.map((e) => e.id)],
        )
      ).map((r) => [r.id, r.sequence]),
    );
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))];
    const actors = new Map(
      (
        await sql<{ id: string; email: string; display_name: string }>(
          em,
          'select id, email, display_name from person where id = any($1::uuid[])',
          [actorIds],
        )
      ).map((a) => [a.id, { id: a.id, email: a.email, displayName: a.display_name }]),
    );
    const catalogue = await this.#cache.catalogue();
    const rows: Record<string, unknown>[] = [];
    for (const s of subs) {
      let grants: Grants;
      try {
        grants = await this.#cache.grants(s.owner_id);
      } catch {
        // A deactivated owner reads nothing any more: their subscriptions receive nothing.
        continue;
      }
      for (const e of events) {
        const type = `ticket.${e.type}`;
        const t = tickets.get(e.ticketId);
        if (!t || !matchesType(s.event_types, type)) continue;
        const services = [t.service_id, t.sub_service_id].filter((x): x is string => !!x);
        if (s.service_ids.length > 0 && !s.service_ids.some((id) => catalogue.ancestry(services).has(id)))
          continue;
        if (
          s.establishment_ids.length > 0 &&
          !(t.establishment_id && s.establishment_ids.includes(t.establishment_id))
        )
          continue;
        // What the owner may read now, with the same rules as the ticket views and /v1/events.
        const roles = rolesOnTicket(
          catalogue,
          grants,
          parties({
            requesterId: t.requester_id,
            agentId: t.agent_id,
            teamId: t.team_id,
            serviceId: t.service_id,
            subServiceId: t.sub_service_id,
          }),
        );
        if (roles.size === 0) continue;
        if (e.visibility === 'internal' && !isStaff({ personId: s.owner_id, roles })) continue;
        const sequence = sequences.get(e.id) ?? 0;
        rows.push({
          id: randomUUID(),
          subscription_id: s.id,
          type,
          event_id: e.id,
          ticket_id: t.id,
          sequence,
          payload: JSON.stringify({
            type,
            timestamp: new Date(e.createdAt).toISOString(),
            data: {
              eventId: e.id,
              ticket: { id: t.id, reference: t.reference },
              sequence,
              visibility: e.visibility,
              actor: e.actorId ? (actors.get(e.actorId) ?? null) : null,
              data: e.data,
            },
          }),
        });
      }
    }
    if (rows.length > 0) await sql(em, INSERT_DELIVERIES, [JSON.stringify(rows), this.#clock.now()]);
    return rows.length;
  }

  // ---- Delivery ----

  /** Delivers every due delivery (claimed batch by batch) and reports what happened. */
  async deliverDue(): Promise<WebhookDeliveryReport> {
    const report: WebhookDeliveryReport = { delivered: 0, retried: 0, failed: 0 };
    for (;;) {
      if (this.#closed) break;
      const now = this.#clock.now();
      const leaseEnd = new Date(now.getTime() + this.#config.leaseSeconds * 1_000);
      const claimed = await inTransaction(this.#orm, (em) =>
        sql<ClaimedRow>(em, CLAIM, [now, leaseEnd, this.#config.batchSize]),
      );
      if (claimed.length === 0) break;
      // Different receivers at once; one receiver's deliveries one after another.
      const byUrl = new Map<string, ClaimedRow[]>();
      for (const row of claimed)
        byUrl.set(row.subscription_id, [...(byUrl.get(row.subscription_id) ?? []), row]);
      await Promise.all(
        [...byUrl.values()].map(async (rows) => {
          for (const row of rows) report[await this.#deliver(row)] += 1;
        }),
      );
    }
    if (report.delivered + report.retried + report.failed > 0)
      this.#log('info', 'webhook delivery', { ...report });
    return report;
  }

  async #deliver(row: ClaimedRow): Promise<keyof WebhookDeliveryReport> {
    const secret = deriveSecret(await this.#key(), row.subscription_id, row.secret_version);
    // The signature's timestamp is the wall clock's: receivers compare it with theirs (replay window).
    const signedAt = new Date();
    const signature = new Webhook(secret).sign(row.id, signedAt, row.payload);
    const result = await postOnce(
      row.url,
      {
        'webhook-id': row.id,
        'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1_000)),
        'webhook-signature': signature,
      },
      row.payload,
      {
        allowHttp: this.#config.allowHttp,
        allowedTargets: this.#config.allowedTargets,
        timeoutMs: this.#config.timeoutSeconds * 1_000,
        excerptBytes: RESPONSE_EXCERPT_BYTES,
      },
    );
    const now = this.#clock.now();
    const ok = result.error === null;
    const isTest = row.type === WEBHOOK_TEST_TYPE;
    const delay = ok || isTest ? null : retryDelaySeconds(row.round_attempts);
    const outcome: keyof WebhookDeliveryReport = ok ? 'delivered' : delay === null ? 'failed' : 'retried';
    const failingSince = ok ? null : (row.failing_since ?? now);
    const next = delay === null ? now : new Date(now.getTime() + delay * 1_000);
    await inTransaction(this.#orm, async (em) => {
      const updated = await sql<{ id: string }>(
        em,
        `update webhook_delivery set status = $3, next_attempt_at = $4, last_status_code = $5, last_error = $6,
           delivered_at = case when $3 = 'delivered' then $7 else delivered_at end, failing_since = $8, updated_at = $7
         where id = $1 and attempts = $2 and status = 'pending' returning id`,
        [
          row.id,
          row.attempts,
          outcome === 'retried' ? 'pending' : outcome,
          next,
          result.statusCode,
          result.error?.slice(0, 1_000) ?? null,
          now,
          failingSince,
        ],
      );
      // Our claim was taken over (lease expired): the other worker records its own attempt.
      if (updated.length === 0) return;
      await sql(
        em,
        `insert into webhook_attempt (delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error)
         values ($1, $2, $3, $4, $5, $6)`,
        [
          row.id,
          now,
          result.statusCode,
          result.latencyMs,
          result.excerpt ? truncateUtf8(result.excerpt, RESPONSE_EXCERPT_BYTES) : null,
          result.error?.slice(0, 1_000) ?? null,
        ],
      );
      const failedLongEnough =
        failingSince !== null &&
        now.getTime() - new Date(failingSince).getTime() >= DISABLE_AFTER_FAILING_SECONDS * 1_000;
      if (outcome === 'failed' && !isTest && failedLongEnough)
        await this.#disable(em, row, result.error ?? '', now);
    });
    if (!ok)
      this.#log(
        outcome === 'failed' ? 'error' : 'warn',
        outcome === 'failed' ? 'webhook given up' : 'webhook failed; retrying',
        {
          deliveryId: row.id,
          attempts: row.attempts,
          error: result.error,
        },
      );
    return outcome;
  }

  /** Disables the subscription (if still active) and tells its owner through the notification outbox. */
  async #disable(em: EntityManager, row: ClaimedRow, error: string, now: Date): Promise<void> {
    const [sub] = await sql<{ owner_id: string; url: string; language: Language }>(
      em,
      `update webhook_subscription s set active = false, disabled_reason = $2, disabled_at = $3, updated_at = $3
        from person p
        where s.id = $1 and s.active and p.id = s.owner_id
        returning s.owner_id, s.url, p.language`,
      [row.subscription_id, `delivery ${row.id} failed for more than a day: ${error}`.slice(0, 400), now],
    );
    if (!sub) return;
    const params = { url: sub.url, error };
    await sql(
      em,
      `insert into notification (id, created_at, updated_at, recipient_id, kind, language, subject, body, status)
       values ($1, $2, $2, $3, 'webhook.disabled', $4, $5, $6, 'pending')`,
      [
        randomUUID(),
        now,
        sub.owner_id,
        sub.language,
        translate(sub.language, 'notify.webhook_disabled.subject', params),
        translate(sub.language, 'notify.webhook_disabled.body', params),
      ],
    );
    this.#log('error', 'webhook subscription disabled', { subscriptionId: row.subscription_id });
  }

  // ---- Helpers ----

  async #secret(row: SubscriptionRow): Promise<string> {
    return deriveSecret(await this.#key(), row.id, row.secret_version);
  }

  async #checkTarget(url: string): Promise<void> {
    try {
      await checkTarget(url, this.#config);
    } catch (error) {
      if (error instanceof TargetRefused)
        throw fieldError('url', 'field.webhook_target_refused', { reason: error.message });
      throw error;
    }
  }

  /** The caller's person id, when they are a functional or technical admin through an administrative credential. */
  async #administrator(em: EntityManager, actor: AdminActor): Promise<string> {
    const authority = await loadAdminAuthority(em, actor);
    if (!authority.personId || !(authority.functionalAdmin || authority.technicalAdmin))
      throw new DomainError('FORBIDDEN', { rule: 'webhook_admin_only' });
    return authority.personId;
  }

  /** A subscription of the caller's (another's is not found: nothing of it is revealed). */
  async #own(em: EntityManager, actor: AdminActor, id: string, lock = false): Promise<SubscriptionRow> {
    const ownerId = await this.#administrator(em, actor);
    const [row] = isUuid(id)
      ? await sql<SubscriptionRow>(
          em,
          `${SUBSCRIPTION} where id = $1 and owner_id = $2${lock ? ' for update' : ''}`,
          [id, ownerId],
        )
      : [];
    if (!row) throw new DomainError('NOT_FOUND', { rule: 'webhook_not_found', params: { id } });
    return row;
  }

  /** The input's event types checked, its service and establishment codes turned into ids. */
  async #scope(data: {
    eventTypes?: string[];
    services?: string[];
    establishments?: string[];
  }): Promise<{ serviceIds?: string[]; establishmentIds?: string[] }> {
    for (const [i, pattern] of (data.eventTypes ?? []).entries()) {
      const problem = patternProblem(pattern);
      if (problem) throw fieldError(`eventTypes.${i}`, 'field.invalid', { reason: problem });
    }
    const catalogue = await this.#cache.catalogue();
    return {
      ...(data.services
        ? { serviceIds: unique(data.services.map((c, i) => catalogue.service(c, `services.${i}`).id)) }
        : {}),
      ...(data.establishments
        ? {
            establishmentIds: unique(
              data.establishments.map((c, i) => catalogue.establishment(c, `establishments.${i}`).id),
            ),
          }
        : {}),
    };
  }

  async #view(row: SubscriptionRow): Promise<WebhookView> {
    return toView(row, (await this.#cache.catalogue()).codes);
  }

  async #activeSubscriptions(em: EntityManager): Promise<SubscriptionRow[]> {
    return sql<SubscriptionRow>(em, `${SUBSCRIPTION} where active order by id`);
  }

  async #withLog(em: EntityManager, rows: DeliveryRow[]): Promise<WebhookDeliveryView[]> {
    if (rows.length === 0) return [];
    const attempts = await sql<{
      delivery_id: string;
      attempted_at: Date;
      status_code: number | null;
      latency_ms: number;
      response_excerpt: string | null;
      error: string | null;
    }>(
      em,
      `select delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error from webhook_attempt
        where delivery_id = any($1::uuid[]) order by id`,
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      eventId: r.event_id,
      sequence: r.sequence,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: new Date(r.next_attempt_at),
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
      createdAt: new Date(r.created_at),
      payload: JSON.parse(r.payload) as unknown,
      log: attempts
        .filter((a) => a.delivery_id === r.id)
        .map((a) => ({
          attemptedAt: new Date(a.attempted_at),
          statusCode: a.status_code,
          latencyMs: a.latency_ms,
          responseExcerpt: a.response_excerpt,
          error: a.error,
        })),
    }));
  }
}

function toView(
  row: SubscriptionRow,
  codes: { service(id: string): string | null; establishment(id: string): string | null },
): WebhookView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    services: row.service_ids.map((id) => codes.service(id)).filter((c): c is string => c !== null),
    establishments: row.establishment_ids
      .map((id) => codes.establishment(id))
      .filter((c): c is string => c !== null),
    active: row.active,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at ? new Date(row.disabled_at) : null,
    ownerId: row.owner_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** At most `bytes` bytes of UTF-8, cut before a partial character. */
function truncateUtf8(text: string, bytes: number): string {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= bytes) return text;
  return buffer
    .subarray(0, bytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}
