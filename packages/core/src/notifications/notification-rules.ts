import type { TicketEventType, TicketStatus, Visibility } from '../tickets/ticket.types.ts';

/** How a person wants one kind of notification: at once, gathered in the daily digest, or never. */
export const NOTIFICATION_DELIVERIES = ['immediate', 'digest', 'off'] as const;
export type NotificationDelivery = (typeof NOTIFICATION_DELIVERIES)[number];

/**
 * Who a rule tells, resolved when the event is dispatched:
 * - `requester`: the ticket's requester (public events only);
 * - `agent`: the ticket's agent at dispatch time;
 * - `new_agent`: the agent the event assigned (`changes.agentId.after`);
 * - `approvers`: approvers of the ticket's service or sub-service, or of a parent service;
 * - `moderators`: moderators of the ticket's service or sub-service, or of a parent service;
 *   functional admins when the ticket has no service (the queue nobody else owns);
 * - `provider`: the provider the event escalated to, at its `mailAddress` (none configured: nobody);
 * - `escalation`: the technicians of the teams the event names in `escalateTo` (a service-level
 *   target's second level, see docs/service-levels.md).
 */
export const AUDIENCES = [
  'requester',
  'agent',
  'new_agent',
  'approvers',
  'moderators',
  'provider',
  'escalation',
] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * When a rule applies to an event of its type:
 * - `always`;
 * - `agent_changed`: the event gave the ticket a (different) agent;
 * - `lands_in_queue`: after the writing transaction the ticket waits in the dispatch queue (status
 *   `new`, no team): the event is the transaction's last status change of the ticket and leads to
 *   `new` (a routing rule that assigned it in the same transaction comes later, so it does not).
 */
export const CONDITIONS = ['always', 'agent_changed', 'lands_in_queue'] as const;
export type Condition = (typeof CONDITIONS)[number];

export interface NotificationRule {
  /** Stable name, what preferences and the outbox say (`ticket.resolved`). */
  kind: string;
  /** Message keys `notify.<template>.subject` and `.body` in `i18n/messages.ts`. */
  template: string;
  on: readonly TicketEventType[];
  when: Condition;
  to: readonly Audience[];
  /**
   * Sent even to the person who caused the event. Only the creation receipt: it carries the
   * reference a requester replies to, so that a ticket opened by mail can be followed by mail.
   */
  evenToActor?: true;
}

/**
 * Who is told what: the mission's notification rules as data (see docs/notifications.md). Rules
 * are evaluated on the timeline after each commit (`notification.service.ts`), never inside a
 * ticket action; nobody is told of their own action (except the receipt above); an internal event
 * never produces a message to a requester.
 */
export const NOTIFICATION_RULES: readonly NotificationRule[] = [
  {
    kind: 'ticket.created',
    template: 'created',
    on: ['created'],
    when: 'always',
    to: ['requester'],
    evenToActor: true,
  },
  {
    kind: 'ticket.approval_requested',
    template: 'approval_requested',
    on: ['approval_requested'],
    when: 'always',
    to: ['approvers'],
  },
  {
    kind: 'ticket.approved',
    template: 'approved',
    on: ['approval_granted'],
    when: 'always',
    to: ['requester'],
  },
  {
    kind: 'ticket.rejected',
    template: 'rejected',
    on: ['approval_refused'],
    when: 'always',
    to: ['requester'],
  },
  {
    kind: 'ticket.info_requested',
    template: 'info_requested',
    on: ['info_requested'],
    when: 'always',
    to: ['requester'],
  },
  { kind: 'ticket.replied', template: 'replied', on: ['public_reply'], when: 'always', to: ['requester'] },
  { kind: 'ticket.resolved', template: 'resolved', on: ['resolved'], when: 'always', to: ['requester'] },
  { kind: 'ticket.closed', template: 'closed', on: ['closed'], when: 'always', to: ['requester'] },
  {
    kind: 'ticket.assigned',
    template: 'assigned',
    on: ['assigned', 'reassigned'],
    when: 'agent_changed',
    to: ['new_agent'],
  },
  { kind: 'ticket.woken', template: 'woken', on: ['woken'], when: 'always', to: ['agent'] },
  {
    kind: 'ticket.requester_replied',
    template: 'requester_replied',
    on: ['requester_replied'],
    when: 'always',
    to: ['agent'],
  },
  {
    kind: 'ticket.provider_escalated',
    template: 'provider_escalated',
    on: ['provider_escalated'],
    when: 'always',
    to: ['provider'],
  },
  {
    kind: 'ticket.sla_warning',
    template: 'sla_warning',
    on: ['sla_warning'],
    when: 'always',
    to: ['agent', 'moderators'],
  },
  {
    kind: 'ticket.sla_breached',
    template: 'sla_breached',
    on: ['sla_breached'],
    when: 'always',
    to: ['agent', 'moderators', 'escalation'],
  },
  {
    kind: 'ticket.queued',
    template: 'queued',
    on: ['created', 'approval_granted', 'reassigned', 'resumed', 'woken', 'reopened'],
    when: 'lands_in_queue',
    to: ['moderators'],
  },
];

