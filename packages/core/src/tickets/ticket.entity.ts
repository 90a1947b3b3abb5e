import { defineEntity, p } from '@mikro-orm/core';
import { CatalogService } from '../catalogue/service.entity.ts';
import { baseProperties } from '../db/base.entity.ts';
import { Establishment } from '../establishments/establishment.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Team } from '../teams/team.entity.ts';
import {
  CHANNELS,
  LEVELS,
  PENDING_KINDS,
  PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
} from './ticket.types.ts';

/**
 * A ticket. Status and workflow fields change only through `transition()`; `version` makes a stale
 * write fail with CONFLICT instead of overwriting someone else's change.
 */
export const TicketSchema = defineEntity({
  name: 'Ticket',
  properties: {
    ...baseProperties,
    /** Human reference, e.g. `GU-2026-000042`: year of creation and a global sequence number. */
    reference: p.string().length(32).unique(),
    type: p.enum(TICKET_TYPES).nullable(),
    title: p.string().length(300),
    description: p.text(),
    requester: () => p.manyToOne(Person).index(),
    createdBy: () => p.manyToOne(Person),
    channel: p.enum(CHANNELS),
    service: () => p.manyToOne(CatalogService).nullable().index(),
    subService: () => p.manyToOne(CatalogService).nullable(),
    establishment: () => p.manyToOne(Establishment).nullable(),
    impact: p.enum(LEVELS).default('medium'),
    urgency: p.enum(LEVELS).default('medium'),
    priority: p.enum(PRIORITIES).default('medium'),
    status: p.enum(TICKET_STATUSES),
    team: () => p.manyToOne(Team).nullable(),
    agent: () => p.manyToOne(Person).nullable(),
    pendingUntil: p.datetime().nullable(),
    pendingKind: p.enum(PENDING_KINDS).nullable(),
    pendingReason: p.text().nullable(),
    solution: p.text().nullable(),
    rejectionReason: p.text().nullable(),
    linkedProblem: () => p.manyToOne(Ticket).nullable().deleteRule('set null'),
    resolvedAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    version: p.integer().version(),
    /** Accent-insensitive French full text over title (weight A) and description (weight B). */
    searchVector: p
      .type('tsvector')
      .generated(
        "(setweight(to_tsvector('fr_unaccent', coalesce(title, '')), 'A') || setweight(to_tsvector('fr_unaccent', coalesce(description, '')), 'B')) stored",
      )
      .lazy()
      .hidden(),
  },
  // Lists are keyset-paginated on (timestamp, id): these let a queue read its first page by walking
  // an index instead of sorting every match (see docs/performance.md, 1 M tickets).
  indexes: [
    { properties: ['searchVector'], type: 'gin' },
    { properties: ['status', 'team'] },
    { properties: ['pendingUntil'] },
    { properties: ['createdAt', 'id'] },
    { properties: ['updatedAt', 'id'] },
    { properties: ['status', 'createdAt'] },
    { properties: ['agent', 'createdAt'] },
    { properties: ['team', 'createdAt'] },
  ],
});
export class Ticket extends TicketSchema.class {}
TicketSchema.setClass(Ticket);
