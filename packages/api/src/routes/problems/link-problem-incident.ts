import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { LinkedIncidentSchema, LinkIncidentBodySchema, ProblemParamsSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/problems/{reference}/incidents',
  operationId: 'linkProblemIncident',
  tags: ['problems'],
  summary:
    'Link an incident to the problem (recorded on the incident’s timeline); linking it again changes nothing, an incident on another problem is 409',
  request: {
    params: ProblemParamsSchema,
    body: { required: true, content: { 'application/json': { schema: LinkIncidentBodySchema } } },
  },
  responses: {
    200: {
      description: 'The linked incident',
      content: { 'application/json': { schema: LinkedIncidentSchema } },
    },
    ...problemResponses,
  },
});

export function registerLinkProblemIncident(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const linked = await c
      .get('guichet')
      .problems.link(c.get('caller'), c.req.valid('param').reference, c.req.valid('json'));
    return c.json(LinkedIncidentSchema.parse(linked), 200);
  });
}