/**
 * Kinds of the announcement mails a moderator sends with `notify` (see
 * `announcements/announcement-notifications.ts`): not timeline rules, but a person chooses their
 * delivery like any other kind.
 */
export const ANNOUNCEMENT_NOTIFICATION_KINDS = ['announcement.published', 'announcement.updated'] as const;
export type AnnouncementNotificationKind = (typeof ANNOUNCEMENT_NOTIFICATION_KINDS)[number];

/** Every kind a person may set a preference for. */
export const NOTIFICATION_KINDS: readonly string[] = [
  ...NOTIFICATION_RULES.map((r) => r.kind),
  ...ANNOUNCEMENT_NOTIFICATION_KINDS,
];

/** A timeline event as the rules read it. */
export interface RuleEvent {
  id: string;
  type: TicketEventType;
  actorId: string | null;
  visibility: Visibility;
  data: Record<string, unknown>;
}

/** A message to send, before its recipients are looked up. */
export interface PlannedNotification {
  event: RuleEvent;
  rule: NotificationRule;
  audience: Audience;
  /** For `new_agent`: the person the event assigned. */
  personId: string | null;
}

/** The status an event leaves the ticket in, when it changes it. */
function statusAfter(e: RuleEvent): TicketStatus | undefined {
  const to = e.type === 'created' ? e.data.status : e.data.to;
  return typeof to === 'string' ? (to as TicketStatus) : undefined;
}

function assignedAgent(e: RuleEvent): string | null {
  const changes = e.data.changes as Record<string, { before?: unknown; after?: unknown }> | undefined;
  const agent = changes?.agentId;
  if (!agent || typeof agent.after !== 'string' || agent.after === agent.before) return null;
  return agent.after;
}

/**
 * The messages the rules call for, for the events one transaction wrote on one ticket (in order).
 * Pure: recipients are looked up afterwards.
 */
export function planNotifications(events: readonly RuleEvent[]): PlannedNotification[] {
  const lastStatusChange = events.findLast((e) => statusAfter(e) !== undefined);
  const out: PlannedNotification[] = [];
  for (const event of events) {
    for (const rule of NOTIFICATION_RULES) {
      if (!rule.on.includes(event.type)) continue;
      let personId: string | null = null;
      if (rule.when === 'agent_changed') {
        personId = assignedAgent(event);
        if (!personId) continue;
      }
      if (rule.when === 'lands_in_queue' && (event !== lastStatusChange || statusAfter(event) !== 'new'))
        continue;
      for (const audience of rule.to) {
        if (audience === 'requester' && event.visibility !== 'public') continue;
        out.push({ event, rule, audience, personId: audience === 'new_agent' ? personId : null });
      }
    }
  }
  return out;
}
