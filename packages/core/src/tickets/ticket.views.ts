import { TICKET_SLA_SELECT, type TicketSlaJson, type TicketSlaSummary } from '../service-levels/sla-view.ts';
import type { Action } from './ticket.workflow.ts';

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
  /**
   * Due dates and states of the service-level clocks, for staff on the ticket (omitted for others;
   * null: no target applies). From the stored due data (`service-levels/sla-view.ts`).
   */
  serviceLevel?: TicketSlaSummary | null;
  /** What the caller may do now; omitted in list results (fetch the ticket to get it). */
  actions?: Action[];
}

/** A file an event carries, as the timeline lists it (download it by id). */
export interface EventAttachmentRef {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface TicketEventView {
  id: string;
  type: string;
  actor: PersonRef | null;
  visibility: string;
  data: Record<string, unknown>;
  createdAt: string;
  /** The files the event carries (present when there are any); they share the event's visibility. */
  attachments?: EventAttachmentRef[];
}

/**
 * The columns of a timeline event with its actor, for `ticket_event e left join person a on a.id =
 * e.actor_id` (the ticket's timeline and the event feed read the same shape).
 */
export const TIMELINE_ROW_SELECT = `e.id::text as id, e.type, e.visibility, e.data,
  (extract(epoch from e.created_at) * 1000)::float8 as created_at,
  a.id as actor_id, a.email as actor_email, a.display_name as actor_name,
  (select json_agg(json_build_object('id', x.id, 'filename', x.filename, 'contentType', x.content_type,
          'size', x.size) order by x.created_at, x.id)
     from attachment x where x.event_id = e.id) as attachments`;

export interface TimelineRow {
  id: string;
  type: string;
  visibility: string;
  data: Record<string, unknown>;
  created_at: number;
  actor_id: string | null;
  actor_email: string | null;
  actor_name: string | null;
  attachments: EventAttachmentRef[] | null;
}

export function rowToTimelineEvent(e: TimelineRow): TicketEventView {
  return {
    id: e.id,
    type: e.type,
    actor: e.actor_id ? { id: e.actor_id, email: e.actor_email!, displayName: e.actor_name! } : null,
    visibility: e.visibility,
    data: e.data,
    createdAt: new Date(Number(e.created_at)).toISOString(),
    ...(e.attachments ? { attachments: e.attachments } : {}),
  };
}

/**
 * The columns of a ticket list row: the ticket, its people and its catalogue codes in one statement
 * (`select … from <ticket t> join …`). Catalogue codes are looked up in the process's catalogue
 * snapshot rather than per row in SQL (each lookup is an index probe: measured ~0.7 ms a page).
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
  t.service_id, t.sub_service_id, t.establishment_id, t.team_id,
  (select reference from ticket where id = t.linked_problem_id) as linked_problem,
  ${TICKET_SLA_SELECT}`;

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
  service_id: string | null;
  sub_service_id: string | null;
  establishment_id: string | null;
  team_id: string | null;
  linked_problem: string | null;
  sla: TicketSlaJson | null;
  /** The sort column as PostgreSQL prints it (exact, for the cursor). */
  sort_key: string;
}

/** The codes of what a row names by id (the catalogue is in memory: not worth a lookup per row). */
export interface CodeLookup {
  service(id: string): string | null;
  establishment(id: string): string | null;
  team(id: string): string | null;
}

export function rowToTicketView(r: TicketRow, codes: CodeLookup): TicketView {
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
    service: r.service_id ? codes.service(r.service_id) : null,
    subService: r.sub_service_id ? codes.service(r.sub_service_id) : null,
    establishment: r.establishment_id ? codes.establishment(r.establishment_id) : null,
    team: r.team_id ? codes.team(r.team_id) : null,
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
