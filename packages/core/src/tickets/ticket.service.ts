import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { ReadCache } from '../cache/read-cache.ts';
import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import { sql } from '../db/sql.ts';
import { afterCommit, committedRead, oneStatement, withEm } from '../db/transaction.ts';
import { DomainError, type DomainErrorDetails, fieldError } from '../errors.ts';
import { type Grants, isStaff, parties, rolesOnTicket, visibilitySql } from '../people/access.ts';
import type { PersonCaller } from '../people/authority.ts';
import { decideRouting } from '../routing/routing.service.ts';
import { DUE_SORT_KEY, slaFilterSql, staffScopeSql } from '../service-levels/sla-list.ts';
import { slaSummary } from '../service-levels/sla-view.ts';
import type { Clock } from '../shared/clock.ts';
import { isUuid } from '../shared/ids.ts';
import { parseInput } from '../shared/validation.ts';
import {
  type ActionInput,
  ActionInputSchema,
  type CreateTicketInput,
  CreateTicketInputSchema,
  type ListTicketsInput,
  ListTicketsInputSchema,
  type TicketSort,
} from './ticket.schemas.ts';
import {
  type EventRow,
  eventRows,
  findTicketById,
  findTicketByReference,
  insertTicket,
  type ProviderChanges,
  type StoredTicket,
  stateOfStored,
  updateTicket,
  viewOfStored,
} from './ticket.store.ts';
import type { TicketStatus } from './ticket.types.ts';
import {
  rowToTicketView,
  rowToTimelineEvent,
  TICKET_ROW_JOINS,
  TICKET_ROW_SELECT,
  TIMELINE_ROW_SELECT,
  type TicketEventView,
  type TicketRow,
  type TicketView,
  type TimelineRow,
} from './ticket.views.ts';
import {
  type Actor,
  availableActions,
  type Command,
  type Facts,
  initialStatus,
  SYSTEM_ACTOR,
  type TicketState,
  transition,
} from './ticket.workflow.ts';

/**
 * Who calls: a person through a credential (see `PersonCaller`: `via` is the account acting for the
 * person, whose own rights apply; the timeline records both), or the system (scheduler).
 */
export type Caller = PersonCaller | 'system';

export interface ActOptions {
  /** Version the caller last saw (HTTP If-Match); a mismatch is CONFLICT instead of a silent overwrite. */
  expectedVersion?: number;
}

/** What `access` says of the caller on a ticket. */
export interface TicketAccess {
  ticketId: string;
  reference: string;
  /** Staff see internal notes (and what they carry). */
  staff: boolean;
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

/** Who acts on a loaded ticket, with what the use case needs around them. */
interface Context {
  catalogue: CatalogueSnapshot;
  actor: Actor;
  grants: Grants | null;
  /** Email of the account acting for the person, recorded on each event. */
  via: string | null;
}

/** A person as the create path needs them. */
interface PersonRow {
  id: string;
  email: string;
  active: boolean;
  establishment_id: string | null;
  language: string;
}

/** Another ticket the caller named and may see. */
type VisibleTicket = { id: string } & NonNullable<Facts['linkedProblem']>;

/** What one workflow step writes besides the ticket row. */
interface Writes {
  events: EventRow[];
  providers: ProviderChanges;
  wakes: Date[];
}

/**
 * Ticket use cases. Each reads what it needs (the caller's grants and the catalogue are remembered
 * by the process, see ReadCache; the ticket is one statement), decides with the pure workflow, and
 * writes the ticket, its timeline events and provider references in one statement
 * that also checks the version: a concurrent change makes it write nothing (CONFLICT).
 */
export class TicketService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #cache: ReadCache;
  #afterCommit: AfterCommit | null = null;

  constructor(orm: MikroORM, clock: Clock, cache: ReadCache) {
    this.#orm = orm;
    this.#clock = clock;
    this.#cache = cache;
  }

  /** Lets the scheduler receive wake-up dates once the change that set them is committed. */
  onCommit(hooks: AfterCommit | null): void {
    this.#afterCommit = hooks;
  }

