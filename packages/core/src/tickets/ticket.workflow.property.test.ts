import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aTicketState } from '../../testing/builders.ts';
import {
  type Command,
  type EventDraft,
  type Facts,
  initialStatus,
  isFinal,
  ROLES,
  type Role,
  type TicketState,
  transition,
} from './ticket.workflow.ts';

const START = new Date('2026-11-28T08:00:00Z');
const teams = ['team-a', 'team-b'];
const agents = ['tech-1', 'tech-2', ''];
const text = fc.constantFrom('', '  ', 'Projecteur recâblé', 'Voir le ticket Kelis');

/** Any command, valid or not: blank fields, dates in the past, unknown values. */
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ action: fc.constant('approve' as const) }),
  fc.record({ action: fc.constant('reject' as const), reason: text }),
  fc.record({
    action: fc.constantFrom('assign' as const, 'reassign' as const),
    type: fc.constantFrom(null, 'incident' as const, 'request' as const, 'problem' as const),
    teamId: fc.constantFrom(...teams, ''),
    agentId: fc.constantFrom(...agents),
  }),
  fc.record({
    action: fc.constant('pend' as const),
    until: fc.integer({ min: -3, max: 10 }).map((d) => new Date(START.getTime() + d * 86_400_000)),
    reason: text,
  }),
  fc.record({ action: fc.constant('request_info' as const), question: text }),
  fc.record({ action: fc.constant('resume' as const) }),
  fc.record({
    action: fc.constant('resolve' as const),
    serviceId: fc.constantFrom('', 'svc-vr', 'svc-moodle'),
    subServiceId: fc.constantFrom(null, 'svc-vr-usage'),
    solution: text,
  }),
  fc.record({ action: fc.constant('reopen' as const), reason: text }),
  fc.record({ action: fc.constant('close' as const) }),
  fc.record({ action: fc.constantFrom('reply' as const, 'note' as const), body: text }),
  fc.record({
    action: fc.constant('edit' as const),
    changes: fc.record(
      {
        title: text,
        type: fc.constantFrom('incident' as const, 'problem' as const),
        urgency: fc.constantFrom('high' as const, 'low' as const),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    action: fc.constant('provider_escalate' as const),
    providerId: fc.constant('kelis'),
    externalId: text,
  }),
);

const step = fc.record({
  command,
  roles: fc.uniqueArray(fc.constantFrom(...ROLES), { minLength: 1, maxLength: 3 }),
  agentIsTeamMember: fc.boolean(),
  subServiceBelongsToService: fc.boolean(),
  assignmentStillValid: fc.boolean(),
  days: fc.integer({ min: 0, max: 3 }),
});

function checkInvariants(s: TicketState): void {
  if (s.status === 'assigned') {
    expect(s.type).not.toBeNull();
    expect(s.teamId).toBeTruthy();
    expect(s.agentId).toBeTruthy();
  }
  if (s.status === 'resolved' || s.status === 'closed') {
    if (s.status === 'resolved') {
      expect(s.serviceId).toBeTruthy();
      expect(s.solution?.trim()).toBeTruthy();
    }
  }
  if (s.status === 'pending') {
    expect(s.pendingKind).not.toBeNull();
    if (s.pendingKind === 'until_date') expect(s.pendingUntil).toBeInstanceOf(Date);
    expect(s.pendingReason?.trim()).toBeTruthy();
  } else {
    expect(s.pendingKind).toBeNull();
    expect(s.pendingUntil).toBeNull();
  }
  if (s.status === 'new') expect(s.agentId).toBeNull();
  if (s.status === 'rejected') expect(s.rejectionReason?.trim()).toBeTruthy();
}

describe('workflow invariants over random action sequences', () => {
  it('never break: closed and rejected never change, resolved has service and solution, assigned has type, team and agent, the timeline only grows', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(step, { minLength: 1, maxLength: 40 }),
        (requiresApproval, steps) => {
          let state = aTicketState({ status: initialStatus(requiresApproval), serviceId: null });
          const timeline: EventDraft[] = [];
          let now = START;
          for (const s of steps) {
            now = new Date(now.getTime() + s.days * 86_400_000);
            const facts: Facts = {
              now,
              agentIsTeamMember: s.agentIsTeamMember,
              subServiceBelongsToService: s.subServiceBelongsToService,
              assignmentStillValid: s.assignmentStillValid,
              providerReferenceExists: true,
            };
            const roles = new Set<Role>(s.roles);
            const before = state;
            const outcome = transition(
              state,
              s.command,
              { personId: roles.has('system') ? null : 'p', roles },
              facts,
            );
            if (isFinal(before.status)) {
              expect(outcome.ok).toBe(false);
              continue;
            }
            if (!outcome.ok) {
              expect(['INVALID_TRANSITION', 'FORBIDDEN', 'VALIDATION_FAILED']).toContain(
                outcome.refusal.code,
              );
              continue;
            }
            const length = timeline.length;
            timeline.push(...outcome.value.events);
            expect(timeline.length).toBeGreaterThanOrEqual(length);
            if (outcome.value.state.status !== before.status) {
              // A status change is always recorded, with its before and after values.
              expect(
                outcome.value.events.some(
                  (e) => e.data.from === before.status && e.data.to === outcome.value.state.status,
                ),
              ).toBe(true);
            }
            state = outcome.value.state;
            checkInvariants(state);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
