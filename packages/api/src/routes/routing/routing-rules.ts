import { RoutingRuleInputSchema, TICKET_TYPES } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';

const TICKET_TYPE = z.enum(TICKET_TYPES);
export const RoutingRuleSchema = z
  .object({
    code: z.string(),
    position: z.number().int(),
    active: z.boolean(),
    match: z.object({
      service: z.string().nullable(),
      type: TICKET_TYPE.nullable(),
      establishment: z.string().nullable(),
    }),
    team: z.string(),
    agent: z.string().nullable().openapi({ description: 'Preferred agent’s email' }),
    defaultType: TICKET_TYPE.nullable(),
  })
  .openapi('RoutingRule');

const { code: _code, ...fields } = RoutingRuleInputSchema.shape;
const PutRoutingRuleSchema = z.object(fields).strict().openapi('PutRoutingRule');

const list = createRoute({
  method: 'get',
  path: '/v1/routing-rules',
  operationId: 'listRoutingRules',
  tags: ['catalogue'],
  summary: 'Routing rules in the order they are tried; the first that matches a ticket wins (staff)',
  responses: {
    200: {
      description: 'Rules by ascending position',
      content: { 'application/json': { schema: z.array(RoutingRuleSchema) } },
    },
    ...problemResponses,
  },
});

const put = createRoute({
  method: 'put',
  path: '/v1/routing-rules/{code}',
  operationId: 'putRoutingRule',
  tags: ['catalogue'],
  summary: 'Create or update a routing rule (functional admins); idempotent',
  request: {
    params: z.object({
      code: z
        .string()
        .min(1)
        .max(64)
        .openapi({ param: { name: 'code', in: 'path' }, example: 'vr-room' }),
    }),
    body: { required: true, content: { 'application/json': { schema: PutRoutingRuleSchema } } },
  },
  responses: {
    200: {
      description: 'The rule as now stored',
      content: { 'application/json': { schema: RoutingRuleSchema } },
    },
    ...problemResponses,
  },
});

export function registerRoutingRules(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) =>
    c.json(
      z.array(RoutingRuleSchema).parse(await c.get('guichet').catalogue.listRoutingRules(c.get('caller'))),
      200,
    ),
  );
  app.openapi(put, async (c) => {
    const { catalogue } = c.get('guichet');
    const { code } = c.req.valid('param');
    await catalogue.upsertRoutingRule({ ...c.req.valid('json'), code }, c.get('caller'));
    const rule = (await catalogue.listRoutingRules()).find((r) => r.code === code);
    return c.json(RoutingRuleSchema.parse(rule), 200);
  });
}
