import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { ProblemIncidentParamsSchema } from './schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/v1/problems/{reference}/incidents/{incident}',
  operationId: 'unlinkProblemIncident',
  tags: ['problems'],
  summary: 'Unlink an incident from the problem (recorded on the incident’s timeline)',
  request: { params: ProblemIncidentParamsSchema },
  responses: {
    204: { description: 'Unlinked' },
    ...problemResponses,
  },
});

export function registerUnlinkProblemIncident(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { reference, incident } = c.req.valid('param');
    await c.get('guichet').problems.unlink(c.get('caller'), reference, incident);
    return c.body(null, 204);
  });
}
