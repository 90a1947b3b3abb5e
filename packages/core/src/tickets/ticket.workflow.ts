/**
 * The ticket lifecycle as data: one table says, for every action, from which states it may be taken,
 * by which roles, with which required fields and guards, and where it leads. `transition()` is pure:
 * it reads a ticket snapshot, a command, the actor and the facts the service looked up, and returns
 * the next snapshot with the events to append, or a typed refusal. Nothing here touches the database.
 */
import type { DomainErrorDetails, ErrorCode, FieldIssue } from '../errors.ts';
import {
  FINAL_STATUSES,
  type Level,
  type PendingKind,
  type ProviderReferenceStatus,
  type TicketEventType,
  type TicketStatus,
  type TicketType,
  type Visibility,
} from './ticket.types.ts';

/** What the actor is *for this ticket*. The service derives these from profiles and the ticket. */
export const ROLES = [
  'requester',
  'approver',
  'moderator',
  'agent',
  'team_technician',
  'functional_admin',
  'system',
] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** `null` for the system (scheduler, routing). */
  personId: string | null;
  roles: ReadonlySet<Role>;
}

export const SYSTEM_ACTOR: Actor = { personId: null, roles: new Set<Role>(['system']) };

/** The part of a ticket the workflow reads and writes. */
export interface TicketState {
  status: TicketStatus;
  type: TicketType | null;
  title: string;
  description: string;
  impact: Level;
  urgency: Level;
  serviceId: string | null;
  subServiceId: string | null;
  establishmentId: string | null;
  teamId: string | null;
  agentId: string | null;
  pendingUntil: Date | null;
  pendingKind: PendingKind | null;
  pendingReason: string | null;
  solution: string | null;
  rejectionReason: string | null;
  linkedProblemId: string | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/** Fields an `edit` may change. Keys are the ticket's own field names. */
export interface EditableFields {
  title?: string;
  description?: string;
  type?: TicketType;
  impact?: Level;
  urgency?: Level;
  serviceId?: string;
  subServiceId?: string | null;
  establishmentId?: string;
  linkedProblemId?: string | null;
}

export type Command =
  | { action: 'approve'; comment?: string }
  | { action: 'reject'; reason: string }
  | { action: 'assign'; type?: TicketType | null; teamId: string; agentId: string }
  | { action: 'reassign'; type?: TicketType | null; teamId: string; agentId: string; reason?: string }
  | { action: 'pend'; until: Date; reason: string }
  | { action: 'request_info'; question: string }
  | { action: 'resume'; note?: string }
  | { action: 'resolve'; serviceId: string; subServiceId?: string | null; solution: string }
  | { action: 'reopen'; reason: string }
  | { action: 'close'; comment?: string }
  | { action: 'reply'; body: string }
  | { action: 'note'; body: string }
  | { action: 'edit'; changes: EditableFields }
  | {
      action: 'provider_escalate';
      providerId: string;
      externalId: string;
      status?: ProviderReferenceStatus;
      notes?: string;
    }
  | { action: 'provider_update'; referenceId: string; status?: ProviderReferenceStatus; notes?: string };

export type Action = Command['action'];

/** What the service looked up for the workflow (membership, tree, clock). */
export interface Facts {
  now: Date;
  /** assign/reassign: the target agent is a technician of the target team. */
  agentIsTeamMember?: boolean;
  /** resolve/edit: the sub-service, when given, sits under the service. */
  subServiceBelongsToService?: boolean;
  /**
   * resume, reopen (and a requester's reply to an info request): the current agent is still an
   * active technician of the current team, so the ticket may go back to them.
   */
  assignmentStillValid?: boolean;
  /** provider_update: the reference exists on this ticket. */
  providerReferenceExists?: boolean;
  /** edit of `linkedProblem`: the ticket it names, which the caller may see. */
  linkedProblem?: { reference: string; type: TicketType | null; status: TicketStatus };
  /** edit that unlinks or moves the ticket: the problem it is linked to now. */
  currentProblem?: { reference: string; status: TicketStatus };
}

export interface EventDraft {
  type: TicketEventType;
  visibility: Visibility;
  data: Record<string, unknown>;
}

/** Side effects the service carries out after applying the transition, in the same transaction. */
export type Effect =
  | { kind: 'route' }
  | { kind: 'schedule_wake'; at: Date }
  | { kind: 'record_provider_reference' };

export interface TransitionResult {
  state: TicketState;
  events: EventDraft[];
  effects: Effect[];
}

export interface Refusal {
  code: Extract<ErrorCode, 'INVALID_TRANSITION' | 'FORBIDDEN' | 'VALIDATION_FAILED'>;
  details: DomainErrorDetails;
}

export type Outcome = { ok: true; value: TransitionResult } | { ok: false; refusal: Refusal };

const NON_FINAL: readonly TicketStatus[] = ['pending_approval', 'new', 'assigned', 'pending', 'resolved'];
/** Everyone who works on tickets, as opposed to the person who asked. */
const STAFF: readonly Role[] = [
  'approver',
  'moderator',
  'agent',
  'team_technician',
  'functional_admin',
  'system',
];

export type GuardName =
  | 'agentIsTeamMember'
  | 'untilInFuture'
  | 'subServiceBelongsToService'
  | 'requesterEditsOnlyText'
  | 'providerReferenceExists'
  | 'hasType'
  | 'problemStaysProblem'
  | 'linksOnlyToOpenProblem';

/**
 * States of a problem in which incidents may be linked to it (also `PROBLEM_RULES.link`): a new
 * incident of a known error may still join a resolved problem, not a closed or rejected one.
 */
export const PROBLEM_OPEN_FOR_LINKS: readonly TicketStatus[] = ['new', 'assigned', 'pending', 'resolved'];

interface ActionDefinition {
  from: readonly TicketStatus[];
  by: readonly Role[];
  /** Command fields that must be present and non-blank. */
  required: readonly string[];
  guards: readonly GuardName[];
  /** When set, a caller who is only the requester may take the action in these states alone. */
  requesterOnlyIn?: readonly TicketStatus[];
  /** Target state; `same` for activities that do not move the ticket; `computed` when facts decide. */
  to: TicketStatus | 'same' | 'computed';
}

/** The lifecycle. Read it as: action ← from states, by roles, needs fields, checks guards → to state. */
export const WORKFLOW: Readonly<Record<Action, ActionDefinition>> = {
  approve: {
    from: ['pending_approval'],
    by: ['approver', 'functional_admin'],
    required: [],
    guards: [],
    to: 'new',
  },
  reject: {
    from: ['pending_approval'],
    by: ['approver', 'functional_admin'],
    required: ['reason'],
    guards: [],
    to: 'rejected',
  },
  assign: {
    from: ['new'],
    by: ['moderator', 'functional_admin', 'system'],
    required: ['teamId', 'agentId'],
    guards: ['hasType', 'problemStaysProblem', 'agentIsTeamMember'],
    to: 'assigned',
  },
  reassign: {
    from: ['assigned'],
    by: ['moderator', 'agent', 'functional_admin', 'system'],
    required: ['teamId', 'agentId'],
    guards: ['hasType', 'problemStaysProblem', 'agentIsTeamMember'],
    to: 'assigned',
  },
  pend: {
    from: ['assigned'],
    by: ['moderator', 'agent'],
    required: ['until', 'reason'],
    guards: ['untilInFuture'],
    to: 'pending',
  },
  request_info: {
    from: ['new', 'assigned'],
    by: ['moderator', 'agent'],
    required: ['question'],
    guards: [],
    to: 'pending',
  },
  resume: {
    from: ['pending'],
    by: ['moderator', 'agent', 'functional_admin', 'system'],
    required: [],
    guards: [],
    to: 'computed',
  },
  resolve: {
    from: ['assigned'],
    by: ['agent', 'moderator'],
    required: ['serviceId', 'solution'],
    guards: ['subServiceBelongsToService'],
    to: 'resolved',
  },
  reopen: {
    from: ['resolved'],
    by: ['requester', 'moderator', 'agent'],
    required: ['reason'],
    guards: [],
    to: 'computed',
  },
  close: {
    from: ['resolved'],
    by: ['moderator', 'functional_admin', 'system'],
    required: [],
    guards: [],
    to: 'closed',
  },
  reply: {
    from: NON_FINAL,
    by: ['requester', ...STAFF],
    required: ['body'],
    guards: [],
    to: 'same',
  },
  note: {
    from: NON_FINAL,
    by: STAFF,
    required: ['body'],
    guards: [],
    to: 'same',
  },
  edit: {
    from: NON_FINAL,
    by: ['requester', 'moderator', 'agent', 'functional_admin'],
    required: ['changes'],
    guards: [
      'requesterEditsOnlyText',
      'subServiceBelongsToService',
      'problemStaysProblem',
      'linksOnlyToOpenProblem',
    ],
    requesterOnlyIn: ['pending_approval', 'new'],
    to: 'same',
  },
  provider_escalate: {
    from: ['assigned', 'pending'],
    by: ['agent', 'moderator'],
    required: ['providerId', 'externalId'],
    guards: [],
    to: 'same',
  },
  provider_update: {
    from: ['assigned', 'pending', 'resolved'],
    by: ['agent', 'moderator'],
    required: ['referenceId'],
    guards: ['providerReferenceExists'],
    to: 'same',
  },
};

export const ACTIONS = Object.keys(WORKFLOW) as Action[];

/** Statuses in which nothing can change any more. */
export const isFinal = (status: TicketStatus): boolean => FINAL_STATUSES.includes(status);

/** The first status of a new ticket. */
export const initialStatus = (requiresApproval: boolean): TicketStatus =>
  requiresApproval ? 'pending_approval' : 'new';

const hasAnyRole = (actor: Actor, roles: readonly Role[]): boolean => roles.some((r) => actor.roles.has(r));

/** Only the requester, with no staff role on this ticket. */
const isOnlyRequester = (actor: Actor): boolean => actor.roles.has('requester') && !hasAnyRole(actor, STAFF);

/** Text fields the requester may still correct before the ticket is assigned. */
const REQUESTER_EDITABLE: readonly (keyof EditableFields)[] = ['title', 'description'];

/** Whether the actor's roles allow the action in the ticket's current state. */
function roleAllows(def: ActionDefinition, state: TicketState, actor: Actor): boolean {
  if (!hasAnyRole(actor, def.by)) return false;
  if (def.requesterOnlyIn && isOnlyRequester(actor)) return def.requesterOnlyIn.includes(state.status);
  return true;
}

/**
 * Actions the actor could take now (input not considered), in table order.
 * @example availableActions(ticket, moderator) // ['assign', 'request_info', 'reply', 'note', 'edit']
 */
export function availableActions(state: TicketState, actor: Actor): Action[] {
  return ACTIONS.filter((action) => {
    const def = WORKFLOW[action];
    return def.from.includes(state.status) && roleAllows(def, state, actor);
  });
}

function refuse(code: Refusal['code'], details: DomainErrorDetails): Outcome {
  return { ok: false, refusal: { code, details } };
}

const isBlank = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (typeof v === 'object' && !(v instanceof Date) && Object.keys(v as object).length === 0) ||
  (v instanceof Date && Number.isNaN(v.getTime()));

function checkGuard(
  guard: GuardName,
  state: TicketState,
  cmd: Command,
  actor: Actor,
  facts: Facts,
): FieldIssue | null {
  switch (guard) {
    case 'hasType': {
      const type = 'type' in cmd && cmd.type ? cmd.type : state.type;
      return type ? null : { field: 'type', rule: 'field.required' };
    }
    case 'agentIsTeamMember':
      return facts.agentIsTeamMember ? null : { field: 'agentId', rule: 'field.agent_not_in_team' };
    case 'untilInFuture':
      return cmd.action === 'pend' && cmd.until.getTime() > facts.now.getTime()
        ? null
        : { field: 'until', rule: 'field.must_be_future' };
    case 'subServiceBelongsToService': {
      const sub =
        cmd.action === 'resolve' ? cmd.subServiceId : cmd.action === 'edit' ? cmd.changes.subServiceId : null;
      if (sub === undefined || sub === null) return null;
      return facts.subServiceBelongsToService
        ? null
        : { field: 'subServiceId', rule: 'field.not_a_sub_service' };
    }
    case 'requesterEditsOnlyText': {
      if (cmd.action !== 'edit' || !isOnlyRequester(actor)) return null;
      const forbidden = Object.keys(cmd.changes).find(
        (k) => !REQUESTER_EDITABLE.includes(k as keyof EditableFields),
      );
      return forbidden ? { field: `changes.${forbidden}`, rule: 'field.not_editable_by_requester' } : null;
    }
    case 'providerReferenceExists':
      return facts.providerReferenceExists ? null : { field: 'referenceId', rule: 'field.unknown_reference' };
    case 'problemStaysProblem':
      return problemTypeIssue(state, cmd);
    case 'linksOnlyToOpenProblem':
      return problemLinkIssue(state, cmd, facts);
  }
}

/** The type and linked problem the ticket would have after an assignment or an edit. */
function typeAndLink(state: TicketState, cmd: Command) {
  if (cmd.action === 'edit') {
    const { type, linkedProblemId } = cmd.changes;
    return {
      field: 'changes.type',
      type: type ?? state.type,
      linkedProblemId: linkedProblemId === undefined ? state.linkedProblemId : linkedProblemId,
    };
  }
  const type = cmd.action === 'assign' || cmd.action === 'reassign' ? (cmd.type ?? state.type) : state.type;
  return { field: 'type', type, linkedProblemId: state.linkedProblemId };
}

/**
 * A problem has its own lifecycle (its analysis, its linked incidents): it never becomes another
 * type, and an incident or a request never becomes one. An untyped ticket may be qualified as a
 * problem, unless it is linked to a problem (a problem is never linked to a problem).
 */
function problemTypeIssue(state: TicketState, cmd: Command): FieldIssue | null {
  const next = typeAndLink(state, cmd);
  if (next.type === state.type) return null;
  if (state.type === 'problem') return { field: next.field, rule: 'field.problem_stays_problem' };
  if (next.type !== 'problem') return null;
  if (state.type !== null) return { field: next.field, rule: 'field.cannot_become_problem' };
  return next.linkedProblemId ? { field: next.field, rule: 'field.linked_cannot_become_problem' } : null;
}

/**
 * A ticket links only to an open problem it may see (the service looked it up), and a problem to
 * none; it leaves a problem only while that problem takes links.
 */
function problemLinkIssue(state: TicketState, cmd: Command, facts: Facts): FieldIssue | null {
  if (cmd.action !== 'edit') return null;
  const field = 'changes.linkedProblem';
  // The links of a closed problem are frozen both ways, as its own `unlink` says.
  const current = facts.currentProblem;
  const relinked =
    cmd.changes.linkedProblemId !== undefined && cmd.changes.linkedProblemId !== state.linkedProblemId;
  if (relinked && current && !PROBLEM_OPEN_FOR_LINKS.includes(current.status)) {
    return {
      field,
      rule: 'field.problem_links_frozen',
      params: { value: current.reference, status: current.status },
    };
  }
  if (!cmd.changes.linkedProblemId) return null;
  if (typeAndLink(state, cmd).type === 'problem') return { field, rule: 'field.problem_cannot_link' };
  const target = facts.linkedProblem;
  if (!target || target.type !== 'problem') {
    return { field, rule: 'field.not_a_problem', params: { value: target?.reference ?? '' } };
  }
  return PROBLEM_OPEN_FOR_LINKS.includes(target.status)
    ? null
    : { field, rule: 'field.problem_not_open', params: { value: target.reference, status: target.status } };
}

/**
 * Applies one command to a ticket snapshot.
 * Checks, in order: finality, source state, role, required fields, guards. Never throws on user input.
 */
export function transition(state: TicketState, cmd: Command, actor: Actor, facts: Facts): Outcome {
  const def = WORKFLOW[cmd.action];
  if (isFinal(state.status)) {
    return refuse('INVALID_TRANSITION', {
      rule: 'ticket_is_final',
      params: { status: state.status, action: cmd.action },
    });
  }
  if (!def.from.includes(state.status)) {
    return refuse('INVALID_TRANSITION', {
      rule: 'action_not_allowed_in_status',
      params: { status: state.status, action: cmd.action },
    });
  }
  if (!roleAllows(def, state, actor)) {
    return refuse('FORBIDDEN', { rule: 'role_not_allowed', params: { action: cmd.action } });
  }
  const issues: FieldIssue[] = [];
  for (const field of def.required) {
    if (isBlank((cmd as unknown as Record<string, unknown>)[field]))
      issues.push({ field, rule: 'field.required' });
  }
  if (issues.length === 0) {
    for (const guard of def.guards) {
      const issue = checkGuard(guard, state, cmd, actor, facts);
      if (issue) issues.push(issue);
    }
  }
  if (issues.length > 0) {
    return refuse('VALIDATION_FAILED', {
      rule: 'invalid_input',
      params: { action: cmd.action },
      fields: issues,
    });
  }
  return { ok: true, value: apply(state, cmd, actor, facts) };
}

const statusChange = (from: TicketStatus, to: TicketStatus) => ({ from, to });

function changesOf(
  before: TicketState,
  after: TicketState,
): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after) as (keyof TicketState)[]) {
    const a = before[key];
    const b = after[key];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    if (!same && key !== 'status') out[key] = { before: a, after: b };
  }
  return out;
}

