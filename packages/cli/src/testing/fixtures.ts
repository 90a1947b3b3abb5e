import type { components } from '@guichet/api/client';

type Ticket = components['schemas']['Ticket'];
type TicketEvent = components['schemas']['TicketEvent'];

const person = (email: string, displayName: string, id: string) => ({ id, email, displayName });

export const PEOPLE = {
  requester: person('prof@insa-rennes.fr', 'Claire Martin', '00000000-0000-4000-8000-000000000001'),
  tech: person('vr.tech@insa-rennes.fr', 'Technicienne cube VR', '00000000-0000-4000-8000-000000000002'),
  manager: person('vr.manager@insa-rennes.fr', 'Responsable cube VR', '00000000-0000-4000-8000-000000000003'),
};

/** A ticket as the API returns it, with partial overrides. */
export function aTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: '10000000-0000-4000-8000-000000000001',
    reference: 'GU-2026-000042',
    type: 'request',
    title: 'Casque VR en panne',
    description: 'Le casque 2 ne s’allume plus',
    status: 'assigned',
    priority: 'medium',
    impact: 'medium',
    urgency: 'medium',
    channel: 'portal',
    requester: PEOPLE.requester,
    createdBy: PEOPLE.requester,
    service: 'vr-room',
    subService: null,
    establishment: 'insa-rennes',
    team: 'vr-room',
    agent: PEOPLE.tech,
    pendingUntil: null,
    pendingKind: null,
    pendingReason: null,
    solution: null,
    rejectionReason: null,
    linkedProblem: null,
    providerReferences: [],
    version: 3,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T10:30:00.000Z',
    resolvedAt: null,
    closedAt: null,
    actions: ['reassign', 'pend', 'resolve', 'reply', 'note', 'edit'],
    ...overrides,
  };
}

let nextEvent = 1;
/** A timeline event as the API returns it. */
export function anEvent(
  type: string,
  data: Record<string, unknown> = {},
  overrides: Partial<TicketEvent> = {},
) {
  return {
    id: String(nextEvent++),
    type,
    actor: PEOPLE.tech,
    visibility: 'public',
    data,
    createdAt: '2026-03-02T10:00:00.000Z',
    ...overrides,
  } as TicketEvent;
}
