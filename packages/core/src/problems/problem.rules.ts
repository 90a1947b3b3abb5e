/**
 * Who may do what on a problem, as data. A problem is a ticket of type `problem`: its states and
 * actions are the ticket workflow's (see `tickets/ticket.workflow.ts`); this table covers only what
 * problem management adds on top. Read it as: operation ← in these problem states, by these roles.
 */
import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import type { DomainErrorDetails } from '../errors.ts';
import { type Grants, rolesOnTicket, type TicketParties } from '../people/access.ts';
import type { TicketStatus } from '../tickets/ticket.types.ts';
import { PROBLEM_OPEN_FOR_LINKS, type Role } from '../tickets/ticket.workflow.ts';

/**
 * A role on the problem: the ticket roles, plus `service_technician` for a technician of a team that
 * handles the problem's service (its default team, or the team of a routing rule on it).
 */
export type ProblemRole = Role | 'service_technician';

export const PROBLEM_OPERATIONS = ['edit', 'link', 'unlink', 'resolve_incidents', 'suggest'] as const;
export type ProblemOperation = (typeof PROBLEM_OPERATIONS)[number];

/** Moderators and technicians of the problem's service, and functional admins. */
const EDITORS: readonly ProblemRole[] = [
  'moderator',
  'agent',
  'team_technician',
  'service_technician',
  'functional_admin',
];

interface OperationRule {
  from: readonly TicketStatus[];
  by: readonly ProblemRole[];
}

export const PROBLEM_RULES: Readonly<Record<ProblemOperation, OperationRule>> = {
  /** The analysis is frozen once the problem is closed, like the rest of a closed ticket. */
  edit: { from: ['pending_approval', 'new', 'assigned', 'pending', 'resolved'], by: EDITORS },
  /** A new incident of a known error may still join a resolved problem (the incident's `edit` agrees). */
  link: { from: PROBLEM_OPEN_FOR_LINKS, by: EDITORS },
  /** The incident's own `edit` refuses the same (`field.problem_links_frozen`). */
  unlink: { from: PROBLEM_OPEN_FOR_LINKS, by: EDITORS },
  /** Re-running the batch on a closed problem only resolves what is still open. */
  resolve_incidents: { from: ['new', 'assigned', 'pending', 'resolved', 'closed'], by: EDITORS },
  suggest: { from: ['new', 'assigned', 'pending', 'resolved'], by: EDITORS },
};

/** Staff see the whole record (root cause and workaround even when internal). */
export const isProblemStaff = (roles: ReadonlySet<ProblemRole>): boolean =>
  [...roles].some((r) => r !== 'requester');

/** The services whose tickets the teams handle (default team or routing rule), with sub-services. */
export function servicesHandledBy(catalogue: CatalogueSnapshot, teamIds: ReadonlySet<string>): Set<string> {
  if (teamIds.size === 0) return new Set();
  const roots = new Set<string>();
  for (const s of catalogue.services.values())
    if (s.defaultTeamId && teamIds.has(s.defaultTeamId)) roots.add(s.id);
  for (const r of catalogue.rules) if (r.matchServiceId && teamIds.has(r.teamId)) roots.add(r.matchServiceId);
  return new Set(catalogue.descendants(roots));
}

/** What the person is for a problem ticket. */
export function problemRoles(
  catalogue: CatalogueSnapshot,
  grants: Grants,
  ticket: TicketParties,
): Set<ProblemRole> {
  const roles: Set<ProblemRole> = rolesOnTicket(catalogue, grants, ticket);
  const handled = servicesHandledBy(catalogue, grants.technicianOf);
  if (ticket.serviceIds.some((id) => handled.has(id))) roles.add('service_technician');
  return roles;
}

/**
 * Whether the roles allow the operation in the problem's status; the refusal otherwise.
 * @example decideProblem('link', 'closed', roles) // { code: 'INVALID_TRANSITION', ... }
 */
export function decideProblem(
  operation: ProblemOperation,
  status: TicketStatus,
  roles: ReadonlySet<ProblemRole>,
): { code: 'FORBIDDEN' | 'INVALID_TRANSITION'; details: DomainErrorDetails } | null {
  const rule = PROBLEM_RULES[operation];
  if (!rule.by.some((r) => roles.has(r))) {
    return { code: 'FORBIDDEN', details: { rule: 'problem_role_not_allowed' } };
  }
  if (!rule.from.includes(status)) {
    return { code: 'INVALID_TRANSITION', details: { rule: 'problem_not_in_status', params: { status } } };
  }
  return null;
}

/** Problem operations the roles allow now, in table order. */
export function availableProblemOperations(
  status: TicketStatus,
  roles: ReadonlySet<ProblemRole>,
): ProblemOperation[] {
  return PROBLEM_OPERATIONS.filter((op) => decideProblem(op, status, roles) === null);
}
