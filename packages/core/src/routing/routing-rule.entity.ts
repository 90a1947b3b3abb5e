import { defineEntity, p } from '@mikro-orm/core';
import { CatalogService } from '../catalogue/service.entity.ts';
import { baseProperties } from '../db/base.entity.ts';
import { Establishment } from '../establishments/establishment.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Team } from '../teams/team.entity.ts';
import { TICKET_TYPES } from '../tickets/ticket.types.ts';

/**
 * "Tickets on this service (and its sub-services), of this type, from this establishment go to this
 * team (and this agent)". Rules are tried by ascending position; the first match wins. A null
 * criterion matches anything.
 */
export const RoutingRuleSchema = defineEntity({
  name: 'RoutingRule',
  properties: {
    ...baseProperties,
    code: p.string().length(64).unique(),
    position: p.integer().default(100),
    active: p.boolean().default(true),
    matchService: () => p.manyToOne(CatalogService).nullable().deleteRule('cascade'),
    matchType: p.enum(TICKET_TYPES).nullable(),
    matchEstablishment: () => p.manyToOne(Establishment).nullable().deleteRule('cascade'),
    team: () => p.manyToOne(Team).deleteRule('cascade'),
    /** Preferred agent; when null (or no longer in the team), the least loaded technician is chosen. */
    agent: () => p.manyToOne(Person).nullable().deleteRule('set null'),
    /** Type given to tickets that arrive without one. */
    defaultType: p.enum(TICKET_TYPES).nullable(),
  },
});
export class RoutingRule extends RoutingRuleSchema.class {}
RoutingRuleSchema.setClass(RoutingRule);
