import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { ReadCache } from '../cache/read-cache.ts';
import { sql } from '../db/sql.ts';
import { inTransaction, withEm } from '../db/transaction.ts';
import { fieldError } from '../errors.ts';
import { type ConsumedEvent, consumeTimeline } from '../events/timeline-consumer.ts';
import { type Language, translate } from '../i18n/messages.ts';
import type { PersonCaller } from '../people/authority.ts';
import type { Clock } from '../shared/clock.ts';
import { Coalesced } from '../shared/coalesced.ts';
import {
  type Audience,
  NOTIFICATION_DELIVERIES,
  NOTIFICATION_KINDS,
  type NotificationDelivery,
  type PlannedNotification,
  planNotifications,
} from './notification-rules.ts';

/** The timeline consumer's name (its row in `timeline_cursor`). */
export const NOTIFICATIONS_CONSUMER = 'notifications';

/** Kind of the daily digest message itself. */
export const DIGEST_KIND = 'digest';

export interface DispatchReport {
  events: number;
  /** Messages written to the outbox (to send now, or held for the digest). */
  queued: number;
  /** Of which held for a daily digest. */
  held: number;
  /** Newer events wait behind an older transaction still running (see `consumeTimeline`). */
  waiting: boolean;
}

export interface Preference {
  kind: string;
  delivery: NotificationDelivery;
}

type Log = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;

/** A ticket as the messages need it. */
interface TicketFacts {
  id: string;
  reference: string;
  title: string;
  description: string;
  solution: string | null;
  requester_id: string;
  requester_name: string;
  agent_id: string | null;
  service_id: string | null;
  sub_service_id: string | null;
  service_name: string | null;
}

interface Recipient {
  id: string;
  language: Language;
  active: boolean;
}

/**
 * Notifications as a consumer of the timeline: after each commit, the rules of
 * `notification-rules.ts` turn the new events into messages in the outbox, in each recipient's
 * language and as their preferences say (at once, in the daily digest, or not at all). The
 * outbox rows and the consumer's cursor move in one transaction, so an event is told exactly once,
 * whichever process dispatches and whatever crashes; the mail delivery worker sends the rows.
 * Ticket actions know nothing of this.
 */
