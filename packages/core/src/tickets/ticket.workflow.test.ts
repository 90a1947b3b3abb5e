import { describe, expect, it } from 'vitest';
import { aTicketState } from '../../testing/builders.ts';
import { PROBLEM_RULES } from '../problems/problem.rules.ts';
import type { TicketStatus } from './ticket.types.ts';
import { TICKET_STATUSES } from './ticket.types.ts';
import {
  ACTIONS,
  type Action,
  type Actor,
  availableActions,
  type Command,
  type Facts,
  PROBLEM_OPEN_FOR_LINKS,
  ROLES,
  type Role,
  SYSTEM_ACTOR,
  type TicketState,
  transition,
} from './ticket.workflow.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
const LATER = new Date('2026-12-05T10:00:00Z');
const NON_FINAL: TicketStatus[] = ['pending_approval', 'new', 'assigned', 'pending', 'resolved'];
const EVERYONE: Role[] = [...ROLES];
const STAFF: Role[] = EVERYONE.filter((r) => r !== 'requester');

/**
 * The process of MISSION.md, restated independently of the implementation's table: from which
 * states, by which roles, and to which state each action goes. A change to one without the other
 * fails here.
 */
const SPEC: Record<Action, { from: TicketStatus[]; by: Role[]; to: TicketStatus | 'same' }> = {
  approve: { from: ['pending_approval'], by: ['approver', 'functional_admin'], to: 'new' },
  reject: { from: ['pending_approval'], by: ['approver', 'functional_admin'], to: 'rejected' },
  assign: { from: ['new'], by: ['moderator', 'functional_admin', 'system'], to: 'assigned' },
  reassign: { from: ['assigned'], by: ['moderator', 'agent', 'functional_admin', 'system'], to: 'assigned' },
  pend: { from: ['assigned'], by: ['moderator', 'agent'], to: 'pending' },
  request_info: { from: ['new', 'assigned'], by: ['moderator', 'agent'], to: 'pending' },
  resume: { from: ['pending'], by: ['moderator', 'agent', 'functional_admin', 'system'], to: 'assigned' },
  resolve: { from: ['assigned'], by: ['agent', 'moderator'], to: 'resolved' },
  reopen: { from: ['resolved'], by: ['requester', 'moderator', 'agent'], to: 'assigned' },
  close: { from: ['resolved'], by: ['moderator', 'functional_admin', 'system'], to: 'closed' },
  reply: { from: NON_FINAL, by: EVERYONE, to: 'same' },
  note: { from: NON_FINAL, by: STAFF, to: 'same' },
  edit: { from: NON_FINAL, by: ['requester', 'moderator', 'agent', 'functional_admin'], to: 'same' },
  provider_escalate: { from: ['assigned', 'pending'], by: ['agent', 'moderator'], to: 'same' },
  provider_update: { from: ['assigned', 'pending', 'resolved'], by: ['agent', 'moderator'], to: 'same' },
};

/** A ticket that consistently sits in each state. */
function ticketIn(status: TicketStatus): TicketState {
  const assigned = { type: 'incident' as const, teamId: 'team-vr', agentId: 'tech-1' };
  switch (status) {
    case 'pending_approval':
    case 'new':
      return aTicketState({ status });
    case 'assigned':
      return aTicketState({ status, ...assigned });
    case 'pending':
      return aTicketState({
        status,
        ...assigned,
        pendingKind: 'until_date',
        pendingUntil: LATER,
        pendingReason: 'x',
      });
    case 'resolved':
      return aTicketState({ status, ...assigned, solution: 'fixed', resolvedAt: NOW });
    case 'closed':
      return aTicketState({ status, ...assigned, solution: 'fixed', resolvedAt: NOW, closedAt: NOW });
    case 'rejected':
      return aTicketState({ status, rejectionReason: 'not legitimate', closedAt: NOW });
  }
}

/** A complete, valid command for each action. */
const VALID: Record<Action, Command> = {
  approve: { action: 'approve' },
  reject: { action: 'reject', reason: 'Pas une demande du cube VR' },
  assign: { action: 'assign', type: 'request', teamId: 'team-vr', agentId: 'tech-2' },
  reassign: { action: 'reassign', teamId: 'team-vr', agentId: 'tech-2' },
  pend: { action: 'pend', until: LATER, reason: 'Tests impossibles avant lundi' },
  request_info: { action: 'request_info', question: 'Quelle salle ?' },
  resume: { action: 'resume' },
  resolve: { action: 'resolve', serviceId: 'svc-vr', solution: 'Projecteur recâblé' },
  reopen: { action: 'reopen', reason: 'Le problème est revenu' },
  close: { action: 'close' },
  reply: { action: 'reply', body: 'Bonjour' },
  note: { action: 'note', body: 'Vu avec le prestataire' },
  edit: { action: 'edit', changes: { title: 'Nouveau titre' } },
  provider_escalate: { action: 'provider_escalate', providerId: 'kelis', externalId: 'KEL-1' },
  provider_update: { action: 'provider_update', referenceId: 'ref-1', status: 'closed' },
};

