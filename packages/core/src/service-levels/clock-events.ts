import type { TicketEventType, TicketStatus } from '../tickets/ticket.types.ts';
import type { ClockEvent } from './sla-clock.ts';

/** A timeline event as the clocks read it (what `ticket_event` holds). */
export interface TimelineEntry {
  type: TicketEventType;
  createdAt: Date;
  data: Record<string, unknown>;
}

/** A provider reference of the ticket: its id, and the provider and external id it was escalated with. */
export interface ProviderReferenceKey {
  id: string;
  providerId: string;
  externalId: string;
}

/** Timeline events that answer the requester in public (staff only write these). */
const RESPONSES: readonly TicketEventType[] = ['public_reply', 'info_requested'];
const OPEN = 'open';

/**
 * The clock events of a ticket's timeline, in order: each status (the creation's, then every
 * change's `to`), each public response by staff, and the number of open provider references after
 * each escalation or update (an update names the reference by id, an escalation by provider and
 * external id: `references` joins the two).
 */
export function clockEventsOf(
  timeline: readonly TimelineEntry[],
  references: readonly ProviderReferenceKey[] = [],
): ClockEvent[] {
  const keyOf = new Map(references.map((r) => [r.id, `${r.providerId}\u0000${r.externalId}`]));
  const open = new Map<string, boolean>();
  const events: ClockEvent[] = [];
  for (const e of timeline) {
    const at = e.createdAt;
    const to = (e.type === 'created' ? e.data.status : e.data.to) as TicketStatus | undefined;
    if (typeof to === 'string') events.push({ at, kind: 'status', status: to });
    if (RESPONSES.includes(e.type)) events.push({ at, kind: 'response' });
    if (e.type === 'provider_escalated' || e.type === 'provider_updated') {
      const key =
        e.type === 'provider_escalated'
          ? `${String(e.data.providerId)}\u0000${String(e.data.externalId)}`
          : keyOf.get(String(e.data.referenceId));
      if (key === undefined) continue;
      const status = e.data.status;
      if (e.type === 'provider_escalated') open.set(key, (status ?? OPEN) === OPEN);
      else if (typeof status === 'string') open.set(key, status === OPEN);
      events.push({ at, kind: 'providers', open: [...open.values()].filter(Boolean).length });
    }
  }
  return events;
}
