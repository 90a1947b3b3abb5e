import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { ReferenceParamsSchema } from '../tickets/schemas.ts';

const ClockSchema = z
  .object({
    state: z.enum(['not_started', 'running', 'paused', 'stopped']),
    elapsedMinutes: z.number().int().openapi({ description: 'Business minutes counted so far' }),
    targetMinutes: z.number().int().nullable(),
    remainingMinutes: z.number().int().nullable().openapi({ description: 'Negative once breached' }),
    dueAt: z
      .string()
      .nullable()
      .openapi({ description: 'When the target is reached if the clock keeps running' }),
    breached: z.boolean(),
    breachedAt: z.string().nullable(),
  })
  .openapi('SlaClock');

export const TicketServiceLevelSchema = z
  .object({
    reference: z.string(),
    target: z
      .object({
        code: z.string(),
        service: z.string(),
        priority: z.string().nullable(),
        type: z.string().nullable(),
        calendar: z.string(),
        pauseWhileProvider: z.boolean(),
      })
      .nullable()
      .openapi({ description: 'The target that applies; null when none does' }),
    firstResponse: ClockSchema.nullable(),
    resolution: ClockSchema.nullable(),
    computedAt: z.string(),
  })
  .openapi('TicketServiceLevel');

const route = createRoute({
  method: 'get',
  path: '/v1/tickets/{reference}/service-levels',
  operationId: 'getTicketServiceLevels',
  tags: ['service levels'],
  summary:
    'The target that applies to a ticket and its two clocks (first response, resolution) in business time, read from its timeline now (staff on the ticket)',
  request: { params: ReferenceParamsSchema },
  responses: {
    200: {
      description: 'The service levels',
      content: { 'application/json': { schema: TicketServiceLevelSchema } },
    },
    ...problemResponses,
  },
});

export function registerTicketServiceLevels(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const view = await c
      .get('guichet')
      .serviceLevels.forTicket(c.get('caller'), c.req.valid('param').reference);
    c.header('Cache-Control', 'private, no-store');
    return c.json(TicketServiceLevelSchema.parse(view), 200);
  });
}
