import type { EntityManager, MikroORM, RequiredEntityData } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import {
  establishmentByCode,
  personByKey,
  providerByCode,
  serviceAncestry,
  serviceByCode,
  serviceDescendants,
  teamByCode,
} from '../catalogue/lookups.ts';
import { CatalogService } from '../catalogue/service.entity.ts';
import { afterCommit, inTransaction, withEm } from '../db/transaction.ts';
import { DomainError, type DomainErrorDetails, fieldError } from '../errors.ts';
import { Establishment } from '../establishments/establishment.entity.ts';
import { queueNotification } from '../notifications/notify.ts';
import {
  type Grants,
  isActiveTechnician,
  isStaff,
  loadGrants,
  parties,
  rolesOnTicket,
  visibilityScope,
} from '../people/access.ts';
import type { PersonCaller } from '../people/authority.ts';
import { Person } from '../people/person.entity.ts';
import { Provider } from '../providers/provider.entity.ts';
import { decideRouting } from '../routing/routing.service.ts';
import type { Clock } from '../shared/clock.ts';
import { isUuid } from '../shared/ids.ts';
import { parseInput } from '../shared/validation.ts';
import { Team } from '../teams/team.entity.ts';
import { ProviderReference } from './provider-reference.entity.ts';
import { Ticket } from './ticket.entity.ts';
import {
  type ActionInput,
  ActionInputSchema,
  type CreateTicketInput,
  CreateTicketInputSchema,
  type ListTicketsInput,
  ListTicketsInputSchema,
  type TicketSort,
} from './ticket.schemas.ts';
import { priorityOf, type TicketStatus } from './ticket.types.ts';
import {
  rowToTicketView,
  TICKET_ROW_JOINS,
  TICKET_ROW_SELECT,
  type TicketEventView,
  type TicketRow,
  type TicketView,
  toEventView,
  toTicketView,
} from './ticket.views.ts';
import {
  type Actor,
  availableActions,
  type Command,
  type Effect,
  type EventDraft,
  type Facts,
  initialStatus,
  type Role,
  SYSTEM_ACTOR,
  type TicketState,
  transition,
} from './ticket.workflow.ts';
import { TicketEvent } from './ticket-event.entity.ts';

/**
 * Who calls: a person through a credential (see `PersonCaller`: `via` is the account acting for the
 * person, whose own rights apply; the timeline records both), or the system (scheduler).
 */
export type Caller = PersonCaller | 'system';

export interface ActOptions {
  /** Version the caller last saw (HTTP If-Match); a mismatch is CONFLICT instead of a silent overwrite. */
  expectedVersion?: number;
}

export interface TicketPage {
  items: TicketView[];
  /** Cursor for the next page, null on the last one. */
  next: string | null;
}

/** Hooks the service calls after a commit (the scheduler registers itself here). */
export interface AfterCommit {
  scheduleWake(ticketId: string, at: Date): Promise<void>;
}

interface Context {
  em: EntityManager;
  actor: Actor;
  grants: Grants | null;
  /** Email of the account acting for the person, recorded on each event. */
  via?: string | null;
}

/**
 * Ticket use cases. Each method is one transaction: load, decide with the pure workflow, write the
 * ticket, its timeline events, notifications and routing together, commit once.
 */