/**
 * Back to work after a wait or a reopening: same team and agent when still valid, otherwise to the
 * dispatch queue (and routing).
 */
function resumed(state: TicketState, facts: Facts): TicketState {
  const base = { ...state, pendingUntil: null, pendingKind: null, pendingReason: null };
  const valid = facts.assignmentStillValid === true && state.teamId !== null && state.agentId !== null;
  return valid ? { ...base, status: 'assigned' } : { ...base, status: 'new', teamId: null, agentId: null };
}

function apply(state: TicketState, cmd: Command, actor: Actor, facts: Facts): TransitionResult {
  const ev = (type: TicketEventType, data: Record<string, unknown>, visibility: Visibility = 'public') => ({
    type,
    visibility,
    data,
  });
  const withChanges = (next: TicketState, type: TicketEventType, extra: Record<string, unknown> = {}) =>
    ev(type, { ...statusChange(state.status, next.status), changes: changesOf(state, next), ...extra });

  switch (cmd.action) {
    case 'approve': {
      const next: TicketState = { ...state, status: 'new' };
      return {
        state: next,
        events: [withChanges(next, 'approval_granted', cmd.comment ? { comment: cmd.comment } : {})],
        effects: [{ kind: 'route' }],
      };
    }
    case 'reject': {
      const next: TicketState = {
        ...state,
        status: 'rejected',
        rejectionReason: cmd.reason,
        closedAt: facts.now,
      };
      return {
        state: next,
        events: [withChanges(next, 'approval_refused', { reason: cmd.reason })],
        effects: [],
      };
    }
    case 'assign':
    case 'reassign': {
      const next: TicketState = {
        ...state,
        status: 'assigned',
        type: cmd.type ?? state.type,
        teamId: cmd.teamId,
        agentId: cmd.agentId,
      };
      const extra = cmd.action === 'reassign' && cmd.reason ? { reason: cmd.reason } : {};
      return {
        state: next,
        events: [withChanges(next, cmd.action === 'assign' ? 'assigned' : 'reassigned', extra)],
        effects: [],
      };
    }
    case 'pend': {
      const next: TicketState = {
        ...state,
        status: 'pending',
        pendingUntil: cmd.until,
        pendingKind: 'until_date',
        pendingReason: cmd.reason,
      };
      return {
        state: next,
        events: [withChanges(next, 'pended', { reason: cmd.reason })],
        effects: [{ kind: 'schedule_wake', at: cmd.until }],
      };
    }
    case 'request_info': {
      const next: TicketState = {
        ...state,
        status: 'pending',
        pendingUntil: null,
        pendingKind: 'awaiting_requester',
        pendingReason: cmd.question,
      };
      return {
        state: next,
        events: [withChanges(next, 'info_requested', { question: cmd.question })],
        effects: [],
      };
    }
    case 'resume': {
      const next = resumed(state, facts);
      const type: TicketEventType = actor.roles.has('system') ? 'woken' : 'resumed';
      return {
        state: next,
        events: [withChanges(next, type, cmd.note ? { note: cmd.note } : {})],
        effects: next.status === 'new' ? [{ kind: 'route' }] : [],
      };
    }
    case 'resolve': {
      const next: TicketState = {
        ...state,
        status: 'resolved',
        serviceId: cmd.serviceId,
        subServiceId: cmd.subServiceId ?? null,
        solution: cmd.solution,
        resolvedAt: facts.now,
      };
      return {
        state: next,
        events: [withChanges(next, 'resolved')],
        effects: [],
      };
    }
    case 'reopen': {
      // Back to the post-assignment step: the same team and agent if still valid, else dispatch.
      const next: TicketState = { ...resumed(state, facts), solution: null, resolvedAt: null };
      return {
        state: next,
        events: [withChanges(next, 'reopened', { reason: cmd.reason })],
        effects: next.status === 'new' ? [{ kind: 'route' }] : [],
      };
    }
    case 'close': {
      const next: TicketState = { ...state, status: 'closed', closedAt: facts.now };
      return {
        state: next,
        events: [withChanges(next, 'closed', cmd.comment ? { comment: cmd.comment } : {})],
        effects: [],
      };
    }
    case 'reply': {
      const fromRequester = isOnlyRequester(actor);
      const events: EventDraft[] = [
        ev(fromRequester ? 'requester_replied' : 'public_reply', { body: cmd.body }),
      ];
      if (fromRequester && state.status === 'pending' && state.pendingKind === 'awaiting_requester') {
        const next = resumed(state, facts);
        events.push(withChanges(next, 'resumed', { trigger: 'requester_reply' }));
        return { state: next, events, effects: next.status === 'new' ? [{ kind: 'route' }] : [] };
      }
      return {
        state,
        events,
        effects: [],
      };
    }
    case 'note':
      return { state, events: [ev('internal_note', { body: cmd.body }, 'internal')], effects: [] };
    case 'edit': {
      const next: TicketState = { ...state, ...cmd.changes };
      const changes = changesOf(state, next);
      if (Object.keys(changes).length === 0) return { state, events: [], effects: [] };
      return { state: next, events: [ev('field_changed', { changes })], effects: [] };
    }
    case 'provider_escalate':
      return {
        state,
        events: [
          ev(
            'provider_escalated',
            {
              providerId: cmd.providerId,
              externalId: cmd.externalId,
              status: cmd.status ?? 'open',
              ...(cmd.notes ? { notes: cmd.notes } : {}),
            },
            'internal',
          ),
        ],
        effects: [{ kind: 'record_provider_reference' }],
      };
    case 'provider_update':
      return {
        state,
        events: [
          ev(
            'provider_updated',
            {
              referenceId: cmd.referenceId,
              ...(cmd.status ? { status: cmd.status } : {}),
              ...(cmd.notes ? { notes: cmd.notes } : {}),
            },
            'internal',
          ),
        ],
        effects: [{ kind: 'record_provider_reference' }],
      };
  }
}
