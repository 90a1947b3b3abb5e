import { APPROVAL_POLICIES, SERVICE_STATUSES } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { SERVICE_EXAMPLE } from '../examples.ts';

const ServiceBase = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  parent: z.string().nullable(),
  status: z.enum(SERVICE_STATUSES),
  approvalPolicy: z.enum(APPROVAL_POLICIES),
  owner: z.string().nullable(),
  defaultTeam: z.string().nullable().openapi({
    description:
      'Team that receives a ticket on this service (or on a sub-service without its own) when no routing rule gives a technician: its least loaded active technician is assigned, with the type `request` unless the ticket has one. With no active technician there, the ticket stays `new` in the moderators’ queue.',
  }),
  provider: z.string().nullable(),
  moderators: z.array(z.string()),
  approvers: z.array(z.string()),
});
// Sub-services are one level deep in the catalogue today; the type allows any depth.
export const ServiceSchema = ServiceBase.extend({
  children: z.array(ServiceBase.extend({ children: z.array(z.unknown()) })),
}).openapi('Service', { example: SERVICE_EXAMPLE });

const route = createRoute({
  method: 'get',
  path: '/v1/services',
  operationId: 'listServices',
  tags: ['catalogue'],
  summary:
    'The service catalogue as a tree, with each responsibility chain (for the portal’s service picker)',
  responses: {
    200: {
      description: 'Root services with their sub-services',
      content: { 'application/json': { schema: z.array(ServiceSchema) } },
    },
    ...problemResponses,
  },
});

export function registerListServices(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(z.array(ServiceSchema).parse(await c.get('guichet').catalogue.listServices()), 200),
  );
}
