import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { LinkedIncidentSchema, ProblemParamsSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/problems/{reference}/incidents',
  operationId: 'listProblemIncidents',
  tags: ['problems'],
  summary: 'The incidents linked to a problem that the caller may see, with their states, oldest first',
  request: { params: ProblemParamsSchema },
  responses: {
    200: {
      description: 'The linked incidents',
      content: { 'application/json': { schema: z.array(LinkedIncidentSchema) } },
    },
    ...problemResponses,
  },
});

export function registerListProblemIncidents(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const items = await c.get('guichet').problems.incidents(c.get('caller'), c.req.valid('param').reference);
    return c.json(z.array(LinkedIncidentSchema).parse(items), 200);
  });
}