  async create(caller: Caller, raw: CreateTicketInput): Promise<TicketView> {
    const input = parseInput(CreateTicketInputSchema, raw);
    const catalogue = await this.#cache.catalogue();
    const grants = caller === 'system' ? null : await this.#cache.grants(caller.personId);
    const service = input.service ? catalogue.service(input.service, 'service') : null;
    const subService = input.subService ? catalogue.service(input.subService, 'subService') : null;
    if (subService && !subService.parentId) throw fieldError('subService', 'field.not_a_sub_service');
    if (service && subService && !catalogue.ancestry([subService.id]).has(service.id)) {
      throw fieldError('subService', 'field.not_a_sub_service');
    }
    for (const [field, s] of [
      ['service', service],
      ['subService', subService],
    ] as const) {
      if (s && s.status === 'retired') throw fieldError(field, 'field.retired_service', { value: s.code });
    }
    const requester: PersonRow | null = input.requester
      ? await this.#person(input.requester, 'requester')
      : grants
        ? {
            id: grants.person.id,
            email: grants.person.email,
            active: true,
            establishment_id: grants.person.establishmentId,
            language: grants.person.language,
          }
        : null;
    if (!requester) throw fieldError('requester', 'field.required');
    if (!requester.active) throw fieldError('requester', 'field.inactive_person', { value: requester.email });
    const serviceIds = [service?.id, subService?.id].filter((x): x is string => !!x);
    if (grants && requester.id !== grants.person.id) {
      const roles = rolesOnTicket(catalogue, grants, {
        requesterId: requester.id,
        agentId: null,
        teamId: null,
        serviceIds,
      });
      if (!roles.has('moderator') && !roles.has('functional_admin')) {
        throw fieldError('requester', 'field.not_a_moderator');
      }
    }
    const establishmentId = input.establishment
      ? catalogue.establishment(input.establishment, 'establishment').id
      : requester.establishment_id;
    const requiresApproval = [service, subService].some((s) => s?.approvalPolicy === 'required');
    const now = this.#clock.now();
    const state: TicketState = {
      status: initialStatus(requiresApproval),
      type: input.type ?? null,
      title: input.title,
      description: input.description,
      impact: input.impact ?? 'medium',
      urgency: input.urgency ?? 'medium',
      serviceId: service?.id ?? null,
      subServiceId: subService?.id ?? null,
      establishmentId,
      teamId: null,
      agentId: null,
      pendingUntil: null,
      pendingKind: null,
      pendingReason: null,
      solution: null,
      rejectionReason: null,
      linkedProblemId: null,
      resolvedAt: null,
      closedAt: null,
    };
    const via = await this.#viaEmail(caller);
    const onBehalf = grants !== null && requester.id !== grants.person.id;
    const writes = emptyWrites();
    writes.events.push(
      ...eventRows(
        [
          {
            type: 'created',
            visibility: 'public',
            data: {
              channel: input.channel,
              status: state.status,
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
        ],
        grants?.person.id ?? null,
        via,
      ),
    );
    const stored = await oneStatement(this.#orm, async (em) => {
      const routed = state.status === 'new' ? await this.#route(em, catalogue, state, writes) : state;
      return insertTicket(
        em,
        {
          state: routed,
          channel: input.channel,
          requesterId: requester.id,
          createdById: grants?.person.id ?? requester.id,
        },
        writes.events,
        now,
      );
    });
    return this.#viewFor(catalogue, grants, stored);
  }

  /** Applies one workflow action (approve, assign, pend, resolve, reply, ...) to a ticket. */
  async act(
    caller: Caller,
    reference: string,
    raw: ActionInput,
    options: ActOptions = {},
  ): Promise<TicketView> {
    const input = parseInput(ActionInputSchema, raw);
    const { ctx, ticket } = await this.#load(caller, reference);
    if (options.expectedVersion !== undefined && options.expectedVersion !== ticket.version) {
      throw new DomainError('CONFLICT', {
        rule: 'stale_version',
        params: { expected: options.expectedVersion, actual: ticket.version },
      });
    }
    const { command, facts } = await this.#prepare(ctx, ticket, input);
    const { stored, wakes } = await this.#write(ctx, ticket, command, facts);
    await this.#scheduleWakes(stored.id, wakes);
    return this.#viewFor(ctx.catalogue, ctx.grants, stored);
  }

  async get(caller: Caller, reference: string): Promise<TicketView> {
    const { ctx, ticket } = await this.#load(caller, reference);
    return viewOfStored(
      ticket,
      availableActions(stateOfStored(ticket), ctx.actor),
      isStaff(ctx.actor),
      ctx.catalogue.codes,
      this.#clock.now(),
    );
  }

  /**
   * Who the caller is on a ticket, for the use cases that hang on it (attachments): hidden tickets
   * answer "not found"; with `comment`, the refusal `act` would give to that reply or note now.
   */
  async access(caller: Caller, reference: string, comment?: 'reply' | 'note'): Promise<TicketAccess> {
    const { ctx, ticket } = await this.#load(caller, reference);
    if (comment) {
      const command: Command = { action: comment, body: '-' };
      const outcome = transition(
        stateOfStored(ticket),
        command,
        ctx.actor,
        this.#assignmentFacts(ctx, ticket),
      );
      if (!outcome.ok) throw new DomainError(outcome.refusal.code, outcome.refusal.details);
    }
    return { ticketId: ticket.id, reference: ticket.reference, staff: isStaff(ctx.actor) };
  }

  /** The timeline, oldest first. Internal notes and provider details only for staff. */
  async timeline(caller: Caller, reference: string): Promise<TicketEventView[]> {
    const { ctx, ticket } = await this.#load(caller, reference);
    const staff = isStaff(ctx.actor);
    const rows = await withEm(this.#orm, (em) =>
      sql<TimelineRow>(
        em,
        `select ${TIMELINE_ROW_SELECT}
           from ticket_event e left join person a on a.id = e.actor_id
          where e.ticket_id = $1 ${staff ? '' : `and e.visibility = 'public'`}
          order by e.id`,
        [ticket.id],
      ),
    );
    return rows.map(rowToTimelineEvent);
  }

  /**
   * Tickets the caller may see, with filters and keyset pagination (newest first by default).
   * The read path of every queue screen, so it skips the ORM's entity hydration: the filters are
   * built with the query builder, then one SQL statement joins the page's people and codes and its
   * rows are mapped straight to views.
   */
  async list(caller: Caller, raw: ListTicketsInput = {}): Promise<TicketPage> {
    const input = parseInput(ListTicketsInputSchema, raw);
    const catalogue = await this.#cache.catalogue();
    const grants = caller === 'system' ? null : await this.#cache.grants(caller.personId);
    // Staff may browse the directory, so an unknown person is worth a 422 to them; to anyone else
    // it matches nothing, exactly like a known person whose tickets they cannot see.
    const person = async (key: string, field: string) => {
      if (!grants || mayBrowseDirectory(grants)) return (await this.#person(key, field)).id;
      return (await this.#findPerson(key))?.id ?? NIL_UUID;
    };
    const agentId = input.agent ? await person(input.agent, 'agent') : null;
    const requesterId = input.requester ? await person(input.requester, 'requester') : null;
    const { column, descending } = SORT_COLUMNS[input.sort];
    const key = column === 'due' ? DUE_SORT_KEY : `t.${column}`;
    const now = this.#clock.now();
    // One statement, its text fixed by which filters are used (so each shape is prepared once),
    // every value a parameter.
    const params: unknown[] = [];
    const $ = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (grants && !grants.functionalAdmin) {
      const scope = visibilitySql(catalogue, grants, 't', params.length + 1);
      params.push(...scope.params);
      where.push(scope.sql);
    }
    if (input.status) where.push(`t.status = any(${$(input.status)}::text[])`);
    if (input.type) where.push(`t.type = ${$(input.type)}`);
    if (input.priority) where.push(`t.priority = any(${$(input.priority)}::text[])`);
    if (input.service) {
      const root = catalogue.service(input.service, 'service');
      where.push(`t.service_id = any(${$(catalogue.descendants([root.id]))}::uuid[])`);
    }
    if (input.team) where.push(`t.team_id = ${$(catalogue.team(input.team, 'team').id)}::uuid`);
    if (agentId) where.push(`t.agent_id = ${$(agentId)}::uuid`);
    if (requesterId) where.push(`t.requester_id = ${$(requesterId)}::uuid`);
    if (input.establishment) {
      where.push(
        `t.establishment_id = ${$(catalogue.establishment(input.establishment, 'establishment').id)}::uuid`,
      );
    }
    if (input.createdFrom) where.push(`t.created_at >= ${$(input.createdFrom)}::timestamptz`);
    if (input.createdTo) where.push(`t.created_at < ${$(input.createdTo)}::timestamptz`);
    if (input.updatedFrom) where.push(`t.updated_at >= ${$(input.updatedFrom)}::timestamptz`);
    if (input.updatedTo) where.push(`t.updated_at < ${$(input.updatedTo)}::timestamptz`);
    if (input.queue && grants) where.push(queueSql(catalogue, grants, input.queue, $));
    // Service levels are for staff: filtered or sorted by them, a list holds only such tickets.
    if ((input.sla || column === 'due') && grants) where.push(staffScopeSql(catalogue, grants, $));
    if (input.sla) where.push(slaFilterSql(input.sla, $(now)));
    if (input.q) where.push(`t.search_vector @@ websearch_to_tsquery('fr_unaccent', ${$(input.q)})`);
    if (input.after) {
      const cursor = decodeCursor(input.after, input.sort);
      // Row comparison on the exact stored value (microseconds): no row skipped or repeated.
      where.push(
        `(${key}, t.id) ${descending ? '<' : '>'} (${$(cursor.at)}::timestamptz, ${$(cursor.id)}::uuid)`,
      );
    }
    const direction = descending ? 'desc' : 'asc';
    const rows = await withEm(this.#orm, (em) =>
      sql<TicketRow>(
        em,
        `${TICKET_ROW_SELECT}, ${key}::text as sort_key
           from ticket t ${TICKET_ROW_JOINS}
          where ${where.length > 0 ? where.join(' and ') : 'true'}
          order by ${key} ${direction}, t.id ${direction}
          limit ${$(input.limit + 1)}`,
        params,
        // The terms decide the best plan (their frequency): plan each search for its own.
        { prepare: !input.q },
      ),
    );
    const items = rows.slice(0, input.limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => {
        const view = rowToTicketView(r, catalogue.codes);
        const staff =
          !grants ||
          isStaff({ personId: grants.person.id, roles: rolesOnTicket(catalogue, grants, partiesOf(r)) });
        return staff ? { ...view, serviceLevel: slaSummary(r.sla, now) } : view;
      }),
      next: rows.length > input.limit && last ? encodeCursor(input.sort, last.sort_key, last.id) : null,
    };
  }

  /**
   * Scheduler entry point: wakes a ticket whose pending date has come. Idempotent: a ticket that was
   * resumed earlier, re-pended to a later date or already woken by another process is left alone.
   */
  async wake(ticketId: string): Promise<'woken' | 'not_due'> {
    const attempt = async (): Promise<'woken' | 'not_due'> => {
      const ticket = await committedRead(this.#orm, (em) => findTicketById(em, ticketId));
      const now = this.#clock.now();
      if (
        ticket?.status !== 'pending' ||
        ticket.pending_kind !== 'until_date' ||
        ticket.pending_until === null ||
        Number(ticket.pending_until) > now.getTime()
      ) {
        return 'not_due';
      }
      const ctx = await this.#systemContext();
      await this.#write(ctx, ticket, { action: 'resume' }, this.#assignmentFacts(ctx, ticket));
      return 'woken';
    };
    try {
      return await attempt();
    } catch (error) {
      // Another process changed the ticket at the same moment: look again with fresh data.
      if (error instanceof DomainError && error.code === 'CONFLICT') return attempt();
      throw error;
    }
  }

  /** Ids of pending tickets whose date has passed (the sweep's safety net for lost wake-ups). */
  async overduePending(limit = 500): Promise<string[]> {
    const rows = await committedRead(this.#orm, (em) =>
      sql<{ id: string }>(
        em,
        `select id from ticket where status = 'pending' and pending_kind = 'until_date' and pending_until <= $1
          order by pending_until limit $2`,
        [this.#clock.now(), limit],
      ),
    );
    return rows.map((r) => r.id);
  }

  /** Closes resolved tickets left untouched for `days` days. Returns how many were closed. */
  async autoClose(days: number, limit = 500): Promise<number> {
    const cutoff = new Date(this.#clock.now().getTime() - days * 86_400_000);
    const ids = (
      await committedRead(this.#orm, (em) =>
        sql<{ id: string }>(
          em,
          `select id from ticket where status = 'resolved' and resolved_at <= $1 order by resolved_at limit $2`,
          [cutoff, limit],
        ),
      )
    ).map((r) => r.id);
    let closed = 0;
    const ctx = await this.#systemContext();
    for (const id of ids) {
      const ticket = await committedRead(this.#orm, (em) => findTicketById(em, id));
      if (
        ticket?.status !== 'resolved' ||
        ticket.resolved_at === null ||
        Number(ticket.resolved_at) > cutoff.getTime()
      ) {
        continue;
      }
      try {
        await this.#write(
          ctx,
          ticket,
          { action: 'close', comment: `auto-close after ${days} days` },
          { now: this.#clock.now() },
        );
        closed += 1;
      } catch (error) {
        // Reopened or closed by someone at the same moment: their change wins.
        if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
      }
    }
    return closed;
  }

  /** The ticket and who the caller is on it; hidden tickets answer "not found". */
  async #load(caller: Caller, reference: string): Promise<{ ctx: Context; ticket: StoredTicket }> {
    const catalogue = await this.#cache.catalogue();
    const grants = caller === 'system' ? null : await this.#cache.grants(caller.personId);
    // Anything but a reference names no ticket: no query for it (nor a database error on a NUL).
    if (!REFERENCE.test(reference.trim())) {
      throw new DomainError('TICKET_NOT_FOUND', {
        params: { reference: reference.replaceAll('\u0000', '') },
      });
    }
    const ticket = await withEm(this.#orm, (em) => findTicketByReference(em, reference));
    if (!ticket) throw new DomainError('TICKET_NOT_FOUND', { params: { reference } });
    if (!grants) return { ctx: { catalogue, actor: SYSTEM_ACTOR, grants, via: null }, ticket };
    const roles = rolesOnTicket(catalogue, grants, partiesOf(ticket));
    if (roles.size === 0) throw new DomainError('TICKET_NOT_FOUND', { params: { reference } });
    const via = await this.#viaEmail(caller);
    return { ctx: { catalogue, actor: { personId: grants.person.id, roles }, grants, via }, ticket };
  }

  async #systemContext(): Promise<Context> {
    return { catalogue: await this.#cache.catalogue(), actor: SYSTEM_ACTOR, grants: null, via: null };
  }

  /** Turns user input (codes, emails) into a workflow command plus the facts its guards need. */
  async #prepare(
    ctx: Context,
    ticket: StoredTicket,
    input: z.output<typeof ActionInputSchema>,
  ): Promise<{ command: Command; facts: Facts }> {
    const { catalogue } = ctx;
    const now = this.#clock.now();
    switch (input.action) {
      case 'assign':
      case 'reassign': {
        const team = catalogue.team(input.team, 'team');
        const agent = await this.#person(input.agent, 'agent');
        const base = { type: input.type ?? null, teamId: team.id, agentId: agent.id };
        const command: Command =
          input.action === 'assign'
            ? { action: 'assign', ...base }
            : { action: 'reassign', ...base, ...(input.reason ? { reason: input.reason } : {}) };
        return {
          command,
          facts: { now, agentIsTeamMember: catalogue.isActiveTechnician(agent.id, team.id) },
        };
      }
      case 'resolve': {
        const service = catalogue.service(input.service, 'service');
        const sub = input.subService ? catalogue.service(input.subService, 'subService') : null;
        return {
          command: {
            action: 'resolve',
            serviceId: service.id,
            subServiceId: sub?.id ?? null,
            solution: input.solution,
          },
          facts: { now, subServiceBelongsToService: sub ? isUnder(catalogue, sub.id, service.id) : true },
        };
      }
      case 'edit': {
        const c = input.changes;
        const service = c.service ? catalogue.service(c.service, 'changes.service') : undefined;
        const sub = c.subService
          ? catalogue.service(c.subService, 'changes.subService')
          : c.subService === null
            ? null
            : undefined;
        const establishment = c.establishment
          ? catalogue.establishment(c.establishment, 'changes.establishment')
          : undefined;
        // A ticket the caller cannot see is unknown to them: same answer, no oracle, no link. The
        // workflow checks the one they see is an open problem (guard linksOnlyToOpenProblem).
        const linked = c.linkedProblem ? await this.#visibleTicket(ctx, c.linkedProblem) : null;
        if (c.linkedProblem && !linked) {
          throw fieldError('changes.linkedProblem', 'field.unknown', { value: c.linkedProblem });
        }
        const linkedProblemId = c.linkedProblem === null ? null : linked?.id;
        const [current] =
          linkedProblemId !== undefined &&
          ticket.linked_problem_id &&
          ticket.linked_problem_id !== linkedProblemId
            ? await withEm(this.#orm, (em) =>
                sql<{ reference: string; status: TicketStatus }>(
                  em,
                  'select reference, status from ticket where id = $1',
                  [ticket.linked_problem_id],
                ),
              )
            : [];
        const serviceId = service?.id ?? ticket.service_id;
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
            subServiceBelongsToService: sub && serviceId ? isUnder(catalogue, sub.id, serviceId) : !sub,
            ...(linked ? { linkedProblem: linked } : {}),
            ...(current ? { currentProblem: current } : {}),
          },
        };
      }
      case 'provider_escalate': {
        const provider = catalogue.provider(input.provider, 'provider');
        const { action: _a, provider: _p, ...rest } = input;
        return { command: { action: 'provider_escalate', providerId: provider.id, ...rest }, facts: { now } };
      }
      case 'provider_update': {
        const exists = ticket.provider_refs.some((r) => r.id === input.referenceId);
        return { command: input, facts: { now, providerReferenceExists: exists } };
      }
      case 'resume':
      case 'reopen':
      case 'reply':
        return { command: input, facts: this.#assignmentFacts(ctx, ticket) };
      default:
        return { command: input, facts: { now } };
    }
  }

  #assignmentFacts(ctx: Context, ticket: StoredTicket): Facts {
    const valid =
      !!ticket.agent_id &&
      !!ticket.team_id &&
      ctx.catalogue.isActiveTechnician(ticket.agent_id, ticket.team_id);
    return { now: this.#clock.now(), assignmentStillValid: valid };
  }

  /** Runs the pure transition and writes its outcome in one statement. */
  async #write(
    ctx: Context,
    ticket: StoredTicket,
    command: Command,
    facts: Facts,
  ): Promise<{ stored: StoredTicket; wakes: Date[] }> {
    const outcome = transition(stateOfStored(ticket), command, ctx.actor, facts);
    if (!outcome.ok)
      throw new DomainError(outcome.refusal.code, inputFieldNames(command, outcome.refusal.details));
    const { events, effects } = outcome.value;
    let state = outcome.value.state;
    const writes = emptyWrites();
    writes.events.push(...eventRows(events, ctx.actor.personId, ctx.via));
    const stored = await oneStatement(this.#orm, async (em) => {
      for (const effect of effects) {
        switch (effect.kind) {
          case 'route':
            state = await this.#route(em, ctx.catalogue, state, writes);
            break;
          case 'schedule_wake':
            writes.wakes.push(effect.at);
            break;
          case 'record_provider_reference':
            if (command.action === 'provider_escalate') {
              writes.providers.created.push({
                id: crypto.randomUUID(),
                providerId: command.providerId,
                externalId: command.externalId,
                status: command.status ?? 'open',
                notes: command.notes ?? null,
              });
            } else if (command.action === 'provider_update') {
              writes.providers.updated.push({
                id: command.referenceId,
                status: command.status,
                notes: command.notes,
              });
            }
            break;
        }
      }
      // Every action touches the ticket, so its version moves and a concurrent action on a stale
      // copy (even a comment on a ticket closed meanwhile) fails with CONFLICT.
      const written = await updateTicket(
        em,
        ticket.id,
        ticket.version,
        state,
        writes.events,
        writes.providers,
        facts.now,
      );
      if (!written) throw new DomainError('CONFLICT', { rule: 'concurrent_update' });
      return written;
    });
    // The statement's own reads do not see the provider references it writes: apply them here.
    stored.provider_refs = withProviderChanges(ticket.provider_refs, writes.providers);
    return { stored, wakes: writes.wakes };
  }

  /** Automatic routing: a matching rule, else the service's default team, as an `assign` by the system. */
  async #route(
    em: EntityManager,
    catalogue: CatalogueSnapshot,
    state: TicketState,
    writes: Writes,
  ): Promise<TicketState> {
    const decision = await decideRouting(em, catalogue, {
      serviceIds: [state.serviceId, state.subServiceId].filter((x): x is string => !!x),
      nearestServiceId: state.subServiceId ?? state.serviceId,
      type: state.type,
      establishmentId: state.establishmentId,
    });
    if (!decision) return state;
    const command: Command = {
      action: 'assign',
      type: decision.type,
      teamId: decision.teamId,
      agentId: decision.agentId,
    };
    const outcome = transition(state, command, SYSTEM_ACTOR, {
      now: this.#clock.now(),
      agentIsTeamMember: true,
    });
    if (!outcome.ok) return state;
    writes.events.push(
      ...eventRows(
        outcome.value.events.map((e) => ({ ...e, data: { ...e.data, ...decision.source } })),
        null,
        null,
      ),
    );
    return outcome.value.state;
  }

  /** The ticket as the caller sees it after a change, with the actions open to them now. */
  #viewFor(catalogue: CatalogueSnapshot, grants: Grants | null, stored: StoredTicket): TicketView {
    const actor: Actor = grants
      ? { personId: grants.person.id, roles: rolesOnTicket(catalogue, grants, partiesOf(stored)) }
      : SYSTEM_ACTOR;
    return viewOfStored(
      stored,
      availableActions(stateOfStored(stored), actor),
      isStaff(actor),
      catalogue.codes,
      this.#clock.now(),
    );
  }

