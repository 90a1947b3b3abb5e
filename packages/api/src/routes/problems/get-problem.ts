import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { ProblemParamsSchema, ProblemSchema, problemEtag } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/problems/{reference}',
  operationId: 'getProblem',
  tags: ['problems'],
  summary:
    'A problem ticket’s analysis (root cause, workaround, known-error article): the whole record for its staff, a public summary for anyone else who may see it',
  request: { params: ProblemParamsSchema },
  responses: {
    200: {
      description: 'The problem; ETag is the record’s version',
      content: { 'application/json': { schema: ProblemSchema } },
    },
    ...problemResponses,
  },
});

export function registerGetProblem(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const view = await c.get('guichet').problems.get(c.get('caller'), c.req.valid('param').reference);
    if (view.view === 'staff') c.header('ETag', problemEtag(view.version));
    return c.json(ProblemSchema.parse(view), 200);
  });
}
