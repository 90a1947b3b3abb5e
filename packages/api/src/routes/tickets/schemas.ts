import {
  ACTIONS,
  ActionInputSchema,
  CreateTicketInputSchema,
  LEVELS,
  PRIORITIES,
  SLA_FILTERS,
  TICKET_QUEUES,
  TICKET_SORTS,
  TICKET_STATUSES,
  TICKET_TYPES,
  VISIBILITIES,
} from '@guichet/core';
import { z } from '@hono/zod-openapi';
import {
  ACTION_EXAMPLES,
  CREATE_TICKET_EXAMPLE,
  TICKET_EVENT_EXAMPLE,
  TICKET_EXAMPLE,
  TICKET_PAGE_EXAMPLE,
} from '../examples.ts';

export const PersonRefSchema = z
  .object({ id: z.uuid(), email: z.string(), displayName: z.string() })
  .openapi('PersonRef');

const SlaClockSummarySchema = z
  .object({
    state: z.enum(['ok', 'at_risk', 'breached', 'met', 'paused', 'not_started']),
    dueAt: z
      .string()
      .nullable()
      .openapi({ description: 'When the target is (or was) reached if the clock keeps running' }),
    warnAt: z
      .string()
      .nullable()
      .openapi({ description: 'When the warning threshold is reached (running clock)' }),
    remainingBusinessMs: z.number().nullable().openapi({
      description: 'Business milliseconds left, negative once breached (paused or stopped clock)',
    }),
  })
  .openapi('SlaClockSummary');

const TicketServiceLevelSummarySchema = z
  .object({
    target: z.string(),
    firstResponse: SlaClockSummarySchema.nullable(),
    resolution: SlaClockSummarySchema.nullable(),
  })
  .openapi('TicketServiceLevelSummary');

export const TicketSchema = z
  .object({
    id: z.uuid(),
    reference: z.string().openapi({ example: 'GU-2026-000042' }),
    type: z.enum(TICKET_TYPES).nullable(),
    title: z.string(),
    description: z.string(),
    status: z.enum(TICKET_STATUSES),
    priority: z.enum(PRIORITIES),
    impact: z.enum(LEVELS),
    urgency: z.enum(LEVELS),
    channel: z.string(),
    requester: PersonRefSchema,
    createdBy: PersonRefSchema,
    service: z.string().nullable(),
    subService: z.string().nullable(),
    establishment: z.string().nullable(),
    team: z.string().nullable(),
    agent: z.union([PersonRefSchema, z.null()]),
    pendingUntil: z.string().nullable(),
    pendingKind: z.string().nullable(),
    pendingReason: z.string().nullable(),
    solution: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    linkedProblem: z.string().nullable(),
    providerReferences: z
      .array(
        z.object({
          id: z.uuid(),
          provider: z.string(),
          externalId: z.string(),
          status: z.string(),
          notes: z.string().nullable(),
        }),
      )
      .openapi({ description: 'Staff only; empty in list results (fetch the ticket)' }),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    serviceLevel: TicketServiceLevelSummarySchema.nullable().optional().openapi({
      description:
        'Due dates of the service-level clocks (staff on the ticket only; null when no target applies)',
    }),
    actions: z
      .array(z.enum(ACTIONS))
      .optional()
      .openapi({ description: 'What the caller may do now (absent in list results)' }),
  })
  .openapi('Ticket', { example: TICKET_EXAMPLE });

export const TicketPageSchema = z
  .object({
    items: z.array(TicketSchema),
    next: z.string().nullable().openapi({ description: 'Cursor of the next page, null on the last one' }),
  })
  .openapi('TicketPage', { example: TICKET_PAGE_EXAMPLE });

export const TicketEventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    actor: z.union([PersonRefSchema, z.null()]),
    visibility: z.enum(VISIBILITIES),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    attachments: z
      .array(
        z
          .object({ id: z.uuid(), filename: z.string(), contentType: z.string(), size: z.number().int() })
          .openapi('EventAttachment'),
      )
      .optional()
      .openapi({ description: 'Files the event carries (download: GET /v1/attachments/{id})' }),
  })
  .openapi('TicketEvent', { example: TICKET_EVENT_EXAMPLE });

// Core's schemas were built before @hono/zod-openapi extended zod (zod 4 attaches methods per
// instance), so the API wraps their shapes in fresh objects it can name in the document.
export const CreateTicketBodySchema = z
  .object(CreateTicketInputSchema.shape)
  .strict()
  .openapi('CreateTicket', { example: CREATE_TICKET_EXAMPLE });

export const ReferenceParamsSchema = z.object({
  reference: z
    .string()
    .min(1)
    .max(32)
    .openapi({ param: { name: 'reference', in: 'path' }, example: 'GU-2026-000042' }),
});

export const IfMatchHeadersSchema = z.object({
  'if-match': z
    .string()
    .optional()
    .openapi({
      param: { name: 'if-match', in: 'header' },
      description: 'ETag of the ticket the change is based on',
    }),
});

/** The body of each workflow action: the core command without its `action` discriminator. */
export const ACTION_BODIES = Object.fromEntries(
  ActionInputSchema.options.map((option) => {
    const action = option.shape.action.value;
    const pascal = action.replace(/(^|_)(\w)/g, (_m: string, _s: string, ch: string) => ch.toUpperCase());
    const { action: _discriminator, ...shape } = (option as unknown as z.ZodObject).shape;
    return [action, z.object(shape).strict().openapi(`${pascal}Body`, { example: ACTION_EXAMPLES[action] })];
  }),
) as Record<string, z.ZodObject>;

export const ListTicketsQuerySchema = z.object({
  status: z.string().optional().openapi({ description: 'Comma-separated statuses', example: 'new,assigned' }),
  type: z.enum(TICKET_TYPES).optional(),
  service: z.string().optional(),
  team: z.string().optional(),
  agent: z.string().optional(),
  requester: z.string().optional(),
  establishment: z.string().optional(),
  priority: z
    .string()
    .optional()
    .openapi({ description: 'Comma-separated priorities', example: 'critical,high' }),
  createdFrom: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Created at or after' }),
  createdTo: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Created before' }),
  updatedFrom: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Last changed at or after' }),
  updatedTo: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Last changed before' }),
  sort: z.enum(TICKET_SORTS).optional().openapi({
    description:
      'Order; `-` for descending. Default `-createdAt`. `dueAt`: earliest service-level due date first (tickets on which the caller is staff)',
  }),
  queue: z.enum(TICKET_QUEUES).optional(),
  sla: z.enum(SLA_FILTERS).optional().openapi({
    description:
      'Only tickets past a service-level target (`breached`) or past its warning threshold (`at_risk`); only tickets on which the caller is staff',
  }),
  q: z.string().optional().openapi({ description: 'Accent-insensitive French full text' }),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  after: z.string().optional(),
});

const idempotencyKey = {
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description: 'Retrying with the same key and body returns the first response and changes nothing',
    }),
};
/** Headers of POST routes that change a ticket. */
export const PostHeadersSchema = IfMatchHeadersSchema.extend(idempotencyKey);
/** Headers of POST routes that create. */
export const CreateHeadersSchema = z.object(idempotencyKey);

export const etagOf = (version: number) => `"v${version}"`;

/** The version an If-Match names, or null when it names none we issued. */
export function versionFromIfMatch(header: string | undefined): number | null | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"v(\d+)"$/.exec(header.trim());
  return match ? Number(match[1]) : null;
}
