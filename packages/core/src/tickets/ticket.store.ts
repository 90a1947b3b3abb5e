import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql.ts';
import type { Language } from '../i18n/messages.ts';
import { slaSummary } from '../service-levels/sla-view.ts';
import { priorityOf } from './ticket.types.ts';
import {
  type CodeLookup,
  rowToTicketView,
  TICKET_ROW_JOINS,
  TICKET_ROW_SELECT,
  type TicketRow,
  type TicketView,
} from './ticket.views.ts';
import type { Action, EventDraft, TicketState } from './ticket.workflow.ts';

/**
 * The ticket's persistence on the hot paths, in hand-written SQL: a ticket is read in one statement
 * (with its people, codes and provider references) and written in one (the row, its timeline events,
 * and provider references together, the version checked in the same statement).
 * The workflow stays the pure table it is; only the I/O around it lives here.
 */

/** A provider reference as stored with its ticket. */
export interface StoredProviderReference {
  id: string;
  providerId: string;
  externalId: string;
  status: string;
  notes: string | null;
}

/** A ticket row with the ids the workflow works on. */
export interface StoredTicket extends TicketRow {
  linked_problem_id: string | null;
  requester_language: Language;
  provider_refs: StoredProviderReference[];
}

const STORED_SELECT = `${TICKET_ROW_SELECT}, t.linked_problem_id, rq.language as requester_language,
  (select coalesce(json_agg(json_build_object('id', pr.id, 'providerId', pr.provider_id,
          'externalId', pr.external_id, 'status', pr.status, 'notes', pr.notes) order by pr.created_at, pr.id), '[]'::json)
     from provider_reference pr where pr.ticket_id = t.id) as provider_refs`;

/** Codes by id, with providers' (the catalogue snapshot). */
export interface CatalogueCodes extends CodeLookup {
  provider(id: string): string | null;
}

/** A timeline event to write. */
export interface EventRow {
  type: string;
  actorId: string | null;
  visibility: string;
  data: Record<string, unknown>;
}

/** Provider references created or followed up by the change. */
export interface ProviderChanges {
  created: { id: string; providerId: string; externalId: string; status: string; notes: string | null }[];
  updated: { id: string; status?: string | undefined; notes?: string | undefined }[];
}

/** The ticket named by its reference (stored in upper case), or null. */
export async function findTicketByReference(
  em: EntityManager,
  reference: string,
): Promise<StoredTicket | null> {
  const [row] = await sql<StoredTicket>(
    em,
    `${STORED_SELECT} from ticket t ${TICKET_ROW_JOINS} where t.reference = $1`,
    [reference.trim().toUpperCase()],
  );
  return row ?? null;
}

export async function findTicketById(em: EntityManager, id: string): Promise<StoredTicket | null> {
  const [row] = await sql<StoredTicket>(
    em,
    `${STORED_SELECT} from ticket t ${TICKET_ROW_JOINS} where t.id = $1`,
    [id],
  );
  return row ?? null;
}

const at = (ms: number | null): Date | null => (ms === null ? null : new Date(Number(ms)));

/** The workflow's view of a stored ticket. */
export function stateOfStored(t: StoredTicket): TicketState {
  return {
    status: t.status as TicketState['status'],
    type: t.type as TicketState['type'],
    title: t.title,
    description: t.description,
    impact: t.impact as TicketState['impact'],
    urgency: t.urgency as TicketState['urgency'],
    serviceId: t.service_id,
    subServiceId: t.sub_service_id,
    establishmentId: t.establishment_id,
    teamId: t.team_id,
    agentId: t.agent_id,
    pendingUntil: at(t.pending_until),
    pendingKind: t.pending_kind as TicketState['pendingKind'],
    pendingReason: t.pending_reason,
    solution: t.solution,
    rejectionReason: t.rejection_reason,
    linkedProblemId: t.linked_problem_id,
    resolvedAt: at(t.resolved_at),
    closedAt: at(t.closed_at),
  };
}

/** The ticket as a caller sees it: provider references and service levels for staff only. */
export function viewOfStored(
  t: StoredTicket,
  actions: Action[],
  staff: boolean,
  codes: CatalogueCodes,
  now: Date,
): TicketView {
  return {
    ...rowToTicketView(t, codes),
    ...(staff ? { serviceLevel: slaSummary(t.sla, now) } : {}),
    providerReferences: staff
      ? t.provider_refs.map((r) => ({
          id: r.id,
          provider: codes.provider(r.providerId) ?? '',
          externalId: r.externalId,
          status: r.status,
          notes: r.notes ?? null,
        }))
      : [],
    actions,
  };
}

/** Timeline events as the JSON the statements unpack (in order: they get increasing ids). */
const eventsJson = (events: EventRow[], now: Date) =>
  JSON.stringify(
    events.map((e, i) => ({
      ord: i,
      type: e.type,
      actor_id: e.actorId,
      visibility: e.visibility,
      data: e.data,
      created_at: now.toISOString(),
    })),
  );

/** The side write both statements share: events (parameter $events). */
const sideWrites = (events: string) => `
  ev as (
    insert into ticket_event (ticket_id, type, actor_id, visibility, data, created_at)
    select t.id, e.type, e.actor_id, e.visibility, e.data, e.created_at
      from t, jsonb_to_recordset(${events}::jsonb) as e(ord int, type text, actor_id uuid, visibility text, data jsonb, created_at timestamptz)
     order by e.ord
    returning 1)`;

