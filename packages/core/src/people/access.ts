import type { EntityManager } from '@mikro-orm/postgresql';
import { serviceAncestry, serviceDescendants } from '../catalogue/lookups.ts';
import { DomainError } from '../errors.ts';
import type { Ticket } from '../tickets/ticket.entity.ts';
import type { Actor, Role } from '../tickets/ticket.workflow.ts';
import { Person } from './person.entity.ts';
import { ProfileGrant } from './profile-grant.entity.ts';

/** Everything a person was granted, loaded once per use case. */
export interface Grants {
  person: Person;
  functionalAdmin: boolean;
  technicalAdmin: boolean;
  moderatorOf: ReadonlySet<string>;
  approverOf: ReadonlySet<string>;
  technicianOf: ReadonlySet<string>;
}

/** Loads the caller; an unknown or deactivated person may not act. */
export async function loadGrants(em: EntityManager, personId: string): Promise<Grants> {
  const person = await em.findOne(Person, { id: personId });
  if (!person?.active) throw new DomainError('FORBIDDEN', { rule: 'person_inactive' });
  const grants = await em.find(ProfileGrant, { person });
  const scoped = (profile: ProfileGrant['profile'], key: 'service' | 'team') =>
    new Set(grants.filter((g) => g.profile === profile && g[key]).map((g) => g[key]!.id));
  return {
    person,
    functionalAdmin: grants.some((g) => g.profile === 'functional_admin'),
    technicalAdmin: grants.some((g) => g.profile === 'technical_admin'),
    moderatorOf: scoped('moderator', 'service'),
    approverOf: scoped('approver', 'service'),
    technicianOf: scoped('technician', 'team'),
  };
}

/** The ticket facts roles depend on. */
export interface TicketParties {
  requesterId: string;
  agentId: string | null;
  teamId: string | null;
  serviceIds: string[];
}

/**
 * What the person is for this ticket. Moderators and approvers of a service are also those of its
 * sub-services; a ticket with no service yet is in every moderator's dispatch queue.
 */
export async function rolesOnTicket(
  em: EntityManager,
  grants: Grants,
  ticket: TicketParties,
): Promise<Set<Role>> {
  const roles = new Set<Role>();
  const me = grants.person.id;
  if (ticket.requesterId === me) roles.add('requester');
  if (ticket.agentId === me) roles.add('agent');
  if (ticket.teamId && grants.technicianOf.has(ticket.teamId)) roles.add('team_technician');
  if (grants.functionalAdmin) roles.add('functional_admin');
  if (grants.moderatorOf.size > 0 || grants.approverOf.size > 0) {
    const chain = await serviceAncestry(em, ticket.serviceIds);
    if ([...chain].some((id) => grants.moderatorOf.has(id))) roles.add('moderator');
    if ([...chain].some((id) => grants.approverOf.has(id))) roles.add('approver');
    if (ticket.serviceIds.length === 0 && grants.moderatorOf.size > 0) roles.add('moderator');
  }
  return roles;
}

/** Whether a technician may receive tickets of this team. */
export async function isActiveTechnician(
  em: EntityManager,
  personId: string,
  teamId: string,
): Promise<boolean> {
  const count = await em.count(ProfileGrant, {
    person: { id: personId, active: true },
    profile: 'technician',
    team: teamId,
  });
  return count > 0;
}

/** Whether the actor is staff on the ticket (any role but requester). */
export function isStaff(actor: Actor): boolean {
  return [...actor.roles].some((r) => r !== 'requester');
}

/** The parties of a loaded ticket, as `rolesOnTicket` needs them. */
export function parties(ticket: Ticket): TicketParties {
  return {
    requesterId: ticket.requester.id,
    agentId: ticket.agent?.id ?? null,
    teamId: ticket.team?.id ?? null,
    serviceIds: [ticket.service?.id, ticket.subService?.id].filter((x): x is string => !!x),
  };
}

/**
 * Row-level visibility of tickets for a non-admin, as conditions on the ticket (any one suffices):
 * theirs as requester or agent, their teams', the services they moderate or approve (with their
 * sub-services), and for moderators tickets with no service yet.
 */
export async function visibilityScope(em: EntityManager, grants: Grants): Promise<object[]> {
  const me = grants.person.id;
  const services = await serviceDescendants(em, [...grants.moderatorOf, ...grants.approverOf]);
  const scope: object[] = [{ requester: me }, { agent: me }];
  if (grants.technicianOf.size > 0) scope.push({ team: { $in: [...grants.technicianOf] } });
  if (services.length > 0) {
    scope.push({ service: { $in: services } });
    scope.push({ subService: { $in: services } });
  }
  if (grants.moderatorOf.size > 0) scope.push({ service: null });
  return scope;
}
