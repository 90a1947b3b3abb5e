import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import { sql } from '../db/sql.ts';
import type { TicketType } from '../tickets/ticket.types.ts';
import { matchingRules, pickAgent } from './routing-rules.ts';

export interface RoutingDecision {
  /** What decided: a routing rule (its code), or the default team of a service (the service's code). */
  source: { rule: string } | { defaultTeamOf: string };
  teamId: string;
  agentId: string;
  type: TicketType;
}

export interface RoutingQuery {
  serviceIds: string[];
  /** The most precise service of the ticket (its sub-service, else its service): where defaults are looked up. */
  nearestServiceId: string | null;
  type: TicketType | null;
  establishmentId: string | null;
}

/**
 * The type a ticket routed to a service's default team gets when nobody gave one: the requester
 * asks for help; the technician may requalify it (an incident, a problem) when editing.
 */
export const DEFAULT_TEAM_TYPE: TicketType = 'request';

/**
 * Finds the authorised team and technician for a ticket: the first predefined rule that applies and
 * has an active technician; otherwise the default team of the ticket's service, or of its nearest
 * ancestor that has one, with its least loaded technician. Returns null when neither gives a
 * technician: the ticket then waits in the moderators' queue.
 */
export async function decideRouting(
  em: EntityManager,
  catalogue: CatalogueSnapshot,
  ticket: RoutingQuery,
): Promise<RoutingDecision | null> {
  const serviceChain = catalogue.rules.length > 0 ? catalogue.ancestry(ticket.serviceIds) : new Set<string>();
  for (const rule of matchingRules(catalogue.rules, {
    serviceChain,
    type: ticket.type,
    establishmentId: ticket.establishmentId,
  })) {
    const type = ticket.type ?? rule.defaultType;
    if (!type || !catalogue.technicians.get(rule.teamId)?.size) continue;
    const agentId = pickAgent(await teamLoad(em, rule.teamId), rule.agentId);
    if (agentId) return { source: { rule: rule.code }, teamId: rule.teamId, agentId, type };
  }
  const fallback = catalogue.nearestDefaultTeam(ticket.nearestServiceId);
  if (!fallback || !catalogue.technicians.get(fallback.teamId)?.size) return null;
  const agentId = pickAgent(await teamLoad(em, fallback.teamId), null);
  if (!agentId) return null;
  return {
    source: { defaultTeamOf: fallback.serviceCode },
    teamId: fallback.teamId,
    agentId,
    type: ticket.type ?? DEFAULT_TEAM_TYPE,
  };
}

/** Active technicians of a team with their number of open tickets (one statement). */
async function teamLoad(em: EntityManager, teamId: string) {
  return sql<{ id: string; email: string; load: number }>(
    em,
    `select p.id, p.email,
            (select count(*)::int from ticket t where t.agent_id = p.id and t.status in ('assigned', 'pending')) as load
       from profile_grant g join person p on p.id = g.person_id
      where g.team_id = $1 and g.profile = 'technician' and p.active`,
    [teamId],
  );
}
