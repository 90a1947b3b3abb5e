import type { EntityManager } from '@mikro-orm/postgresql';
import { serviceAncestry } from '../catalogue/lookups.ts';
import type { TicketType } from '../tickets/ticket.types.ts';
import { RoutingRule } from './routing-rule.entity.ts';
import { matchingRules, pickAgent } from './routing-rules.ts';

export interface RoutingDecision {
  ruleCode: string;
  teamId: string;
  agentId: string;
  type: TicketType;
}

export interface RoutingQuery {
  serviceIds: string[];
  type: TicketType | null;
  establishmentId: string | null;
}

/**
 * Finds the authorised team and technician for a ticket from the predefined rules. Returns null when
 * no rule applies (or no technician is available): the ticket then waits in the moderators' queue.
 */
export async function decideRouting(
  em: EntityManager,
  ticket: RoutingQuery,
): Promise<RoutingDecision | null> {
  const rules = await em.find(RoutingRule, { active: true }, { orderBy: { position: 'asc', code: 'asc' } });
  if (rules.length === 0) return null;
  const serviceChain = await serviceAncestry(em, ticket.serviceIds);
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
    if (agentId && type) return { ruleCode: candidate.code, teamId: candidate.rule.team.id, agentId, type };
  }
  return null;
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
