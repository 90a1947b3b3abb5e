import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Provider } from '../providers/provider.entity.ts';
import { Team } from '../teams/team.entity.ts';

export const SERVICE_STATUSES = ['active', 'retired'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export const APPROVAL_POLICIES = ['none', 'required'] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

/**
 * A shared digital service ("brique") or one of its sub-services, with its responsibility chain.
 * Moderators and approvers are profile grants scoped to the service; they also cover its sub-services.
 */
export const CatalogServiceSchema = defineEntity({
  name: 'CatalogService',
  tableName: 'service',
  properties: {
    ...baseProperties,
    code: p.string().length(64).unique(),
    name: p.string().length(200),
    description: p.text().default(''),
    parent: () => p.manyToOne(CatalogService).nullable(),
    status: p.enum(SERVICE_STATUSES).default('active'),
    owner: () => p.manyToOne(Person).nullable(),
    approvalPolicy: p.enum(APPROVAL_POLICIES).default('none'),
    defaultTeam: () => p.manyToOne(Team).nullable(),
    provider: () => p.manyToOne(Provider).nullable(),
  },
});
export class CatalogService extends CatalogServiceSchema.class {}
CatalogServiceSchema.setClass(CatalogService);