export class TicketService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  #afterCommit: AfterCommit | null = null;

  constructor(orm: MikroORM, clock: Clock) {
    this.#orm = orm;
    this.#clock = clock;
  }

  /** Lets the scheduler receive wake-up dates once the change that set them is committed. */
  onCommit(hooks: AfterCommit | null): void {
    this.#afterCommit = hooks;
  }

  async create(caller: Caller, raw: CreateTicketInput): Promise<TicketView> {
    const input = parseInput(CreateTicketInputSchema, raw);
    const { view } = await inTransaction(this.#orm, async (em) => {
      const grants = caller === 'system' ? null : await loadGrants(em, caller.personId);
      const service = input.service ? await serviceByCode(em, input.service, 'service') : null;
      const subService = input.subService ? await serviceByCode(em, input.subService, 'subService') : null;
      if (subService && !subService.parent) throw fieldError('subService', 'field.not_a_sub_service');
      if (service && subService && !(await serviceAncestry(em, [subService.id])).has(service.id)) {
        throw fieldError('subService', 'field.not_a_sub_service');
      }
      for (const [field, s] of [
        ['service', service],
        ['subService', subService],
      ] as const) {
        if (s && s.status === 'retired') throw fieldError(field, 'field.retired_service', { value: s.code });
      }
      const requester = input.requester
        ? await personByKey(em, input.requester, 'requester')
        : grants?.person;
      if (!requester) throw fieldError('requester', 'field.required');
      if (!requester.active)
        throw fieldError('requester', 'field.inactive_person', { value: requester.email });
      if (grants && requester.id !== grants.person.id) {
        const roles = await rolesOnTicket(em, grants, {
          requesterId: requester.id,
          agentId: null,
          teamId: null,
          serviceIds: [service?.id, subService?.id].filter((x): x is string => !!x),
        });
        if (!roles.has('moderator') && !roles.has('functional_admin')) {
          throw fieldError('requester', 'field.not_a_moderator');
        }
      }
      const establishment = input.establishment
        ? await establishmentByCode(em, input.establishment, 'establishment')
        : (requester.establishment ?? null);
      const requiresApproval = [service, subService].some((s) => s?.approvalPolicy === 'required');
      const now = this.#clock.now();
      const impact = input.impact ?? 'medium';
      const urgency = input.urgency ?? 'medium';
      // search_vector is a generated column: PostgreSQL fills it, so it is not part of the insert.
      const data: Omit<RequiredEntityData<Ticket>, 'searchVector'> = {
        reference: await nextReference(em, now),
        type: input.type ?? null,
        title: input.title,
        description: input.description,
        requester,
        createdBy: grants?.person ?? requester,
        channel: input.channel,
        service,
        subService,
        establishment,
        impact,
        urgency,
        priority: priorityOf(impact, urgency),
        status: initialStatus(requiresApproval),
        createdAt: now,
        updatedAt: now,
      };
      const ticket = em.create(Ticket, data as RequiredEntityData<Ticket>);
      const actor: Actor = grants
        ? { personId: grants.person.id, roles: new Set<Role>(['requester']) }
        : SYSTEM_ACTOR;
      const ctx: Context = { em, actor, grants, via: await viaEmail(em, caller) };
      const onBehalf = requester.id !== (grants?.person.id ?? requester.id);
      this.#append(ctx, ticket, [
        {
          type: 'created',
          visibility: 'public',
          data: {
            channel: input.channel,
            status: ticket.status,
            ...(onBehalf ? { onBehalfOf: requester.email } : {}),
          },
        },
        ...(requiresApproval
          ? [
              {
                type: 'approval_requested' as const,
                visibility: 'public' as const,
                data: { service: service?.code ?? null },
              },
            ]
          : []),
      ]);
      if (ticket.status === 'new') await this.#route(ctx, ticket);
      // Flush first so the view shows what is stored (version, generated values).
      await em.flush();
      return { view: await this.#view(ctx, ticket) };
    });
    return view;
  }

  /** Applies one workflow action (approve, assign, pend, resolve, reply, ...) to a ticket. */
  async act(
    caller: Caller,
    reference: string,
    raw: ActionInput,
    options: ActOptions = {},
  ): Promise<TicketView> {
    const input = parseInput(ActionInputSchema, raw);
    const { view, wakes } = await inTransaction(this.#orm, async (em) => {
      const { ctx, ticket } = await this.#load(em, caller, reference);
      if (options.expectedVersion !== undefined && options.expectedVersion !== ticket.version) {
        throw new DomainError('CONFLICT', {
          rule: 'stale_version',
          params: { expected: options.expectedVersion, actual: ticket.version },
        });
      }
      const { command, facts } = await this.#prepare(ctx, ticket, input);
      const wakes: Date[] = [];
      await this.#apply(ctx, ticket, command, facts, wakes);
      await em.flush();
      return { view: await this.#view(ctx, ticket), wakes };
    });
    await this.#scheduleWakes(view.id, wakes);
    return view;
  }

  async get(caller: Caller, reference: string): Promise<TicketView> {
    return withEm(this.#orm, async (em) => {
      const { ctx, ticket } = await this.#load(em, caller, reference);
      return this.#view(ctx, ticket);
    });
  }

  /** The timeline, oldest first. Internal notes and provider details only for staff. */
  async timeline(caller: Caller, reference: string): Promise<TicketEventView[]> {
    return withEm(this.#orm, async (em) => {
      const { ctx, ticket } = await this.#load(em, caller, reference);
      const staff = isStaff(ctx.actor);
      const events = await em.find(
        TicketEvent,
        { ticket, ...(staff ? {} : { visibility: 'public' as const }) },
        { orderBy: { id: 'asc' }, populate: ['actor'] },
      );
      return events.map(toEventView);
    });
  }

  /**
   * Tickets the caller may see, with filters and keyset pagination (newest first by default).
   * The read path of every queue screen, so it skips the ORM's entity hydration: the filters are
   * built with the query builder, then one SQL statement joins the page's people and codes and its
   * rows are mapped straight to views.
   */
  async list(caller: Caller, raw: ListTicketsInput = {}): Promise<TicketPage> {
    const input = parseInput(ListTicketsInputSchema, raw);
    return withEm(this.#orm, async (em) => {
      const grants = caller === 'system' ? null : await loadGrants(em, caller.personId);
      const { column, descending } = SORT_COLUMNS[input.sort];
      const qb = em.createQueryBuilder(Ticket, 't').select('t.id');
      if (grants && !grants.functionalAdmin) {
        const scope = await visibilityScope(em, grants);
        qb.andWhere({ $or: scope });
      }
      if (input.status) qb.andWhere({ status: { $in: input.status } });
      if (input.type) qb.andWhere({ type: input.type });
      if (input.priority) qb.andWhere({ priority: { $in: input.priority } });
      if (input.service) {
        const root = await serviceByCode(em, input.service, 'service');
        qb.andWhere({ service: { $in: await serviceDescendants(em, [root.id]) } });
      }
      if (input.team) qb.andWhere({ team: await teamByCode(em, input.team, 'team') });
      // Staff may browse the directory, so an unknown person is worth a 422 to them; to anyone else
      // it matches nothing, exactly like a known person whose tickets they cannot see.
      const person = async (key: string, field: string) => {
        if (!grants || mayBrowseDirectory(grants)) return (await personByKey(em, key, field)).id;
        return (
          (await em.findOne(Person, isUuid(key) ? { id: key } : { email: key.trim().toLowerCase() }))?.id ??
          NIL_UUID
        );
      };
      if (input.agent) qb.andWhere({ agent: await person(input.agent, 'agent') });
      if (input.requester) qb.andWhere({ requester: await person(input.requester, 'requester') });
      if (input.establishment) {
        qb.andWhere({ establishment: await establishmentByCode(em, input.establishment, 'establishment') });
      }
      if (input.createdFrom) qb.andWhere({ createdAt: { $gte: input.createdFrom } });
      if (input.createdTo) qb.andWhere({ createdAt: { $lt: input.createdTo } });
      if (input.updatedFrom) qb.andWhere({ updatedAt: { $gte: input.updatedFrom } });
      if (input.updatedTo) qb.andWhere({ updatedAt: { $lt: input.updatedTo } });
      if (input.queue && grants) qb.andWhere(await queueFilter(em, grants, input.queue));
      if (input.q) qb.andWhere(`t.search_vector @@ websearch_to_tsquery('fr_unaccent', ?)`, [input.q]);
      if (input.after) {
        const cursor = decodeCursor(input.after, input.sort);
        // Row comparison on the exact stored value (microseconds): no row skipped or repeated.
        qb.andWhere(`(t.${column}, t.id) ${descending ? '<' : '>'} (?::timestamptz, ?::uuid)`, [
          cursor.at,
          cursor.id,
        ]);
      }
      const direction = descending ? 'desc' : 'asc';
      qb.orderBy({ [column === 'created_at' ? 'createdAt' : 'updatedAt']: direction, id: direction }).limit(
        input.limit + 1,
      );
      const page = qb.toQuery();
      const rows = await em.execute<TicketRow[]>(
        `with page as (${page.sql}) ${TICKET_ROW_SELECT}, t.${column}::text as sort_key
           from page join ticket t on t.id = page.id ${TICKET_ROW_JOINS}
          order by t.${column} ${direction}, t.id ${direction}`,
        [...page.params],
      );
      const items = rows.slice(0, input.limit);
      const last = items[items.length - 1];
      return {
        items: items.map(rowToTicketView),
        next: rows.length > input.limit && last ? encodeCursor(input.sort, last.sort_key, last.id) : null,
      };
    });
  }

  /**
   * Scheduler entry point: wakes a ticket whose pending date has come. Idempotent: a ticket that was
   * resumed earlier, re-pended to a later date or already woken by another process is left alone.
   */
  async wake(ticketId: string): Promise<'woken' | 'not_due'> {
    const attempt = async () =>
      inTransaction(this.#orm, async (em) => {
        const ticket = await em.findOne(Ticket, { id: ticketId });
        const now = this.#clock.now();
        if (
          ticket?.status !== 'pending' ||
          ticket.pendingKind !== 'until_date' ||
          !ticket.pendingUntil ||
          ticket.pendingUntil.getTime() > now.getTime()
        ) {
          return { result: 'not_due' as const, wakes: [] as Date[] };
        }
        const ctx: Context = { em, actor: SYSTEM_ACTOR, grants: null };
        const wakes: Date[] = [];
        const facts = await this.#assignmentFacts(em, ticket);
        await this.#apply(ctx, ticket, { action: 'resume' }, facts, wakes);
        return { result: 'woken' as const, wakes };
      });
    try {
      return (await attempt()).result;
    } catch (error) {
      // Another process changed the ticket at the same moment: look again with fresh data.
      if (error instanceof DomainError && error.code === 'CONFLICT') return (await attempt()).result;
      throw error;
    }
  }

  /** Ids of pending tickets whose date has passed (the sweep's safety net for lost wake-ups). */
  async overduePending(limit = 500): Promise<string[]> {
    return withEm(this.#orm, async (em) => {
      const rows = await em.find(
        Ticket,
        { status: 'pending', pendingKind: 'until_date', pendingUntil: { $lte: this.#clock.now() } },
        { fields: ['id'], limit, orderBy: { pendingUntil: 'asc' } },
      );
      return rows.map((r) => r.id);
    });
  }

  /** Closes resolved tickets left untouched for `days` days. Returns how many were closed. */
  async autoClose(days: number, limit = 500): Promise<number> {
    const cutoff = new Date(this.#clock.now().getTime() - days * 86_400_000);
    const ids = await withEm(this.#orm, async (em) =>
      (
        await em.find(
          Ticket,
          { status: 'resolved', resolvedAt: { $lte: cutoff } },
          { fields: ['id'], limit, orderBy: { resolvedAt: 'asc' } },
        )
      ).map((t) => t.id),
    );
    let closed = 0;
    for (const id of ids) {
      try {
        await inTransaction(this.#orm, async (em) => {
          const ticket = await em.findOneOrFail(Ticket, { id });
          if (ticket.status !== 'resolved' || !ticket.resolvedAt || ticket.resolvedAt > cutoff) return;
          const ctx: Context = { em, actor: SYSTEM_ACTOR, grants: null };
          await this.#apply(
            ctx,
            ticket,
            { action: 'close', comment: `auto-close after ${days} days` },
            { now: this.#clock.now() },
            [],
          );
          closed += 1;
        });
      } catch (error) {
        // Reopened or closed by someone at the same moment: their change wins.
        if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
      }
    }
    return closed;
  }

  async #load(
    em: EntityManager,
    caller: Caller,
    reference: string,
  ): Promise<{ ctx: Context; ticket: Ticket }> {
    const grants = caller === 'system' ? null : await loadGrants(em, caller.personId);
    // Anything but a reference names no ticket: no query for it (nor a database error on a NUL).
    if (!REFERENCE.test(reference.trim())) {
      throw new DomainError('TICKET_NOT_FOUND', {
        params: { reference: reference.replaceAll('\u0000', '') },
      });
    }
    const ticket = await em.findOne(
      Ticket,
      { reference: reference.trim().toUpperCase() },
      {
        populate: [
          'requester',
          'agent',
          'team',
          'service',
          'subService',
          'establishment',
          'createdBy',
          'linkedProblem',
        ],
      },
    );
    if (!ticket) throw new DomainError('TICKET_NOT_FOUND', { params: { reference } });
    if (!grants) return { ctx: { em, actor: SYSTEM_ACTOR, grants }, ticket };
    const via = await viaEmail(em, caller);
    const roles = await rolesOnTicket(em, grants, parties(ticket));
    // Hidden tickets answer "not found", so their existence does not leak.
    if (roles.size === 0) throw new DomainError('TICKET_NOT_FOUND', { params: { reference } });
    return { ctx: { em, actor: { personId: grants.person.id, roles }, grants, via }, ticket };
  }

  /** Turns user input (codes, emails) into a workflow command plus the facts its guards need. */
  async #prepare(
    ctx: Context,
    ticket: Ticket,
    input: z.output<typeof ActionInputSchema>,
  ): Promise<{ command: Command; facts: Facts }> {
    const { em } = ctx;
    const now = this.#clock.now();
    switch (input.action) {
      case 'assign':
      case 'reassign': {
        const team = await teamByCode(em, input.team, 'team');
        const agent = await personByKey(em, input.agent, 'agent');
        const base = { type: input.type ?? null, teamId: team.id, agentId: agent.id };
        const command: Command =
          input.action === 'assign'
            ? { action: 'assign', ...base }
            : { action: 'reassign', ...base, ...(input.reason ? { reason: input.reason } : {}) };
        return {
          command,
          facts: { now, agentIsTeamMember: await isActiveTechnician(em, agent.id, team.id) },
        };
      }
      case 'resolve': {
        const service = await serviceByCode(em, input.service, 'service');
        const sub = input.subService ? await serviceByCode(em, input.subService, 'subService') : null;
        return {
          command: {
            action: 'resolve',
            serviceId: service.id,
            subServiceId: sub?.id ?? null,
            solution: input.solution,
          },
          facts: { now, subServiceBelongsToService: sub ? await isUnder(em, sub, service.id) : true },
        };
      }
      case 'edit': {
        const c = input.changes;
        const service = c.service ? await serviceByCode(em, c.service, 'changes.service') : undefined;
        const sub: CatalogService | null | undefined = c.subService
          ? await serviceByCode(em, c.subService, 'changes.subService')
          : c.subService === null
            ? null
            : undefined;
        const establishment = c.establishment
          ? await establishmentByCode(em, c.establishment, 'changes.establishment')
          : undefined;
        let linkedProblemId: string | null | undefined = c.linkedProblem === null ? null : undefined;
        if (c.linkedProblem) {
          // A ticket the caller cannot see is unknown to them: same answer, no oracle, no link.
          const grants = ctx.grants;
          const scope = grants && !grants.functionalAdmin ? { $or: await visibilityScope(em, grants) } : {};
          const problem = await em.findOne(Ticket, { reference: c.linkedProblem.toUpperCase(), ...scope });
          if (!problem || problem.id === ticket.id)
            throw fieldError('changes.linkedProblem', 'field.unknown', { value: c.linkedProblem });
          linkedProblemId = problem.id;
        }
        const serviceId = service?.id ?? ticket.service?.id ?? null;
        const changes = Object.fromEntries(
          Object.entries({
            title: c.title,
            description: c.description,
            type: c.type,
            impact: c.impact,
            urgency: c.urgency,
            serviceId: service?.id,
            subServiceId: sub === null ? null : sub?.id,
            establishmentId: establishment?.id,
            linkedProblemId,
          }).filter(([, v]) => v !== undefined),
        );
        return {
          command: { action: 'edit', changes },
          facts: {
            now,
            subServiceBelongsToService: sub && serviceId ? await isUnder(em, sub, serviceId) : !sub,
          },
        };
      }
      case 'provider_escalate': {
        const provider = await providerByCode(em, input.provider, 'provider');
        const { action: _a, provider: _p, ...rest } = input;
        return { command: { action: 'provider_escalate', providerId: provider.id, ...rest }, facts: { now } };
      }
      case 'provider_update': {
        const exists = (await em.count(ProviderReference, { id: input.referenceId, ticket })) > 0;
        return { command: input, facts: { now, providerReferenceExists: exists } };
      }
      case 'resume':
      case 'reopen':
      case 'reply':
        return { command: input, facts: await this.#assignmentFacts(em, ticket) };
      default:
        return { command: input, facts: { now } };
    }
  }

  async #assignmentFacts(em: EntityManager, ticket: Ticket): Promise<Facts> {
    const valid =
      !!ticket.agent && !!ticket.team && (await isActiveTechnician(em, ticket.agent.id, ticket.team.id));
    return { now: this.#clock.now(), assignmentStillValid: valid };
  }

  /** Runs the pure transition and writes its outcome: state, events, effects. */
  async #apply(ctx: Context, ticket: Ticket, command: Command, facts: Facts, wakes: Date[]): Promise<void> {
    const outcome = transition(stateOf(ticket), command, ctx.actor, facts);
    if (!outcome.ok)
      throw new DomainError(outcome.refusal.code, inputFieldNames(command, outcome.refusal.details));
    const { state, events, effects } = outcome.value;
    writeState(ctx.em, ticket, state);
    // Every action touches the ticket, so its version moves and a concurrent action on a stale copy
    // (even a comment on a ticket closed meanwhile) fails with CONFLICT.
    ticket.updatedAt = facts.now;
    this.#append(ctx, ticket, events);
    for (const effect of effects) await this.#effect(ctx, ticket, command, effect, wakes);
  }

  async #effect(
    ctx: Context,
    ticket: Ticket,
    command: Command,
    effect: Effect,
    wakes: Date[],
  ): Promise<void> {
    switch (effect.kind) {
      case 'route':
        await this.#route(ctx, ticket);
        return;
      case 'schedule_wake':
        wakes.push(effect.at);
        return;
      case 'notify_requester': {
        const params: Record<string, string> = {
          reason: 'reason' in command ? String(command.reason) : '',
          question: command.action === 'request_info' ? command.question : '',
          solution: ticket.solution ?? '',
          body: command.action === 'reply' ? command.body : '',
        };
        await ctx.em.populate(ticket, ['requester']);
        queueNotification(ctx.em, ticket.requester, ticket, effect.reason, params);
        return;
      }
      case 'record_provider_reference':
        if (command.action === 'provider_escalate') {
          ctx.em.create(ProviderReference, {
            ticket,
            provider: ctx.em.getReference(Provider, command.providerId),
            externalId: command.externalId,
            status: command.status ?? 'open',
            notes: command.notes ?? null,
          });
        } else if (command.action === 'provider_update') {
          const ref = await ctx.em.findOneOrFail(ProviderReference, { id: command.referenceId, ticket });
          if (command.status) ref.status = command.status;
          if (command.notes) ref.notes = command.notes;
        }
        return;
    }
  }

  /** Automatic routing: a matching rule, else the service's default team, as an `assign` by the system. */
  async #route(ctx: Context, ticket: Ticket): Promise<void> {
    const decision = await decideRouting(ctx.em, {
      serviceIds: [ticket.service?.id, ticket.subService?.id].filter((x): x is string => !!x),
      nearestServiceId: ticket.subService?.id ?? ticket.service?.id ?? null,
      type: ticket.type ?? null,
      establishmentId: ticket.establishment?.id ?? null,
    });
    if (!decision) return;
    const system: Context = { ...ctx, actor: SYSTEM_ACTOR, via: null };
    const command: Command = {
      action: 'assign',
      type: decision.type,
      teamId: decision.teamId,
      agentId: decision.agentId,
    };
    const outcome = transition(stateOf(ticket), command, SYSTEM_ACTOR, {
      now: this.#clock.now(),
      agentIsTeamMember: true,
    });
    if (!outcome.ok) return;
    writeState(ctx.em, ticket, outcome.value.state);
    this.#append(
      system,
      ticket,
      outcome.value.events.map((e) => ({ ...e, data: { ...e.data, ...decision.source } })),
    );
  }

  #append(ctx: Context, ticket: Ticket, events: EventDraft[]): void {
    const actor = ctx.actor.personId ? ctx.em.getReference(Person, ctx.actor.personId) : null;
    for (const e of events) {
      ctx.em.create(TicketEvent, {
        ticket,
        type: e.type,
        actor,
        visibility: e.visibility,
        data: ctx.via ? { ...e.data, via: ctx.via } : e.data,
        createdAt: this.#clock.now(),
      });
    }
  }

  /** The ticket as the caller sees it, with the actions open to them (roles re-read: they may have changed). */
  async #view(ctx: Context, ticket: Ticket): Promise<TicketView> {
    await ctx.em.populate(ticket, [
      'requester',
      'agent',
      'team',
      'service',
      'subService',
      'establishment',
      'createdBy',
      'linkedProblem',
    ]);
    const actor: Actor = ctx.grants
      ? { personId: ctx.grants.person.id, roles: await rolesOnTicket(ctx.em, ctx.grants, parties(ticket)) }
      : ctx.actor;
    const references = isStaff(actor)
      ? await ctx.em.find(
          ProviderReference,
          { ticket },
          { populate: ['provider'], orderBy: { createdAt: 'asc' } },
        )
      : [];
    return toTicketView(ticket, availableActions(stateOf(ticket), actor), references);
  }

  /** Queues wake-ups once the change that set them is committed (the sweep catches any lost). */
  async #scheduleWakes(ticketId: string, wakes: Date[]): Promise<void> {
    const hooks = this.#afterCommit;
    if (!hooks || wakes.length === 0) return;
    await afterCommit(async () => {
      for (const at of wakes) await hooks.scheduleWake(ticketId, at);
    });
  }
}

