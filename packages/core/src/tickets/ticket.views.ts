import type { Person } from '../people/person.entity.ts';
import type { ProviderReference } from './provider-reference.entity.ts';
import type { Ticket } from './ticket.entity.ts';
import type { Action } from './ticket.workflow.ts';
import type { TicketEvent } from './ticket-event.entity.ts';

/** A person as shown on a ticket. */
export interface PersonRef {
  id: string;
  email: string;
  displayName: string;
}

/** Plain, serialisable view of a ticket: codes and emails instead of ORM references. */
export interface TicketView {
  id: string;
  reference: string;
  type: string | null;
  title: string;
  description: string;
  status: string;
  priority: string;
  impact: string;
  urgency: string;
  channel: string;
  requester: PersonRef;
  createdBy: PersonRef;
  service: string | null;
  subService: string | null;
  establishment: string | null;
  team: string | null;
  agent: PersonRef | null;
  pendingUntil: string | null;
  pendingKind: string | null;
  pendingReason: string | null;
  solution: string | null;
  rejectionReason: string | null;
  linkedProblem: string | null;
  providerReferences: {
    id: string;
    provider: string;
    externalId: string;
    status: string;
    notes: string | null;
  }[];
  version: number;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  /** What the caller may do now; omitted in list results (fetch the ticket to get it). */
  actions?: Action[];
}

export interface TicketEventView {
  id: string;
  type: string;
  actor: PersonRef | null;
  visibility: string;
  data: Record<string, unknown>;
  createdAt: string;
}

const personRef = (p: Person): PersonRef => ({ id: p.id, email: p.email, displayName: p.displayName });
const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function toTicketView(
  t: Ticket,
  actions: Action[] | undefined,
  refs: ProviderReference[],
): TicketView {
  return {
    id: t.id,
    reference: t.reference,
    type: t.type ?? null,
    title: t.title,
    description: t.description,
    status: t.status,
    priority: t.priority,
    impact: t.impact,
    urgency: t.urgency,
    channel: t.channel,
    requester: personRef(t.requester),
    createdBy: personRef(t.createdBy),
    service: t.service?.code ?? null,
    subService: t.subService?.code ?? null,
    establishment: t.establishment?.code ?? null,
    team: t.team?.code ?? null,
    agent: t.agent ? personRef(t.agent) : null,
    pendingUntil: iso(t.pendingUntil),
    pendingKind: t.pendingKind ?? null,
    pendingReason: t.pendingReason ?? null,
    solution: t.solution ?? null,
    rejectionReason: t.rejectionReason ?? null,
    linkedProblem: t.linkedProblem?.reference ?? null,
    providerReferences: refs.map((r) => ({
      id: r.id,
      provider: r.provider.code,
      externalId: r.externalId,
      status: r.status,
      notes: r.notes ?? null,
    })),
    version: t.version,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
    ...(actions ? { actions } : {}),
  };
}

export function toEventView(e: TicketEvent): TicketEventView {
  return {
    id: String(e.id),
    type: e.type,
    actor: e.actor ? personRef(e.actor) : null,
    visibility: e.visibility,
    data: e.data,
    createdAt: e.createdAt.toISOString(),
  };
}

/**
 * The columns of a ticket list row: the ticket, its people and its catalogue codes in one statement
 * (`select … from <ticket t> join …`). Codes are scalar subqueries rather than joins: with eight
 * joins PostgreSQL spent ~3 ms planning each list (join-order search), with these ~0.5 ms.
 * `rowToTicketView` turns a row into the same view as `toTicketView`, without provider references
 * (fetch the ticket for those).
 */
/** Timestamps leave SQL as epoch milliseconds: no dependence on how the driver prints timestamptz. */
const epochMs = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;
const fromMs = (ms: number | string | null): string | null =>
  ms === null ? null : new Date(Number(ms)).toISOString();

export const TICKET_ROW_SELECT = `select t.id, t.reference, t.type, t.title, t.description, t.status, t.priority,
  t.impact, t.urgency, t.channel, ${epochMs('t.pending_until')} as pending_until, t.pending_kind,
  t.pending_reason, t.solution, t.rejection_reason, t.version, ${epochMs('t.created_at')} as created_at,
  ${epochMs('t.updated_at')} as updated_at, ${epochMs('t.resolved_at')} as resolved_at,
  ${epochMs('t.closed_at')} as closed_at,
  rq.id as requester_id, rq.email as requester_email, rq.display_name as requester_name,
  cb.id as created_by_id, cb.email as created_by_email, cb.display_name as created_by_name,
  ag.id as agent_id, ag.email as agent_email, ag.display_name as agent_name,
  (select code from service where id = t.service_id) as service,
  (select code from service where id = t.sub_service_id) as sub_service,
  (select code from establishment where id = t.establishment_id) as establishment,
  (select code from team where id = t.team_id) as team,
  (select reference from ticket where id = t.linked_problem_id) as linked_problem`;

export const TICKET_ROW_JOINS = `join person rq on rq.id = t.requester_id
  join person cb on cb.id = t.created_by_id
  left join person ag on ag.id = t.agent_id`;

export interface TicketRow {
  id: string;
  reference: string;
  type: string | null;
  title: string;
  description: string;
  status: string;
  priority: string;
  impact: string;
  urgency: string;
  channel: string;
  pending_until: number | null;
  pending_kind: string | null;
  pending_reason: string | null;
  solution: string | null;
  rejection_reason: string | null;
  version: number;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  closed_at: number | null;
  requester_id: string;
  requester_email: string;
  requester_name: string;
  created_by_id: string;
  created_by_email: string;
  created_by_name: string;
  agent_id: string | null;
  agent_email: string | null;
  agent_name: string | null;
  service: string | null;
  sub_service: string | null;
  establishment: string | null;
  team: string | null;
  linked_problem: string | null;
  /** The sort column as PostgreSQL prints it (exact, for the cursor). */
  sort_key: string;
}

export function rowToTicketView(r: TicketRow): TicketView {
  return {
    id: r.id,
    reference: r.reference,
    type: r.type,
    title: r.title,
    description: r.description,
    status: r.status,
    priority: r.priority,
    impact: r.impact,
    urgency: r.urgency,
    channel: r.channel,
    requester: { id: r.requester_id, email: r.requester_email, displayName: r.requester_name },
    createdBy: { id: r.created_by_id, email: r.created_by_email, displayName: r.created_by_name },
    service: r.service,
    subService: r.sub_service,
    establishment: r.establishment,
    team: r.team,
    agent: r.agent_id ? { id: r.agent_id, email: r.agent_email!, displayName: r.agent_name! } : null,
    pendingUntil: fromMs(r.pending_until),
    pendingKind: r.pending_kind,
    pendingReason: r.pending_reason,
    solution: r.solution,
    rejectionReason: r.rejection_reason,
    linkedProblem: r.linked_problem,
    providerReferences: [],
    version: r.version,
    createdAt: fromMs(r.created_at)!,
    updatedAt: fromMs(r.updated_at)!,
    resolvedAt: fromMs(r.resolved_at),
    closedAt: fromMs(r.closed_at),
  };
}
