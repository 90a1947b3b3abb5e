import { DomainError, translate } from '@guichet/core';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { ApiProblem, problemResponses } from '../../lib/problem.ts';
import { etagOf, IfMatchHeadersSchema, versionFromIfMatch } from '../tickets/schemas.ts';
import { ProblemParamsSchema, ResolveIncidentsBodySchema, ResolveIncidentsReportSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/problems/{reference}/resolve-incidents',
  operationId: 'resolveProblemIncidents',
  tags: ['problems'],
  summary:
    'Resolve every open linked incident with the problem’s solution, each through its own resolve (own rules, events, notifications, version check); optionally resolve the problem first. Reports per incident resolved, skipped or refused; safe to run again',
  request: {
    params: ProblemParamsSchema,
    headers: IfMatchHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: ResolveIncidentsBodySchema } } },
  },
  responses: {
    200: {
      description: 'What happened to each incident',
      content: { 'application/json': { schema: ResolveIncidentsReportSchema } },
    },
    ...problemResponses,
  },
});

export function registerResolveProblemIncidents(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const ifMatch = c.req.valid('header')['if-match'];
    const expected = versionFromIfMatch(ifMatch);
    // If-Match names the problem ticket's version (its ETag from GET /v1/tickets/{reference}).
    const stale = (current: string) =>
      new ApiProblem(
        'PRECONDITION_FAILED',
        translate(c.get('lang'), 'api.precondition_failed', { given: ifMatch ?? '', current }),
        'stale_version',
      );
    if (expected === null) throw stale('?');
    try {
      const report = await c
        .get('guichet')
        .problems.resolveIncidents(c.get('caller'), c.req.valid('param').reference, c.req.valid('json'), {
          language: c.get('lang'),
          ...(expected === undefined ? {} : { expectedVersion: expected }),
        });
      return c.json(ResolveIncidentsReportSchema.parse(report), 200);
    } catch (error) {
      if (expected !== undefined && error instanceof DomainError && error.details.rule === 'stale_version') {
        throw stale(etagOf(Number(error.details.params?.actual ?? 0)));
      }
      throw error;
    }
  });
}