const FACTS: Facts = {
  now: NOW,
  agentIsTeamMember: true,
  subServiceBelongsToService: true,
  assignmentStillValid: true,
  providerReferenceExists: true,
};

const as = (...roles: Role[]): Actor => ({
  personId: roles.includes('system') ? null : 'p-1',
  roles: new Set(roles),
});

describe('ticket workflow table: every (state, action, role)', () => {
  const cases = TICKET_STATUSES.flatMap((status) =>
    ACTIONS.flatMap((action) => ROLES.map((role) => ({ status, action, role }))),
  );

  it.each(cases)('$action on a $status ticket by $role', ({ status, action, role }) => {
    // Given a ticket in that state and an actor with only that role
    const before = ticketIn(status);
    // When the actor attempts the action with complete, valid input
    const outcome = transition(before, VALID[action], as(role), FACTS);
    // Then the outcome is exactly what the process allows
    const spec = SPEC[action];
    if (status === 'closed' || status === 'rejected') {
      expect(outcome).toMatchObject({
        ok: false,
        refusal: { code: 'INVALID_TRANSITION', details: { rule: 'ticket_is_final' } },
      });
    } else if (!spec.from.includes(status)) {
      expect(outcome).toMatchObject({
        ok: false,
        refusal: { code: 'INVALID_TRANSITION', details: { rule: 'action_not_allowed_in_status' } },
      });
    } else if (
      !spec.by.includes(role) ||
      (action === 'edit' && role === 'requester' && !['pending_approval', 'new'].includes(status))
    ) {
      expect(outcome).toMatchObject({
        ok: false,
        refusal: { code: 'FORBIDDEN', details: { rule: 'role_not_allowed' } },
      });
    } else {
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.value.state.status).toBe(spec.to === 'same' ? status : spec.to);
      expect(outcome.value.events.length).toBeGreaterThan(0);
    }
  });

  it('availableActions lists exactly the actions a valid command would be accepted for', () => {
    for (const status of TICKET_STATUSES) {
      for (const role of ROLES) {
        const accepted = ACTIONS.filter((a) => transition(ticketIn(status), VALID[a], as(role), FACTS).ok);
        expect(availableActions(ticketIn(status), as(role))).toEqual(accepted);
      }
    }
  });
});