  /** The ticket the caller may see under `reference`, or null. */
  async #visibleTicket(ctx: Context, reference: string): Promise<VisibleTicket | null> {
    if (!REFERENCE.test(reference.trim())) return null;
    const scope = ctx.grants ? visibilitySql(ctx.catalogue, ctx.grants, 't', 2) : { sql: 'true', params: [] };
    const [row] = await withEm(this.#orm, (em) =>
      sql<VisibleTicket>(
        em,
        `select t.id, t.reference, t.type, t.status from ticket t where t.reference = $1 and ${scope.sql}`,
        [reference.trim().toUpperCase(), ...scope.params],
      ),
    );
    return row ?? null;
  }

  /** A person by email or id, or VALIDATION_FAILED on `field`. */
  async #person(key: string, field: string): Promise<PersonRow> {
    const person = await this.#findPerson(key);
    if (!person) throw fieldError(field, 'field.unknown', { value: key });
    return person;
  }

  async #findPerson(key: string): Promise<PersonRow | null> {
    const byId = isUuid(key);
    const [row] = await withEm(this.#orm, (em) =>
      sql<PersonRow>(
        em,
        `select id, email, active, establishment_id, language from person where ${byId ? 'id = $1::uuid' : 'email = $1'}`,
        [byId ? key : key.trim().toLowerCase()],
      ),
    );
    return row ?? null;
  }

  async #viaEmail(caller: Caller): Promise<string | null> {
    if (caller === 'system' || !caller.via) return null;
    return (await this.#cache.grants(caller.via)).person.email;
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

const emptyWrites = (): Writes => ({
  events: [],
  providers: { created: [], updated: [] },
  wakes: [],
});

function partiesOf(t: TicketRow) {
  return parties({
    requesterId: t.requester_id,
    agentId: t.agent_id,
    teamId: t.team_id,
    serviceId: t.service_id,
    subServiceId: t.sub_service_id,
  });
}

function withProviderChanges(
  refs: StoredTicket['provider_refs'],
  changes: ProviderChanges,
): StoredTicket['provider_refs'] {
  const updated = refs.map((r) => {
    const u = changes.updated.find((x) => x.id === r.id);
    return u ? { ...r, status: u.status ?? r.status, notes: u.notes ?? r.notes } : r;
  });
  return [
    ...updated,
    ...changes.created.map((c) => ({
      id: c.id,
      providerId: c.providerId,
      externalId: c.externalId,
      status: c.status,
      notes: c.notes,
    })),
  ];
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

function isUnder(catalogue: CatalogueSnapshot, subId: string, serviceId: string): boolean {
  return subId !== serviceId && catalogue.ancestry([subId]).has(serviceId);
}

/** What references look like, in any case. */
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

/** The shortcut queues as SQL conditions on ticket `t`; `$` adds a parameter. */
function queueSql(
  catalogue: CatalogueSnapshot,
  grants: Grants,
  queue: 'mine' | 'my_teams' | 'unassigned' | 'awaiting_my_approval',
  $: (value: unknown) => string,
): string {
  const open: TicketStatus[] = ['new', 'assigned', 'pending', 'resolved'];
  switch (queue) {
    case 'mine':
      return `(t.agent_id = ${$(grants.person.id)}::uuid and t.status = any(${$(open)}::text[]))`;
    case 'my_teams':
      return `(t.team_id = any(${$([...grants.technicianOf])}::uuid[]) and t.status = any(${$(open)}::text[]))`;
    case 'unassigned': {
      if (grants.functionalAdmin) return `t.status = 'new'`;
      const services = catalogue.descendants(grants.moderatorOf);
      return `(t.status = 'new' and (t.service_id = any(${$(services)}::uuid[]) or t.service_id is null))`;
    }
    case 'awaiting_my_approval': {
      if (grants.functionalAdmin) return `t.status = 'pending_approval'`;
      const services = $(catalogue.descendants(grants.approverOf));
      return `(t.status = 'pending_approval' and (t.service_id = any(${services}::uuid[]) or t.sub_service_id = any(${services}::uuid[])))`;
    }
  }
}

const SORT_COLUMNS: Record<TicketSort, { column: 'created_at' | 'updated_at' | 'due'; descending: boolean }> =
  {
    '-createdAt': { column: 'created_at', descending: true },
    createdAt: { column: 'created_at', descending: false },
    '-updatedAt': { column: 'updated_at', descending: true },
    updatedAt: { column: 'updated_at', descending: false },
    dueAt: { column: 'due', descending: false },
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
    // `infinity`: past the last ticket with a due date (`sort=dueAt`).
    (parsed[1] === 'infinity' ||
      /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/.test(parsed[1])) &&
    typeof parsed[2] === 'string' &&
    isUuid(parsed[2])
  ) {
    return { at: parsed[1], id: parsed[2] };
  }
  throw fieldError('after', 'field.not_a_cursor');
}
