import type { ActionInput } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { actOnTicket } from './apply-ticket-action.ts';
import {
  ACTION_BODIES,
  IfMatchHeadersSchema,
  PostHeadersSchema,
  ReferenceParamsSchema,
  TicketSchema,
} from './schemas.ts';

// The editable fields: what core's `edit` action accepts under `changes`.
const EditShape = (ACTION_BODIES.edit!.shape.changes as z.ZodObject).shape;
export const UpdateTicketBodySchema = z.object(EditShape).strict().openapi('UpdateTicket');

const update = createRoute({
  method: 'patch',
  path: '/v1/tickets/{reference}',
  operationId: 'updateTicket',
  tags: ['tickets'],
  summary:
    'Change editable fields (title, description, type, impact, urgency, service, sub-service, establishment, linked problem)',
  request: {
    params: ReferenceParamsSchema,
    headers: IfMatchHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: UpdateTicketBodySchema } } },
  },
  responses: {
    200: {
      description: 'The ticket after the change',
      content: { 'application/json': { schema: TicketSchema } },
    },
    ...problemResponses,
  },
});

export const ProviderReferenceBodySchema = z
  .object(ACTION_BODIES.provider_escalate!.shape)
  .strict()
  .openapi('CreateProviderReference');
export const ProviderReferenceUpdateSchema = z
  .object({
    status: ACTION_BODIES.provider_update!.shape.status!,
    notes: ACTION_BODIES.provider_update!.shape.notes!,
  })
  .strict()
  .openapi('UpdateProviderReference');

const addReference = createRoute({
  method: 'post',
  path: '/v1/tickets/{reference}/provider-references',
  operationId: 'createProviderReference',
  tags: ['tickets'],
  summary: 'Record the ticket opened at an external provider (escalation)',
  request: {
    params: ReferenceParamsSchema,
    headers: PostHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: ProviderReferenceBodySchema } } },
  },
  responses: {
    200: {
      description: 'The ticket with the reference',
      content: { 'application/json': { schema: TicketSchema } },
    },
    ...problemResponses,
  },
});

const updateReference = createRoute({
  method: 'patch',
  path: '/v1/tickets/{reference}/provider-references/{referenceId}',
  operationId: 'updateProviderReference',
  tags: ['tickets'],
  summary: 'Record what became of the provider’s ticket (status, notes)',
  request: {
    params: ReferenceParamsSchema.extend({
      referenceId: z.uuid().openapi({ param: { name: 'referenceId', in: 'path' } }),
    }),
    headers: IfMatchHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: ProviderReferenceUpdateSchema } } },
  },
  responses: {
    200: {
      description: 'The ticket after the update',
      content: { 'application/json': { schema: TicketSchema } },
    },
    ...problemResponses,
  },
});

export function registerUpdateTicket(app: OpenAPIHono<AppEnv>) {
  app.openapi(update, async (c) => {
    const ticket = await actOnTicket(
      c,
      c.req.valid('param').reference,
      { action: 'edit', changes: c.req.valid('json') } as ActionInput,
      c.req.valid('header')['if-match'],
    );
    return c.json(TicketSchema.parse(ticket), 200);
  });
  app.openapi(addReference, async (c) => {
    const ticket = await actOnTicket(
      c,
      c.req.valid('param').reference,
      { action: 'provider_escalate', ...(c.req.valid('json') as object) } as ActionInput,
      c.req.valid('header')['if-match'],
    );
    return c.json(TicketSchema.parse(ticket), 200);
  });
  app.openapi(updateReference, async (c) => {
    const { reference, referenceId } = c.req.valid('param');
    const ticket = await actOnTicket(
      c,
      reference,
      { action: 'provider_update', referenceId, ...(c.req.valid('json') as object) } as ActionInput,
      c.req.valid('header')['if-match'],
    );
    return c.json(TicketSchema.parse(ticket), 200);
  });
}