export class NotificationService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #cache: ReadCache;
  readonly #runner: Coalesced;

  constructor(orm: MikroORM, clock: Clock, cache: ReadCache, log: Log) {
    this.#orm = orm;
    this.#clock = clock;
    this.#cache = cache;
    this.#runner = new Coalesced(
      async () => {
        const report = await this.dispatch();
        // Their commit's NOTIFY came already: look again shortly rather than at the next sweep.
        if (report.waiting) setTimeout(() => this.kick(), 250).unref();
      },
      (error) => log('error', 'notification dispatch failed, the sweep retries', { error: String(error) }),
    );
  }

  /** Dispatches soon, in the background (coalesced: one run at a time, one more if asked meanwhile). */
  kick(): void {
    this.#runner.kick();
  }

  /** Resolves when no background dispatch is running (tests). */
  async idle(): Promise<void> {
    await this.#runner.idle();
  }

  /** Waits for a background dispatch to finish; no new one starts afterwards. */
  async close(): Promise<void> {
    await this.#runner.close();
  }

  /** Turns every event committed since the last dispatch into outbox messages. */
  async dispatch(pageSize = 500): Promise<DispatchReport> {
    const report: DispatchReport = { events: 0, queued: 0, held: 0, waiting: false };
    for (;;) {
      const page = await consumeTimeline(this.#orm, NOTIFICATIONS_CONSUMER, pageSize, async (em, events) => {
        const { queued, held } = await this.#tell(em, events);
        report.queued += queued;
        report.held += held;
      });
      report.events += page.consumed;
      if (!page.more) {
        report.waiting = page.held;
        return report;
      }
    }
  }

  /**
   * Dispatches until every event committed before the call is told, waiting (up to `timeoutMs`)
   * for older transactions still running that hold newer events back. For tests and tools that
   * need the outbox complete now; the scheduler's dispatch does not wait.
   */
  async settle(timeoutMs = 10_000): Promise<DispatchReport> {
    const deadline = Date.now() + timeoutMs;
    const total: DispatchReport = { events: 0, queued: 0, held: 0, waiting: false };
    for (;;) {
      const report = await this.dispatch();
      total.events += report.events;
      total.queued += report.queued;
      total.held += report.held;
      total.waiting = report.waiting;
      if (!report.waiting || Date.now() > deadline) return total;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Gathers each person's held messages into one digest message (sent like any other), once a day
   * by the scheduler. Returns the number of digests written.
   */
  async digest(limitPeople = 1_000): Promise<number> {
    const now = this.#clock.now();
    return inTransaction(this.#orm, async (em) => {
      const held = await sql<{ id: string; recipient_id: string; language: Language; subject: string }>(
        em,
        `select n.id, n.recipient_id, p.language, n.subject
           from notification n join person p on p.id = n.recipient_id
          where n.status = 'held' and n.recipient_id in (
                select distinct recipient_id from notification where status = 'held' limit $1)
          order by n.recipient_id, n.created_at, n.id
          for update of n skip locked`,
        [limitPeople],
      );
      const byPerson = new Map<string, typeof held>();
      for (const row of held)
        byPerson.set(row.recipient_id, [...(byPerson.get(row.recipient_id) ?? []), row]);
      const digests = [...byPerson].map(([recipientId, rows]) => {
        const lang = rows[0]!.language;
        const lines = rows.map((r) => `- ${r.subject}`);
        return {
          id: randomUUID(),
          recipient_id: recipientId,
          language: lang,
          subject: translate(lang, 'notify.digest.subject', { count: String(rows.length) }),
          body: `${translate(lang, 'notify.digest.body')}\n\n${lines.join('\n')}`,
          items: rows.map((r) => r.id),
        };
      });
      if (digests.length === 0) return 0;
      await sql(
        em,
        `with d as (
           insert into notification (id, created_at, updated_at, recipient_id, kind, language, subject, body, status)
           select d.id, $2, $2, d.recipient_id, $3, d.language, d.subject, d.body, 'pending'
             from jsonb_to_recordset($1::jsonb) as d(id uuid, recipient_id uuid, language text, subject text, body text)
           returning 1)
         update notification set status = 'digested', updated_at = $2
          where id in (select (jsonb_array_elements_text(d.items))::uuid
                         from jsonb_to_recordset($1::jsonb) as d(items jsonb))`,
        [JSON.stringify(digests), now, DIGEST_KIND],
      );
      return digests.length;
    });
  }

  /** The caller's choice for every kind (`immediate` where they made none). */
  async preferences(caller: PersonCaller): Promise<Preference[]> {
    return withEm(this.#orm, async (em) => {
      const rows = await sql<{ kind: string; delivery: NotificationDelivery }>(
        em,
        'select kind, delivery from notification_preference where person_id = $1',
        [caller.personId],
      );
      const chosen = new Map(rows.map((r) => [r.kind, r.delivery]));
      return NOTIFICATION_KINDS.map((kind) => ({ kind, delivery: chosen.get(kind) ?? 'immediate' }));
    });
  }

  /**
   * Sets the caller's choice for the kinds given (others are kept), in one transaction; returns all
   * of them (a portal acting for a person sets that person's).
   */
  async setPreferences(caller: PersonCaller, changes: Record<string, string>): Promise<Preference[]> {
    const entries = Object.entries(changes);
    if (entries.length === 0) throw fieldError('preferences', 'field.required');
    for (const [kind, delivery] of entries) {
      if (!NOTIFICATION_KINDS.includes(kind))
        throw fieldError(`preferences.${kind}`, 'field.unknown', { value: kind });
      if (!(NOTIFICATION_DELIVERIES as readonly string[]).includes(delivery)) {
        throw fieldError(`preferences.${kind}`, 'field.invalid', {
          reason: NOTIFICATION_DELIVERIES.join(' | '),
        });
      }
    }
    const now = this.#clock.now();
    await inTransaction(this.#orm, (em) =>
      sql(
        em,
        `insert into notification_preference (id, created_at, updated_at, person_id, kind, delivery)
         select gen_random_uuid(), $2, $2, $1, c.kind, c.delivery
           from jsonb_to_recordset($3::jsonb) as c(kind text, delivery text)
         on conflict (person_id, kind) do update set delivery = excluded.delivery, updated_at = excluded.updated_at`,
        [caller.personId, now, JSON.stringify(entries.map(([kind, delivery]) => ({ kind, delivery })))],
      ),
    );
    return this.preferences(caller);
  }

  /** Writes the messages the rules call for to the outbox, in the consumer's transaction. */
  async #tell(em: EntityManager, events: ConsumedEvent[]): Promise<{ queued: number; held: number }> {
    // One transaction's events on one ticket are judged together (a creation routed at once does
    // not land in the queue).
    const groups = new Map<string, ConsumedEvent[]>();
    for (const e of events) {
      const key = `${e.tx}/${e.ticketId}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    const planned = [...groups.values()].flatMap((g) => planNotifications(g));
    if (planned.length === 0) return { queued: 0, held: 0 };
    const ticketIds = [...new Set(planned.map((p) => (p.event as ConsumedEvent).ticketId))];
    const tickets = new Map(
      (
        await sql<TicketFacts>(
          em,
          `select t.id, t.reference, t.title, t.description, t.solution, t.requester_id, r.display_name as requester_name,
                  t.agent_id, t.service_id, t.sub_service_id, coalesce(ss.name, s.name) as service_name
             from ticket t join person r on r.id = t.requester_id
             left join service s on s.id = t.service_id
             left join service ss on ss.id = t.sub_service_id
            where t.id = any($1::uuid[])`,
          [ticketIds],
        )
      ).map((t) => [t.id, t]),
    );
    const staff = await this.#staffFor(em, planned, tickets);
    const providerRows = await this.#providerMail(em, planned, tickets);
    const wanted: { planned: PlannedNotification; ticket: TicketFacts; personId: string }[] = [];
    for (const p of planned) {
      const ticket = tickets.get((p.event as ConsumedEvent).ticketId);
      if (!ticket || p.audience === 'provider') continue;
      const ids = recipientsOf(p.audience, p, ticket, staff);
      for (const personId of new Set(ids)) {
        if (personId === p.event.actorId && !p.rule.evenToActor) continue;
        wanted.push({ planned: p, ticket, personId });
      }
    }
    if (wanted.length === 0 && providerRows.length === 0) return { queued: 0, held: 0 };
    const personIds = [...new Set(wanted.map((w) => w.personId))];
    const people = new Map(
      (
        await sql<Recipient>(em, 'select id, language, active from person where id = any($1::uuid[])', [
          personIds,
        ])
      ).map((p) => [p.id, p]),
    );
    const choices = new Map(
      (
        await sql<{ person_id: string; kind: string; delivery: NotificationDelivery }>(
          em,
          'select person_id, kind, delivery from notification_preference where person_id = any($1::uuid[])',
          [personIds],
        )
      ).map((c) => [`${c.person_id}/${c.kind}`, c.delivery]),
    );
    const rows: Record<string, string | null>[] = [...providerRows];
    let held = 0;
    for (const w of wanted) {
      const person = people.get(w.personId);
      if (!person?.active) continue;
      const delivery = choices.get(`${w.personId}/${w.planned.rule.kind}`) ?? 'immediate';
      if (delivery === 'off') continue;
      if (delivery === 'digest') held += 1;
      const params = messageParams(w.planned, w.ticket, person.language);
      rows.push({
        id: randomUUID(),
        recipient_id: w.personId,
        address: null,
        ticket_id: w.ticket.id,
        event_id: w.planned.event.id,
        kind: w.planned.rule.kind,
        language: person.language,
        subject: translate(person.language, `notify.${w.planned.rule.template}.subject`, params),
        body: translate(person.language, `notify.${w.planned.rule.template}.body`, params),
        status: delivery === 'digest' ? 'held' : 'pending',
      });
    }
    if (rows.length === 0) return { queued: 0, held: 0 };
    const now = this.#clock.now();
    await sql(
      em,
      `insert into notification (id, created_at, updated_at, recipient_id, address, ticket_id, event_id, kind, language, subject, body, status)
       select n.id, $2, $2, n.recipient_id, n.address, n.ticket_id, n.event_id, n.kind, n.language, n.subject, n.body, n.status
         from jsonb_to_recordset($1::jsonb) as n(id uuid, recipient_id uuid, address text, ticket_id uuid, event_id bigint,
              kind text, language text, subject text, body text, status text)
       on conflict (event_id, recipient_id, kind) where event_id is not null do nothing`,
      [JSON.stringify(rows), now],
    );
    return { queued: rows.length, held };
  }

  /**
   * Messages to providers at their mail address (French; no preferences: a provider is nobody's
   * account), with the provider's ticket number in the subject so its own desk threads them.
   */
  async #providerMail(
    em: EntityManager,
    planned: PlannedNotification[],
    tickets: Map<string, TicketFacts>,
  ): Promise<Record<string, string | null>[]> {
    const wanted = planned.filter(
      (p) => p.audience === 'provider' && typeof p.event.data.providerId === 'string',
    );
    if (wanted.length === 0) return [];
    const providers = new Map(
      (
        await sql<{ id: string; name: string; mail_address: string | null }>(
          em,
          'select id, name, mail_address from provider where id = any($1::uuid[])',
          [[...new Set(wanted.map((p) => p.event.data.providerId as string))]],
        )
      ).map((p) => [p.id, p]),
    );
    const rows: Record<string, string | null>[] = [];
    for (const p of wanted) {
      const ticket = tickets.get((p.event as ConsumedEvent).ticketId);
      const provider = providers.get(p.event.data.providerId as string);
      if (!ticket || !provider?.mail_address) continue;
      const params = {
        ...messageParams(p, ticket, 'fr'),
        provider: provider.name,
        externalId: text(p.event.data.externalId),
        description: ticket.description,
      };
      rows.push({
        id: randomUUID(),
        recipient_id: null,
        address: provider.mail_address,
        ticket_id: ticket.id,
        event_id: p.event.id,
        kind: p.rule.kind,
        language: 'fr',
        subject: translate('fr', `notify.${p.rule.template}.subject`, params),
        body: translate('fr', `notify.${p.rule.template}.body`, params),
        status: 'pending',
      });
    }
    return rows;
  }

  /** Approvers and moderators of the services concerned, and functional admins, in one query. */
  async #staffFor(
    em: EntityManager,
    planned: PlannedNotification[],
    tickets: Map<string, TicketFacts>,
  ): Promise<Staff> {
    const staff: Staff = {
      approvers: new Map(),
      moderators: new Map(),
      functionalAdmins: [],
      teams: new Map(),
    };
    const teamCodes = [
      ...new Set(
        planned
          .filter((p) => p.audience === 'escalation' && Array.isArray(p.event.data.escalateTo))
          .flatMap((p) => (p.event.data.escalateTo as unknown[]).filter((c) => typeof c === 'string')),
      ),
    ] as string[];
    if (teamCodes.length > 0) {
      const members = await sql<{ code: string; person_id: string }>(
        em,
        `select tm.code, g.person_id from profile_grant g join team tm on tm.id = g.team_id
          where g.profile = 'technician' and tm.code = any($1::text[])`,
        [teamCodes],
      );
      for (const m of members) staff.teams.set(m.code, [...(staff.teams.get(m.code) ?? []), m.person_id]);
    }
    const needs = planned.some((p) => p.audience === 'approvers' || p.audience === 'moderators');
    if (!needs) return staff;
    const catalogue = await this.#cache.catalogue();
    const ancestry = new Map<string, Set<string>>();
    const all = new Set<string>();
    for (const t of tickets.values()) {
      const ids = [t.service_id, t.sub_service_id].filter((x): x is string => !!x);
      const services = catalogue.ancestry(ids);
      ancestry.set(t.id, services);
      for (const s of services) all.add(s);
    }
    const grants = await sql<{ person_id: string; profile: string; service_id: string | null }>(
      em,
      `select g.person_id, g.profile, g.service_id from profile_grant g
        where (g.profile in ('approver', 'moderator') and g.service_id = any($1::uuid[]))
           or g.profile = 'functional_admin'`,
      [[...all]],
    );
    for (const t of tickets.values()) {
      const services = ancestry.get(t.id) ?? new Set<string>();
      const of = (profile: string) =>
        grants
          .filter((g) => g.profile === profile && g.service_id && services.has(g.service_id))
          .map((g) => g.person_id);
      staff.approvers.set(t.id, of('approver'));
      staff.moderators.set(t.id, of('moderator'));
    }
    staff.functionalAdmins = grants.filter((g) => g.profile === 'functional_admin').map((g) => g.person_id);
    return staff;
  }
}

interface Staff {
  approvers: Map<string, string[]>;
  moderators: Map<string, string[]>;
  functionalAdmins: string[];
  /** Technicians by team code (the teams escalations name). */
  teams: Map<string, string[]>;
}

function recipientsOf(audience: Audience, p: PlannedNotification, t: TicketFacts, staff: Staff): string[] {
  switch (audience) {
    case 'requester':
      return [t.requester_id];
    case 'agent':
      return t.agent_id ? [t.agent_id] : [];
    case 'new_agent':
      return p.personId ? [p.personId] : [];
    case 'approvers':
      return staff.approvers.get(t.id) ?? [];
    case 'moderators':
      // A ticket without a service waits in a queue only functional admins own.
      return t.service_id || t.sub_service_id ? (staff.moderators.get(t.id) ?? []) : staff.functionalAdmins;
    case 'provider':
      // Nobody's account: written to the provider's address (see #providerMail).
      return [];
    case 'escalation': {
      const codes = Array.isArray(p.event.data.escalateTo) ? (p.event.data.escalateTo as unknown[]) : [];
      return codes.flatMap((c) => (typeof c === 'string' ? (staff.teams.get(c) ?? []) : []));
    }
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** What the templates may say, from the event first (what was true then), else the ticket. */
function messageParams(p: PlannedNotification, t: TicketFacts, lang: Language): Record<string, string> {
  const d = p.event.data;
  const changes = d.changes as Record<string, { after?: unknown }> | undefined;
  return {
    reference: t.reference,
    title: t.title,
    requester: t.requester_name,
    service: t.service_name ?? translate(lang, 'notify.no_service'),
    reason: text(d.reason),
    question: text(d.question),
    comment: text(d.comment),
    body: text(d.body),
    solution: text(changes?.solution?.after) || (t.solution ?? ''),
    clock:
      d.clock === 'first_response' || d.clock === 'resolution'
        ? translate(lang, `notify.sla.${d.clock}`)
        : '',
    dueAt: text(d.dueAt),
  };
}