export interface NewTicket {
  state: TicketState;
  channel: string;
  requesterId: string;
  createdById: string;
}

/**
 * Inserts a ticket with its first events in one statement; its reference is
 * `GU-<year>-<number>` from the database sequence (6 digits at least).
 */
export async function insertTicket(
  em: EntityManager,
  ticket: NewTicket,
  events: EventRow[],
  now: Date,
): Promise<StoredTicket> {
  const s = ticket.state;
  const [row] = await sql<StoredTicket>(
    em,
    `with t as (
       insert into ticket (id, created_at, updated_at, reference, type, title, description, requester_id,
         created_by_id, channel, service_id, sub_service_id, establishment_id, impact, urgency, priority,
         status, team_id, agent_id, pending_until, pending_kind, pending_reason, solution, rejection_reason,
         linked_problem_id, resolved_at, closed_at, version)
       select $1::uuid, $2::timestamptz, $2::timestamptz,
              'GU-' || $3::text || '-' || lpad(n::text, greatest(6, length(n::text)), '0'),
              $4::text, $5::text, $6::text, $7::uuid, $8::uuid, $9::text, $10::uuid, $11::uuid, $12::uuid,
              $13::text, $14::text, $15::text, $16::text, $17::uuid, $18::uuid, $19::timestamptz, $20::text,
              $21::text, $22::text, $23::text, $24::uuid, $25::timestamptz, $26::timestamptz, 1
         from (select nextval('ticket_number_seq') as n) seq
       returning *),
     ${sideWrites('$27')}
     ${STORED_SELECT} from t ${TICKET_ROW_JOINS}`,
    [
      randomUUID(),
      now,
      String(now.getUTCFullYear()),
      s.type,
      s.title,
      s.description,
      ticket.requesterId,
      ticket.createdById,
      ticket.channel,
      s.serviceId,
      s.subServiceId,
      s.establishmentId,
      s.impact,
      s.urgency,
      priorityOf(s.impact, s.urgency),
      s.status,
      s.teamId,
      s.agentId,
      s.pendingUntil,
      s.pendingKind,
      s.pendingReason,
      s.solution,
      s.rejectionReason,
      s.linkedProblemId,
      s.resolvedAt,
      s.closedAt,
      eventsJson(events, now),
    ],
  );
  return row!;
}

/**
 * Writes a ticket's new state, its events and provider references in one statement,
 * if its version is still `version` (the version moves by one). Null when someone else changed it
 * first: nothing is written.
 */
export async function updateTicket(
  em: EntityManager,
  id: string,
  version: number,
  s: TicketState,
  events: EventRow[],
  providers: ProviderChanges,
  now: Date,
): Promise<StoredTicket | null> {
  const [row] = await sql<StoredTicket>(
    em,
    `with t as (
       update ticket set updated_at = $3::timestamptz, status = $4, type = $5, title = $6, description = $7,
              impact = $8, urgency = $9, priority = $10, service_id = $11, sub_service_id = $12,
              establishment_id = $13, team_id = $14, agent_id = $15, pending_until = $16, pending_kind = $17,
              pending_reason = $18, solution = $19, rejection_reason = $20, linked_problem_id = $21,
              resolved_at = $22, closed_at = $23, version = version + 1
        where id = $1 and version = $2
       returning *),
     ${sideWrites('$24')},
     pc as (
       insert into provider_reference (id, created_at, updated_at, ticket_id, provider_id, external_id, status, notes)
       select p.id, $3::timestamptz, $3::timestamptz, t.id, p.provider_id, p.external_id, p.status, p.notes
         from t, jsonb_to_recordset($25::jsonb) as p(id uuid, provider_id uuid, external_id text, status text, notes text)
       returning 1),
     pu as (
       update provider_reference r set status = coalesce(p.status, r.status), notes = coalesce(p.notes, r.notes),
              updated_at = $3::timestamptz
         from t, jsonb_to_recordset($26::jsonb) as p(id uuid, status text, notes text)
        where r.id = p.id and r.ticket_id = t.id
       returning 1)
     ${STORED_SELECT} from t ${TICKET_ROW_JOINS}`,
    [
      id,
      version,
      now,
      s.status,
      s.type,
      s.title,
      s.description,
      s.impact,
      s.urgency,
      priorityOf(s.impact, s.urgency),
      s.serviceId,
      s.subServiceId,
      s.establishmentId,
      s.teamId,
      s.agentId,
      s.pendingUntil,
      s.pendingKind,
      s.pendingReason,
      s.solution,
      s.rejectionReason,
      s.linkedProblemId,
      s.resolvedAt,
      s.closedAt,
      eventsJson(events, now),
      JSON.stringify(
        providers.created.map((p) => ({
          id: p.id,
          provider_id: p.providerId,
          external_id: p.externalId,
          status: p.status,
          notes: p.notes,
        })),
      ),
      JSON.stringify(
        providers.updated.map((p) => ({ id: p.id, status: p.status ?? null, notes: p.notes ?? null })),
      ),
    ],
  );
  return row ?? null;
}

/** Events of a workflow outcome as rows to write. */
export function eventRows(
  events: readonly EventDraft[],
  actorId: string | null,
  via: string | null,
): EventRow[] {
  return events.map((e) => ({
    type: e.type,
    actorId,
    visibility: e.visibility,
    data: via ? { ...e.data, via } : e.data,
  }));
}
