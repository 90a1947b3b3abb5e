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
