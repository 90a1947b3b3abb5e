import { describe, expect, it } from 'vitest';
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_RULES,
  planNotifications,
  type RuleEvent,
} from './notification-rules.ts';

let nextId = 1;
const ev = (
  type: RuleEvent['type'],
  data: Record<string, unknown> = {},
  extra: Partial<RuleEvent> = {},
): RuleEvent => ({
  id: String(nextId++),
  type,
  actorId: 'actor',
  visibility: 'public',
  data,
  ...extra,
});
const told = (events: RuleEvent[]) => planNotifications(events).map((p) => `${p.rule.kind}>${p.audience}`);

describe('notification rules', () => {
  it('every kind is unique and has a template', () => {
    expect(new Set(NOTIFICATION_KINDS).size).toBe(NOTIFICATION_KINDS.length);
    for (const rule of NOTIFICATION_RULES) expect(NOTIFICATION_KINDS).toContain(rule.kind);
    for (const r of NOTIFICATION_RULES) expect(r.kind).toBe(`ticket.${r.template}`);
  });

  it('a creation left in the queue acknowledges the requester and tells the moderators', () => {
    expect(told([ev('created', { status: 'new', channel: 'email' })])).toEqual([
      'ticket.created>requester',
      'ticket.queued>moderators',
    ]);
  });

  it('a creation routed in the same transaction does not land in the queue; the agent assigned is told', () => {
    const events = [
      ev('created', { status: 'new' }),
      ev('assigned', { from: 'new', to: 'assigned', changes: { agentId: { before: null, after: 'tech' } } }),
    ];
    const plan = planNotifications(events);
    expect(plan.map((p) => `${p.rule.kind}>${p.audience}`)).toEqual([
      'ticket.created>requester',
      'ticket.assigned>new_agent',
    ]);
    expect(plan[1]?.personId).toBe('tech');
  });

  it('an assignment to a team without an agent, or to the same agent, tells no agent', () => {
    expect(
      told([
        ev('assigned', { from: 'new', to: 'assigned', changes: { teamId: { before: null, after: 't' } } }),
      ]),
    ).toEqual([]);
    expect(
      told([
        ev('reassigned', {
          from: 'assigned',
          to: 'assigned',
          changes: { agentId: { before: 'a', after: 'a' } },
        }),
      ]),
    ).toEqual([]);
  });

  it('a request needing approval tells the approvers, then the queue once approved', () => {
    expect(told([ev('created', { status: 'pending_approval' }), ev('approval_requested')])).toEqual([
      'ticket.created>requester',
      'ticket.approval_requested>approvers',
    ]);
    expect(told([ev('approval_granted', { from: 'pending_approval', to: 'new' })])).toEqual([
      'ticket.approved>requester',
      'ticket.queued>moderators',
    ]);
  });

  it('the requester hears of replies, questions, refusals, resolution and closure; the agent of their replies and wake-ups', () => {
    expect(told([ev('public_reply', { body: 'x' })])).toEqual(['ticket.replied>requester']);
    expect(told([ev('info_requested', { from: 'assigned', to: 'pending', question: 'q' })])).toEqual([
      'ticket.info_requested>requester',
    ]);
    expect(told([ev('approval_refused', { from: 'pending_approval', to: 'rejected', reason: 'r' })])).toEqual(
      ['ticket.rejected>requester'],
    );
    expect(told([ev('resolved', { from: 'assigned', to: 'resolved' })])).toEqual([
      'ticket.resolved>requester',
    ]);
    expect(told([ev('closed', { from: 'resolved', to: 'closed' })])).toEqual(['ticket.closed>requester']);
    expect(
      told([
        ev('requester_replied', { body: 'b' }),
        ev('resumed', { from: 'pending', to: 'assigned', trigger: 'requester_reply' }),
      ]),
    ).toEqual(['ticket.requester_replied>agent']);
    expect(told([ev('woken', { from: 'pending', to: 'assigned' })])).toEqual(['ticket.woken>agent']);
  });

  it('a resumption that loses its assignment goes back to the queue', () => {
    expect(
      told([ev('requester_replied', { body: 'b' }), ev('resumed', { from: 'pending', to: 'new' })]),
    ).toEqual(['ticket.requester_replied>agent', 'ticket.queued>moderators']);
  });

  it('an escalation writes to the provider (the event is internal: never to the requester)', () => {
    expect(
      told([ev('provider_escalated', { providerId: 'p', externalId: '4711' }, { visibility: 'internal' })]),
    ).toEqual(['ticket.provider_escalated>provider']);
  });

  it('internal events never tell the requester; notes and field changes tell nobody', () => {
    expect(told([ev('public_reply', { body: 'x' }, { visibility: 'internal' })])).toEqual([]);
    expect(told([ev('internal_note', { body: 'x' }, { visibility: 'internal' })])).toEqual([]);
    expect(told([ev('field_changed', { changes: { title: { before: 'a', after: 'b' } } })])).toEqual([]);
  });
});

describe('docs/notifications.md', () => {
  it('names every kind of the rules', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../../../docs/notifications.md', import.meta.url), 'utf8');
    for (const kind of NOTIFICATION_KINDS) expect(doc).toContain(`\`${kind}\``);
  });
});
