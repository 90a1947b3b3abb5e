import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import { executeIn } from '../db/transaction.ts';
import { DomainError } from '../errors.ts';
import type { Language } from '../i18n/messages.ts';
import type { Actor, Role } from '../tickets/ticket.workflow.ts';

/** The caller as the ticket paths need them. */
export interface GrantedPerson {
  id: string;
  email: string;
  displayName: string;
  establishmentId: string | null;
  language: Language;
}

/** Everything a person was granted (plain data: it is remembered per process, see ReadCache). */
export interface Grants {
  person: GrantedPerson;
  functionalAdmin: boolean;
  technicalAdmin: boolean;
  moderatorOf: ReadonlySet<string>;
  approverOf: ReadonlySet<string>;
  technicianOf: ReadonlySet<string>;
}

/** Reads a person and their grants (one statement); an unknown or deactivated person may not act. */
export async function loadGrants(em: EntityManager, personId: string): Promise<Grants> {
  const rows = await executeIn<
    {
      id: string;
      email: string;
      display_name: string;
      establishment_id: string | null;
      language: Language;
      active: boolean;
      profile: string | null;
      service_id: string | null;
      team_id: string | null;
    }[]
  >(
    em,
    `select p.id, p.email, p.display_name, p.establishment_id, p.language, p.active,
            g.profile, g.service_id, g.team_id
       from person p left join profile_grant g on g.person_id = p.id
      where p.id = ?`,
    [personId],
  );
  const first = rows[0];
  if (!first?.active) throw new DomainError('FORBIDDEN', { rule: 'person_inactive' });
  const scoped = (profile: string, key: 'service_id' | 'team_id') =>
    new Set(rows.filter((g) => g.profile === profile && g[key]).map((g) => g[key]!));
  return {
    person: {
      id: first.id,
      email: first.email,
      displayName: first.display_name,
      establishmentId: first.establishment_id,
      language: first.language,
    },
    functionalAdmin: rows.some((g) => g.profile === 'functional_admin'),
    technicalAdmin: rows.some((g) => g.profile === 'technical_admin'),
    moderatorOf: scoped('moderator', 'service_id'),
    approverOf: scoped('approver', 'service_id'),
    technicianOf: scoped('technician', 'team_id'),
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
export function rolesOnTicket(
  catalogue: CatalogueSnapshot,
  grants: Grants,
  ticket: TicketParties,
): Set<Role> {
  const roles = new Set<Role>();
  const me = grants.person.id;
  if (ticket.requesterId === me) roles.add('requester');
  if (ticket.agentId === me) roles.add('agent');
  if (ticket.teamId && grants.technicianOf.has(ticket.teamId)) roles.add('team_technician');
  if (grants.functionalAdmin) roles.add('functional_admin');
  if (grants.moderatorOf.size > 0 || grants.approverOf.size > 0) {
    const chain = catalogue.ancestry(ticket.serviceIds);
    if ([...chain].some((id) => grants.moderatorOf.has(id))) roles.add('moderator');
    if ([...chain].some((id) => grants.approverOf.has(id))) roles.add('approver');
    if (ticket.serviceIds.length === 0 && grants.moderatorOf.size > 0) roles.add('moderator');
  }
  return roles;
}

/** Whether the actor is staff on the ticket (any role but requester). */
export function isStaff(actor: Actor): boolean {
  return [...actor.roles].some((r) => r !== 'requester');
}

/** The parties of a ticket from its ids. */
export function parties(ticket: {
  requesterId: string;
  agentId: string | null;
  teamId: string | null;
  serviceId: string | null;
  subServiceId: string | null;
}): TicketParties {
  return {
    requesterId: ticket.requesterId,
    agentId: ticket.agentId,
    teamId: ticket.teamId,
    serviceIds: [ticket.serviceId, ticket.subServiceId].filter((x): x is string => !!x),
  };
}

/**
 * Row-level visibility of tickets for a non-admin, as one SQL condition on the ticket aliased
 * `alias` (any part suffices): theirs as requester or agent, their teams', the services they moderate
 * or approve (with their sub-services), and for moderators tickets with no service yet. For
 * hand-written statements: its text uses parameters `$<first>`, `$<first+1>`… and `params` holds their values.
 */
export function visibilitySql(
  catalogue: CatalogueSnapshot,
  grants: Grants,
  alias: string,
  first: number,
): { sql: string; params: unknown[] } {
  if (grants.functionalAdmin) return { sql: 'true', params: [] };
  const params: unknown[] = [];
  const $ = (value: unknown) => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  const me = $(grants.person.id);
  const parts = [`${alias}.requester_id = ${me}::uuid`, `${alias}.agent_id = ${me}::uuid`];
  if (grants.technicianOf.size > 0)
    parts.push(`${alias}.team_id = any(${$([...grants.technicianOf])}::uuid[])`);
  const services = catalogue.descendants([...grants.moderatorOf, ...grants.approverOf]);
  if (services.length > 0) {
    const list = $(services);
    parts.push(
      `${alias}.service_id = any(${list}::uuid[])`,
      `${alias}.sub_service_id = any(${list}::uuid[])`,
    );
  }
  if (grants.moderatorOf.size > 0) parts.push(`${alias}.service_id is null`);
  return { sql: `(${parts.join(' or ')})`, params };
}
