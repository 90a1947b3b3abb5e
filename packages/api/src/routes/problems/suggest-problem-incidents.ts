import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { ProblemParamsSchema, SuggestedIncidentSchema, SuggestQuerySchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/problems/{reference}/suggested-incidents',
  operationId: 'suggestProblemIncidents',
  tags: ['problems'],
  summary:
    'Open incidents not yet linked, on the problem’s service, created within the window around it, with similar text; each says why it matched',
  request: { params: ProblemParamsSchema, query: SuggestQuerySchema },
  responses: {
    200: {
      description: 'Suggestions, best first',
      content: { 'application/json': { schema: z.array(SuggestedIncidentSchema) } },
    },
    ...problemResponses,
  },
});

export function registerSuggestProblemIncidents(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const items = await c.get('guichet').problems.suggest(c.get('caller'), c.req.valid('param').reference, {
      ...(query.windowDays !== undefined ? { windowDays: query.windowDays } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
    return c.json(z.array(SuggestedIncidentSchema).parse(items), 200);
  });
}