describe('required fields and guards', () => {
  const moderator = as('moderator');
  const agent = as('agent');

  it('assign needs a type (on the ticket or in the command), a team and an agent', () => {
    const outcome = transition(
      ticketIn('new'),
      { action: 'assign', teamId: '', agentId: '' },
      moderator,
      FACTS,
    );
    expect(outcome).toMatchObject({
      ok: false,
      refusal: {
        code: 'VALIDATION_FAILED',
        details: {
          fields: [
            { field: 'teamId', rule: 'field.required' },
            { field: 'agentId', rule: 'field.required' },
          ],
        },
      },
    });
    const untyped = transition(
      ticketIn('new'),
      { action: 'assign', teamId: 't', agentId: 'a' },
      moderator,
      FACTS,
    );
    expect(untyped).toMatchObject({
      ok: false,
      refusal: { details: { fields: [{ field: 'type', rule: 'field.required' }] } },
    });
  });

  it('assign refuses an agent who is not a technician of the team', () => {
    const outcome = transition(ticketIn('new'), VALID.assign, moderator, {
      ...FACTS,
      agentIsTeamMember: false,
    });
    expect(outcome).toMatchObject({
      ok: false,
      refusal: {
        code: 'VALIDATION_FAILED',
        details: { fields: [{ field: 'agentId', rule: 'field.agent_not_in_team' }] },
      },
    });
  });

  it('pend needs a future date and a reason', () => {
    const past = transition(
      ticketIn('assigned'),
      { action: 'pend', until: new Date('2026-11-27T00:00:00Z'), reason: 'x' },
      agent,
      FACTS,
    );
    expect(past).toMatchObject({
      ok: false,
      refusal: { details: { fields: [{ field: 'until', rule: 'field.must_be_future' }] } },
    });
    const noReason = transition(
      ticketIn('assigned'),
      { action: 'pend', until: LATER, reason: '  ' },
      agent,
      FACTS,
    );
    expect(noReason).toMatchObject({
      ok: false,
      refusal: { details: { fields: [{ field: 'reason', rule: 'field.required' }] } },
    });
    const invalidDate = transition(
      ticketIn('assigned'),
      { action: 'pend', until: new Date('nope'), reason: 'x' },
      agent,
      FACTS,
    );
    expect(invalidDate).toMatchObject({
      ok: false,
      refusal: { details: { fields: [{ field: 'until', rule: 'field.required' }] } },
    });
  });

  it('resolve needs the service and the solution; a sub-service must belong to the service', () => {
    const missing = transition(
      ticketIn('assigned'),
      { action: 'resolve', serviceId: '', solution: '' },
      agent,
      FACTS,
    );
    expect(missing).toMatchObject({
      ok: false,
      refusal: { details: { fields: [{ field: 'serviceId' }, { field: 'solution' }] } },
    });
    const wrongSub = transition(
      ticketIn('assigned'),
      { action: 'resolve', serviceId: 's', subServiceId: 'other', solution: 'ok' },
      agent,
      { ...FACTS, subServiceBelongsToService: false },
    );
    expect(wrongSub).toMatchObject({
      ok: false,
      refusal: { details: { fields: [{ field: 'subServiceId', rule: 'field.not_a_sub_service' }] } },
    });
  });

  it('reject and reopen need a reason', () => {
    expect(
      transition(ticketIn('pending_approval'), { action: 'reject', reason: '' }, as('approver'), FACTS),
    ).toMatchObject({
      ok: false,
      refusal: { details: { fields: [{ field: 'reason' }] } },
    });
    expect(
      transition(ticketIn('resolved'), { action: 'reopen', reason: '' }, as('requester'), FACTS),
    ).toMatchObject({
      ok: false,
      refusal: { details: { fields: [{ field: 'reason' }] } },
    });
  });

  it('the requester may only correct the title and description, before assignment', () => {
    const requester = as('requester');
    const type = transition(
      ticketIn('new'),
      { action: 'edit', changes: { type: 'problem' } },
      requester,
      FACTS,
    );
    expect(type).toMatchObject({
      ok: false,
      refusal: { details: { fields: [{ field: 'changes.type', rule: 'field.not_editable_by_requester' }] } },
    });
    expect(transition(ticketIn('assigned'), VALID.edit, requester, FACTS)).toMatchObject({
      ok: false,
      refusal: { code: 'FORBIDDEN' },
    });
    expect(transition(ticketIn('new'), VALID.edit, requester, FACTS).ok).toBe(true);
  });
});

