import type { EntityManager } from '@mikro-orm/postgresql';
import { serviceAncestry } from '../catalogue/lookups.ts';
import { DomainError } from '../errors.ts';
import type { Role } from '../tickets/ticket.workflow.ts';
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
  if (!person?.active) {
    throw new DomainError('FORBIDDEN', { rule: 'role_not_allowed', params: { action: 'edit' } });
  }
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
