import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES } from '../tickets/ticket.types.ts';
import {
  availableProblemOperations,
  decideProblem,
  isProblemStaff,
  PROBLEM_OPERATIONS,
  type ProblemRole,
} from './problem.rules.ts';

const roles = (...r: ProblemRole[]) => new Set<ProblemRole>(r);

describe('the problem rules table', () => {
  it('lets moderators and technicians of the service (and functional admins) do every operation', () => {
    for (const who of [
      'moderator',
      'agent',
      'team_technician',
      'service_technician',
      'functional_admin',
    ] as const) {
      expect(availableProblemOperations('assigned', roles(who))).toEqual([...PROBLEM_OPERATIONS]);
    }
  });

  it('refuses requesters and approvers, naming the rule', () => {
    for (const who of ['requester', 'approver'] as const) {
      for (const op of PROBLEM_OPERATIONS) {
        expect(decideProblem(op, 'assigned', roles(who))).toEqual({
          code: 'FORBIDDEN',
          details: { rule: 'problem_role_not_allowed' },
        });
      }
    }
  });

  it('freezes a closed problem except for re-running the batch resolution', () => {
    expect(availableProblemOperations('closed', roles('moderator'))).toEqual(['resolve_incidents']);
    expect(availableProblemOperations('rejected', roles('moderator'))).toEqual([]);
    expect(decideProblem('link', 'closed', roles('moderator'))).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { rule: 'problem_not_in_status', params: { status: 'closed' } },
    });
  });

  it('allows editing the analysis in every state but the final ones', () => {
    const editable = TICKET_STATUSES.filter((s) => decideProblem('edit', s, roles('moderator')) === null);
    expect(editable.sort()).toEqual(['assigned', 'new', 'pending', 'pending_approval', 'resolved']);
  });

  it('counts anyone but the requester as staff of the problem', () => {
    expect(isProblemStaff(roles('requester'))).toBe(false);
    expect(isProblemStaff(roles('requester', 'approver'))).toBe(true);
  });
});