describe('transition effects', () => {
  it('approve leads to new and asks for routing', () => {
    const outcome = transition(ticketIn('pending_approval'), VALID.approve, as('approver'), FACTS);
    expect(outcome.ok && outcome.value.effects).toEqual([{ kind: 'route' }]);
    expect(outcome.ok && outcome.value.events.map((e) => e.type)).toEqual(['approval_granted']);
  });

  it('reject is final and keeps the reason (the notification rules tell the requester)', () => {
    const outcome = transition(ticketIn('pending_approval'), VALID.reject, as('approver'), FACTS);
    expect(outcome.ok && outcome.value.state).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Pas une demande du cube VR',
    });
    expect(outcome.ok && outcome.value.events.map((e) => [e.type, e.data.reason])).toEqual([
      ['approval_refused', 'Pas une demande du cube VR'],
    ]);
  });

  it('pend records the date and reason and schedules the wake-up', () => {
    const outcome = transition(ticketIn('assigned'), VALID.pend, as('agent'), FACTS);
    expect(outcome.ok && outcome.value.state).toMatchObject({
      status: 'pending',
      pendingKind: 'until_date',
      pendingUntil: LATER,
    });
    expect(outcome.ok && outcome.value.effects).toEqual([{ kind: 'schedule_wake', at: LATER }]);
  });

  it('a wake-up by the system reapplies the assignment when still valid (event woken)', () => {
    const outcome = transition(ticketIn('pending'), VALID.resume, as('system'), FACTS);
    expect(outcome.ok && outcome.value.state).toMatchObject({
      status: 'assigned',
      teamId: 'team-vr',
      agentId: 'tech-1',
      pendingUntil: null,
    });
    expect(outcome.ok && outcome.value.events.map((e) => e.type)).toEqual(['woken']);
  });

  it('a wake-up sends the ticket back to dispatch when the agent left the team', () => {
    const outcome = transition(ticketIn('pending'), VALID.resume, as('system'), {
      ...FACTS,
      assignmentStillValid: false,
    });
    expect(outcome.ok && outcome.value.state).toMatchObject({ status: 'new', teamId: null, agentId: null });
    expect(outcome.ok && outcome.value.effects).toEqual([{ kind: 'route' }]);
  });

  it('a requester reply to an information request resumes the ticket', () => {
    const waiting = aTicketState({
      ...ticketIn('assigned'),
      status: 'pending',
      pendingKind: 'awaiting_requester',
      pendingReason: 'Quelle salle ?',
    });
    const outcome = transition(waiting, { action: 'reply', body: 'Salle B12' }, as('requester'), FACTS);
    expect(outcome.ok && outcome.value.state.status).toBe('assigned');
    expect(outcome.ok && outcome.value.events.map((e) => e.type)).toEqual(['requester_replied', 'resumed']);
  });

  it('a requester reply does not resume a ticket pending until a date', () => {
    const outcome = transition(
      ticketIn('pending'),
      { action: 'reply', body: 'Merci' },
      as('requester'),
      FACTS,
    );
    expect(outcome.ok && outcome.value.state.status).toBe('pending');
  });

  it('internal notes are internal; public replies are public', () => {
    const note = transition(ticketIn('assigned'), VALID.note, as('agent'), FACTS);
    const reply = transition(ticketIn('assigned'), VALID.reply, as('agent'), FACTS);
    expect(note.ok && note.value.events[0]?.visibility).toBe('internal');
    expect(reply.ok && reply.value.events[0]?.visibility).toBe('public');
  });

  it('reopen goes back to the same team and agent and drops the old solution', () => {
    const outcome = transition(ticketIn('resolved'), VALID.reopen, as('requester'), FACTS);
    expect(outcome.ok && outcome.value.state).toMatchObject({
      status: 'assigned',
      teamId: 'team-vr',
      agentId: 'tech-1',
      solution: null,
    });
  });

  it('reopen sends the ticket back to dispatch when the agent left the team', () => {
    const outcome = transition(ticketIn('resolved'), VALID.reopen, as('requester'), {
      ...FACTS,
      assignmentStillValid: false,
    });
    expect(outcome.ok && outcome.value.state).toMatchObject({
      status: 'new',
      teamId: null,
      agentId: null,
      solution: null,
    });
    expect(outcome.ok && outcome.value.effects).toEqual([{ kind: 'route' }]);
  });

  it('events carry before/after values of what changed', () => {
    const outcome = transition(ticketIn('new'), VALID.assign, as('moderator'), FACTS);
    expect(outcome.ok && outcome.value.events[0]?.data).toMatchObject({
      from: 'new',
      to: 'assigned',
      changes: { agentId: { before: null, after: 'tech-2' }, type: { before: null, after: 'request' } },
    });
  });
});

