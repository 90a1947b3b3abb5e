import { z } from 'zod';
import { SLA_FILTERS } from '../service-levels/sla-list.ts';
import {
  CHANNELS,
  LEVELS,
  PRIORITIES,
  PROVIDER_REFERENCE_STATUSES,
  TICKET_QUEUES,
  TICKET_STATUSES,
  TICKET_TYPES,
} from './ticket.types.ts';

/**
 * Input shapes of the ticket use cases. People are named by email (or id), catalogue objects by
 * code, tickets by reference: what a human, a script or the portal naturally has at hand.
 */
/** Orders a ticket list can be read in (keyset-paginated, so only on indexed timestamps). */
/** `dueAt`: the earliest service-level due instant first (tickets on which the caller is staff). */
export const TICKET_SORTS = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'dueAt'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

const code = z.string().trim().min(1).max(64);
const personKey = z.string().trim().min(1).max(320);
const text = (max: number) => z.string().trim().min(1).max(max);

export const CreateTicketInputSchema = z
  .object({
    title: text(300),
    description: text(50_000),
    /** Someone else than the caller: only moderators (and functional admins) may do this. */
    requester: personKey.optional(),
    service: code.optional(),
    subService: code.optional(),
    type: z.enum(TICKET_TYPES).optional(),
    impact: z.enum(LEVELS).optional(),
    urgency: z.enum(LEVELS).optional(),
    channel: z.enum(CHANNELS).default('api'),
    establishment: code.optional(),
  })
  .strict();
export type CreateTicketInput = z.input<typeof CreateTicketInputSchema>;

const assignment = {
  type: z.enum(TICKET_TYPES).optional(),
  team: code,
  agent: personKey,
};

export const ActionInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), comment: text(5_000).optional() }).strict(),
  z.object({ action: z.literal('reject'), reason: text(5_000) }).strict(),
  z.object({ action: z.literal('assign'), ...assignment }).strict(),
  z.object({ action: z.literal('reassign'), ...assignment, reason: text(5_000).optional() }).strict(),
  z.object({ action: z.literal('pend'), until: z.coerce.date(), reason: text(5_000) }).strict(),
  z.object({ action: z.literal('request_info'), question: text(20_000) }).strict(),
  z.object({ action: z.literal('resume'), note: text(5_000).optional() }).strict(),
  z
    .object({
      action: z.literal('resolve'),
      service: code,
      /** Null or absent: no sub-service (as in an edit). */
      subService: code.nullable().optional(),
      solution: text(50_000),
    })
    .strict(),
  z.object({ action: z.literal('reopen'), reason: text(5_000) }).strict(),
  z.object({ action: z.literal('close'), comment: text(5_000).optional() }).strict(),
  z.object({ action: z.literal('reply'), body: text(50_000) }).strict(),
  z.object({ action: z.literal('note'), body: text(50_000) }).strict(),
  z
    .object({
      action: z.literal('edit'),
      changes: z
        .object({
          title: text(300).optional(),
          description: text(50_000).optional(),
          type: z.enum(TICKET_TYPES).optional(),
          impact: z.enum(LEVELS).optional(),
          urgency: z.enum(LEVELS).optional(),
          service: code.optional(),
          subService: code.nullable().optional(),
          establishment: code.optional(),
          linkedProblem: z.string().trim().min(1).max(32).nullable().optional(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      action: z.literal('provider_escalate'),
      provider: code,
      externalId: text(200),
      status: z.enum(PROVIDER_REFERENCE_STATUSES).optional(),
      notes: text(20_000).optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('provider_update'),
      referenceId: z.uuid(),
      status: z.enum(PROVIDER_REFERENCE_STATUSES).optional(),
      notes: text(20_000).optional(),
    })
    .strict(),
]);
export type ActionInput = z.input<typeof ActionInputSchema>;

export const ListTicketsInputSchema = z
  .object({
    status: z.array(z.enum(TICKET_STATUSES)).optional(),
    type: z.enum(TICKET_TYPES).optional(),
    service: code.optional(),
    team: code.optional(),
    agent: personKey.optional(),
    requester: personKey.optional(),
    establishment: code.optional(),
    priority: z.array(z.enum(PRIORITIES)).optional(),
    /** Creation and last-change ranges: `from` inclusive, `to` exclusive. */
    createdFrom: z.coerce.date().optional(),
    createdTo: z.coerce.date().optional(),
    updatedFrom: z.coerce.date().optional(),
    updatedTo: z.coerce.date().optional(),
    /** Order of the results: a field, `-` for descending (newest first by default). */
    sort: z.enum(TICKET_SORTS).default('-createdAt'),
    /** Shortcut queues of the technicians' screens. */
    queue: z.enum(TICKET_QUEUES).optional(),
    /** Service-level state (tickets on which the caller is staff): a clock breached, or at risk. */
    sla: z.enum(SLA_FILTERS).optional(),
    /** Accent-insensitive French full text over title and description. */
    q: z.string().trim().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(200).default(50),
    /** Opaque cursor from a previous page's `next`. */
    after: z.string().min(1).max(200).optional(),
  })
  .strict();
export type ListTicketsInput = z.input<typeof ListTicketsInputSchema>;