/** Workflow fields hold ids; callers named them by code or email under these input names. */
const INPUT_FIELD: Readonly<Record<string, string>> = {
  teamId: 'team',
  agentId: 'agent',
  serviceId: 'service',
  subServiceId: 'subService',
  providerId: 'provider',
};

function inputFieldNames(command: Command, details: DomainErrorDetails): DomainErrorDetails {
  if (!details.fields) return details;
  const prefix = command.action === 'edit' ? 'changes.' : '';
  return {
    ...details,
    fields: details.fields.map((f) => {
      const bare = f.field.replace(/^changes\./, '');
      const renamed = INPUT_FIELD[bare];
      return renamed ? { ...f, field: `${prefix}${renamed}` } : f;
    }),
  };
}

async function viaEmail(em: EntityManager, caller: Caller): Promise<string | null> {
  if (caller === 'system' || !caller.via) return null;
  return (await em.findOne(Person, { id: caller.via }, { fields: ['email'] }))?.email ?? null;
}

/** The workflow's view of a ticket entity. */
export function stateOf(t: Ticket): TicketState {
  return {
    status: t.status,
    type: t.type ?? null,
    title: t.title,
    description: t.description,
    impact: t.impact,
    urgency: t.urgency,
    serviceId: t.service?.id ?? null,
    subServiceId: t.subService?.id ?? null,
    establishmentId: t.establishment?.id ?? null,
    teamId: t.team?.id ?? null,
    agentId: t.agent?.id ?? null,
    pendingUntil: t.pendingUntil ?? null,
    pendingKind: t.pendingKind ?? null,
    pendingReason: t.pendingReason ?? null,
    solution: t.solution ?? null,
    rejectionReason: t.rejectionReason ?? null,
    linkedProblemId: t.linkedProblem?.id ?? null,
    resolvedAt: t.resolvedAt ?? null,
    closedAt: t.closedAt ?? null,
  };
}

