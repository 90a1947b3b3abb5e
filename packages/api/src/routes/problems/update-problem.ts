import { DomainError, translate } from '@guichet/core';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { ApiProblem, problemResponses } from '../../lib/problem.ts';
import { IfMatchHeadersSchema, versionFromIfMatch } from '../tickets/schemas.ts';
import { ProblemParamsSchema, ProblemSchema, problemEtag, UpdateProblemBodySchema } from './schemas.ts';

const route = createRoute({
  method: 'put',
  path: '/v1/problems/{reference}',
  operationId: 'updateProblem',
  tags: ['problems'],
  summary:
    'Change a problem’s analysis (moderators and technicians of its service, functional admins); the fields given only, `null` clears one',
  request: {
    params: ProblemParamsSchema,
    headers: IfMatchHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: UpdateProblemBodySchema } } },
  },
  responses: {
    200: { description: 'The problem', content: { 'application/json': { schema: ProblemSchema } } },
    ...problemResponses,
  },
});

export function registerUpdateProblem(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const ifMatch = c.req.valid('header')['if-match'];
    const expected = versionFromIfMatch(ifMatch);
    const stale = (current: string) =>
      new ApiProblem(
        'PRECONDITION_FAILED',
        translate(c.get('lang'), 'api.problem_precondition_failed', { given: ifMatch ?? '', current }),
        'problem_stale_version',
      );
    if (expected === null) throw stale('?');
    try {
      const view = await c
        .get('guichet')
        .problems.update(
          c.get('caller'),
          c.req.valid('param').reference,
          c.req.valid('json'),
          expected !== undefined ? { expectedVersion: expected } : {},
        );
      c.header('ETag', problemEtag(view.version));
      return c.json(ProblemSchema.parse({ view: 'staff', ...view }), 200);
    } catch (error) {
      if (error instanceof DomainError && error.details.rule === 'problem_stale_version') {
        throw stale(problemEtag(Number(error.details.params?.actual ?? 0)));
      }
      throw error;
    }
  });
}
