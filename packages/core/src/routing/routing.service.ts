import type { EntityManager } from '@mikro-orm/postgresql';
import { serviceAncestry } from '../catalogue/lookups.ts';
import type { TicketType } from '../tickets/ticket.types.ts';
import { RoutingRule } from './routing-rule.entity.ts';
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
  ticket: RoutingQuery,
): Promise<RoutingDecision | null> {
  const rules = await em.find(RoutingRule, { active: true }, { orderBy: { position: 'asc', code: 'asc' } });
  const serviceChain = rules.length > 0 ? await serviceAncestry(em, ticket.serviceIds) : new Set<string>();
  const candidates = rules.map((rule) => ({
    rule,
    code: rule.code,
    matchServiceId: rule.matchService?.id ?? null,
    matchType: rule.matchType ?? null,
    matchEstablishmentId: rule.matchEstablishment?.id ?? null,
    defaultType: rule.defaultType ?? null,
  }));
  for (const candidate of matchingRules(candidates, {
    serviceChain,
    type: ticket.type,
    establishmentId: ticket.establishmentId,
  })) {
    const members = await teamLoad(em, candidate.rule.team.id);
    const agentId = pickAgent(members, candidate.rule.agent?.id ?? null);
    const type = ticket.type ?? candidate.defaultType;
    if (agentId && type)
      return { source: { rule: candidate.code }, teamId: candidate.rule.team.id, agentId, type };
  }
  const fallback = await nearestDefaultTeam(em, ticket.nearestServiceId);
  if (!fallback) return null;
  const agentId = pickAgent(await teamLoad(em, fallback.teamId), null);
  if (!agentId) return null;
  return {
    source: { defaultTeamOf: fallback.serviceCode },
    teamId: fallback.teamId,
    agentId,
    type: ticket.type ?? DEFAULT_TEAM_TYPE,
  };
}

/** The default team of the service, or of its nearest ancestor that has one. */
async function nearestDefaultTeam(
  em: EntityManager,
  serviceId: string | null,
): Promise<{ teamId: string; serviceCode: string } | null> {
  if (!serviceId) return null;
  const [row] = await em.getConnection().execute<{ team_id: string; code: string }[]>(
    `with recursive up as (
       select id, parent_id, default_team_id, code, 0 as depth from service where id = ?
       union all
       select s.id, s.parent_id, s.default_team_id, s.code, up.depth + 1 from service s join up on s.id = up.parent_id
     ) select default_team_id as team_id, code from up where default_team_id is not null order by depth limit 1`,
    [serviceId],
    'all',
    em.getTransactionContext(),
  );
  return row ? { teamId: row.team_id, serviceCode: row.code } : null;
}

/** Active technicians of a team with their number of open tickets. */
async function teamLoad(em: EntityManager, teamId: string) {
  return em.getConnection().execute<{ id: string; email: string; load: number }[]>(
    `select p.id, p.email,
            (select count(*)::int from ticket t where t.agent_id = p.id and t.status in ('assigned', 'pending')) as load
       from profile_grant g join person p on p.id = g.person_id
      where g.team_id = ? and g.profile = 'technician' and p.active`,
    [teamId],
    'all',
    em.getTransactionContext(),
  );
}