function writeState(em: EntityManager, t: Ticket, s: TicketState): void {
  const ref = <T extends object>(cls: new () => T, id: string | null) =>
    id ? em.getReference(cls, id) : null;
  t.status = s.status;
  t.type = s.type;
  t.title = s.title;
  t.description = s.description;
  t.impact = s.impact;
  t.urgency = s.urgency;
  t.priority = priorityOf(s.impact, s.urgency);
  t.service = ref(CatalogService, s.serviceId);
  t.subService = ref(CatalogService, s.subServiceId);
  t.establishment = ref(Establishment, s.establishmentId);
  t.team = ref(Team, s.teamId);
  t.agent = ref(Person, s.agentId);
  t.pendingUntil = s.pendingUntil;
  t.pendingKind = s.pendingKind;
  t.pendingReason = s.pendingReason;
  t.solution = s.solution;
  t.rejectionReason = s.rejectionReason;
  t.linkedProblem = ref(Ticket, s.linkedProblemId);
  t.resolvedAt = s.resolvedAt;
  t.closedAt = s.closedAt;
}

async function isUnder(em: EntityManager, sub: CatalogService, serviceId: string): Promise<boolean> {
  return sub.id !== serviceId && (await serviceAncestry(em, [sub.id])).has(serviceId);
}