describe('a problem stays a problem (rule-as-data guards problemStaysProblem, linksOnlyToOpenProblem)', () => {
  const moderator = as('moderator');
  const assign = (type: TicketState['type']): Command => ({
    action: 'assign',
    type,
    teamId: 'team-vr',
    agentId: 'tech-2',
  });
  const reassign = (type: TicketState['type']): Command => ({
    action: 'reassign',
    type,
    teamId: 'team-vr',
    agentId: 'tech-2',
  });
  const editType = (type: NonNullable<TicketState['type']>): Command => ({
    action: 'edit',
    changes: { type },
  });
  const fieldsOf = (outcome: ReturnType<typeof transition>) =>
    outcome.ok ? [] : (outcome.refusal.details.fields ?? []).map((f) => `${f.field}:${f.rule}`);

  it('refuses turning a problem into an incident or a request, and the reverse, on type', () => {
    for (const [from, to] of [
      ['problem', 'incident'],
      ['problem', 'request'],
      ['incident', 'problem'],
      ['request', 'problem'],
    ] as const) {
      const rule = from === 'problem' ? 'field.problem_stays_problem' : 'field.cannot_become_problem';
      const fresh = { ...ticketIn('new'), type: from };
      const assigned = { ...ticketIn('assigned'), type: from };
      expect(fieldsOf(transition(fresh, assign(to), moderator, FACTS))).toEqual([`type:${rule}`]);
      expect(fieldsOf(transition(assigned, reassign(to), moderator, FACTS))).toEqual([`type:${rule}`]);
      expect(fieldsOf(transition(assigned, editType(to), moderator, FACTS))).toEqual([
        `changes.type:${rule}`,
      ]);
      expect(fieldsOf(transition(fresh, assign(to), SYSTEM_ACTOR, FACTS))).toEqual([`type:${rule}`]);
    }
  });

  it('lets a problem keep its type, and incidents and requests trade theirs', () => {
    const problem = { ...ticketIn('assigned'), type: 'problem' as const };
    expect(transition(problem, reassign('problem'), moderator, FACTS).ok).toBe(true);
    expect(transition(problem, reassign(null), moderator, FACTS).ok).toBe(true);
    expect(transition(problem, editType('problem'), moderator, FACTS).ok).toBe(true);
    const incident = { ...ticketIn('assigned'), type: 'incident' as const };
    expect(transition(incident, editType('request'), moderator, FACTS).ok).toBe(true);
    expect(transition(incident, reassign('request'), moderator, FACTS).ok).toBe(true);
  });

  it('qualifies an untyped ticket as a problem, unless it is linked to a problem', () => {
    const untyped = ticketIn('new');
    expect(untyped.type).toBeNull();
    const qualified = transition(untyped, assign('problem'), moderator, FACTS);
    expect(qualified.ok && qualified.value.state.type).toBe('problem');
    expect(transition(untyped, editType('problem'), moderator, FACTS).ok).toBe(true);
    const linked = { ...untyped, linkedProblemId: 'problem-1' };
    const rule = 'field.linked_cannot_become_problem';
    expect(fieldsOf(transition(linked, assign('problem'), moderator, FACTS))).toEqual([`type:${rule}`]);
    expect(fieldsOf(transition(linked, assign('problem'), SYSTEM_ACTOR, FACTS))).toEqual([`type:${rule}`]);
    expect(fieldsOf(transition(linked, editType('problem'), moderator, FACTS))).toEqual([
      `changes.type:${rule}`,
    ]);
    // Unlinking in the same edit makes it possible.
    const both: Command = { action: 'edit', changes: { type: 'problem', linkedProblemId: null } };
    expect(transition(linked, both, moderator, FACTS).ok).toBe(true);
  });

  const link: Command = { action: 'edit', changes: { linkedProblemId: 'problem-1' } };
  const target = (type: TicketState['type'], status: TicketStatus) => ({
    ...FACTS,
    linkedProblem: { reference: 'GU-2026-000009', type, status },
  });

  it('links an incident only to a problem open for links, the same states as PROBLEM_RULES.link', () => {
    expect(PROBLEM_RULES.link.from).toBe(PROBLEM_OPEN_FOR_LINKS);
    const incident = { ...ticketIn('assigned'), type: 'incident' as const };
    for (const status of TICKET_STATUSES) {
      const outcome = transition(incident, link, moderator, target('problem', status));
      if (PROBLEM_OPEN_FOR_LINKS.includes(status)) expect(outcome.ok).toBe(true);
      else {
        expect(outcome).toMatchObject({
          ok: false,
          refusal: {
            code: 'VALIDATION_FAILED',
            details: {
              fields: [
                {
                  field: 'changes.linkedProblem',
                  rule: 'field.problem_not_open',
                  params: { value: 'GU-2026-000009', status },
                },
              ],
            },
          },
        });
      }
    }
    expect(
      ['closed', 'rejected', 'pending_approval'].every(
        (s) => !PROBLEM_OPEN_FOR_LINKS.includes(s as TicketStatus),
      ),
    ).toBe(true);
  });

  it('refuses a linked problem that is not a problem, and any link from a problem', () => {
    const incident = { ...ticketIn('assigned'), type: 'incident' as const };
    for (const type of ['incident', 'request', null] as const) {
      expect(fieldsOf(transition(incident, link, moderator, target(type, 'assigned')))).toEqual([
        'changes.linkedProblem:field.not_a_problem',
      ]);
    }
    expect(fieldsOf(transition(incident, link, moderator, FACTS))).toEqual([
      'changes.linkedProblem:field.not_a_problem',
    ]);
    const problem = { ...ticketIn('assigned'), type: 'problem' as const };
    expect(fieldsOf(transition(problem, link, moderator, target('problem', 'assigned')))).toEqual([
      'changes.linkedProblem:field.problem_cannot_link',
    ]);
    // Unlinking is always the incident's own business.
    const unlink: Command = { action: 'edit', changes: { linkedProblemId: null } };
    expect(transition({ ...incident, linkedProblemId: 'problem-1' }, unlink, moderator, FACTS).ok).toBe(true);
  });
});
