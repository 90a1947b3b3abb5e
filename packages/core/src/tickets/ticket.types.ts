/** Vocabulary of a ticket, shared by the workflow, the entities and the adapters. */

export const TICKET_STATUSES = [
  'pending_approval',
  'new',
  'assigned',
  'pending',
  'resolved',
  'closed',
  'rejected',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const FINAL_STATUSES: readonly TicketStatus[] = ['closed', 'rejected'];

export const TICKET_TYPES = ['incident', 'request', 'problem'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const CHANNELS = ['api', 'portal', 'email', 'cli', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LEVELS = ['high', 'medium', 'low'] as const;
export type Level = (typeof LEVELS)[number];

export const PRIORITIES = ['critical', 'high', 'medium', 'low', 'planning'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Why a ticket waits: until a date, or until the requester answers a question. */
export const PENDING_KINDS = ['until_date', 'awaiting_requester'] as const;
export type PendingKind = (typeof PENDING_KINDS)[number];

export const PROVIDER_REFERENCE_STATUSES = ['open', 'resolved', 'closed'] as const;
export type ProviderReferenceStatus = (typeof PROVIDER_REFERENCE_STATUSES)[number];

export const TICKET_EVENT_TYPES = [
  'created',
  'approval_requested',
  'approval_granted',
  'approval_refused',
  'assigned',
  'reassigned',
  'pended',
  'info_requested',
  'woken',
  'resumed',
  'resolved',
  'reopened',
  'closed',
  'field_changed',
  'public_reply',
  'internal_note',
  'requester_replied',
  'provider_escalated',
  'provider_updated',
  /** A knowledge-base article was written from the ticket's resolution (internal: drafts are for staff). */
  'article_created',
  /** A service-level clock reached its warning threshold (internal; written by the scheduler). */
  'sla_warning',
  /** A service-level clock passed its target (internal; written by the scheduler). */
  'sla_breached',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/** Shortcut queues of the technicians' screens (`GET /v1/tickets?queue=`). */
export const TICKET_QUEUES = ['mine', 'my_teams', 'unassigned', 'awaiting_my_approval'] as const;
export type TicketQueue = (typeof TICKET_QUEUES)[number];

export const VISIBILITIES = ['public', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * ITIL impact × urgency matrix. Rows are impact, columns urgency (high, medium, low).
 */
const PRIORITY_MATRIX: Record<Level, Record<Level, Priority>> = {
  high: { high: 'critical', medium: 'high', low: 'medium' },
  medium: { high: 'high', medium: 'medium', low: 'low' },
  low: { high: 'medium', medium: 'low', low: 'planning' },
};

/**
 * @example priorityOf('high', 'medium') // 'high'
 */
export function priorityOf(impact: Level, urgency: Level): Priority {
  return PRIORITY_MATRIX[impact][urgency];
}