/** What `nextReference` makes, in any case. */
const REFERENCE = /^GU-\d{4}-\d{6,12}$/i;

/** No row has this id: a filter on an unknown person matches nothing. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** People with any granted profile see the staff directory (see CatalogueService.listPeople). */
function mayBrowseDirectory(grants: Grants): boolean {
  return (
    grants.functionalAdmin ||
    grants.technicalAdmin ||
    grants.moderatorOf.size + grants.approverOf.size + grants.technicianOf.size > 0
  );
}

/** `GU-<year>-<6 digits>`: the year of creation and a database sequence (no hot counter row). */
async function nextReference(em: EntityManager, now: Date): Promise<string> {
  const [row] = await em
    .getConnection()
    .execute<{ n: string }[]>(
      "select nextval('ticket_number_seq')::text as n",
      [],
      'all',
      em.getTransactionContext(),
    );
  return `GU-${now.getUTCFullYear()}-${String(row!.n).padStart(6, '0')}`;
}

async function queueFilter(
  em: EntityManager,
  grants: Grants,
  queue: 'mine' | 'my_teams' | 'unassigned' | 'awaiting_my_approval',
): Promise<object> {
  const open: TicketStatus[] = ['new', 'assigned', 'pending', 'resolved'];
  switch (queue) {
    case 'mine':
      return { agent: grants.person.id, status: { $in: open } };
    case 'my_teams':
      return { team: { $in: [...grants.technicianOf] }, status: { $in: open } };
    case 'unassigned': {
      const services = await serviceDescendants(em, [...grants.moderatorOf]);
      return grants.functionalAdmin
        ? { status: 'new' }
        : { status: 'new', $or: [{ service: { $in: services } }, { service: null }] };
    }
    case 'awaiting_my_approval': {
      const services = await serviceDescendants(em, [...grants.approverOf]);
      return grants.functionalAdmin
        ? { status: 'pending_approval' }
        : {
            status: 'pending_approval',
            $or: [{ service: { $in: services } }, { subService: { $in: services } }],
          };
    }
  }
}

const SORT_COLUMNS: Record<TicketSort, { column: 'created_at' | 'updated_at'; descending: boolean }> = {
  '-createdAt': { column: 'created_at', descending: true },
  createdAt: { column: 'created_at', descending: false },
  '-updatedAt': { column: 'updated_at', descending: true },
  updatedAt: { column: 'updated_at', descending: false },
};

/** The cursor names its order, so a page of one order is never continued in another. */
function encodeCursor(sort: TicketSort, at: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, at, id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: TicketSort): { at: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 3 &&
    parsed[0] === sort &&
    typeof parsed[1] === 'string' &&
    /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/.test(parsed[1]) &&
    typeof parsed[2] === 'string' &&
    isUuid(parsed[2])
  ) {
    return { at: parsed[1], id: parsed[2] };
  }
  throw fieldError('after', 'field.not_a_cursor');
}
