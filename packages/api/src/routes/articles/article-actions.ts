import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { PostHeadersSchema } from '../tickets/schemas.ts';
import { kbCaller, withIfMatch } from './caller.ts';
import {
  ArticleParamsSchema,
  ArticleSchema,
  articleBody,
  StatusBodySchema,
  VoteBodySchema,
} from './schemas.ts';

/** Status changes exposed as `POST /v1/articles/{reference}/actions/{path}`. */
const STATUS_PATHS = {
  submit: 'submit',
  publish: 'publish',
  return_to_draft: 'return-to-draft',
  archive: 'archive',
} as const;

const vote = createRoute({
  method: 'post',
  path: '/v1/articles/{reference}/votes',
  operationId: 'voteArticle',
  tags: ['knowledge base'],
  summary: 'Helpful or not: one vote per person per revision (voting again changes it)',
  request: {
    params: ArticleParamsSchema,
    headers: PostHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: VoteBodySchema } } },
  },
  responses: {
    200: {
      description: 'The article with its votes',
      content: { 'application/json': { schema: ArticleSchema } },
    },
    ...problemResponses,
  },
});

export function registerArticleActions(app: OpenAPIHono<AppEnv>) {
  for (const [action, path] of Object.entries(STATUS_PATHS)) {
    const camel = path.replace(/-(\w)/g, (_m, ch: string) => ch.toUpperCase());
    const route = createRoute({
      method: 'post',
      path: `/v1/articles/{reference}/actions/${path}`,
      operationId: `${camel}Article`,
      tags: ['knowledge base'],
      summary: `Article workflow: ${path}`,
      request: {
        params: ArticleParamsSchema,
        headers: PostHeadersSchema,
        body: { required: true, content: { 'application/json': { schema: StatusBodySchema } } },
      },
      responses: {
        200: {
          description: 'The article after the change',
          content: { 'application/json': { schema: ArticleSchema } },
        },
        ...problemResponses,
      },
    });
    app.openapi(route, async (c) => {
      const body = c.req.valid('json');
      const article = await withIfMatch(c, c.req.valid('header')['if-match'], (options) =>
        c
          .get('guichet')
          .knowledgeBase.changeStatus(
            kbCaller(c),
            c.req.valid('param').reference,
            { ...body, action } as Parameters<
              AppEnv['Variables']['guichet']['knowledgeBase']['changeStatus']
            >[2],
            options,
          ),
      );
      return c.json(articleBody(article), 200);
    });
  }
  app.openapi(vote, async (c) => {
    const article = await c
      .get('guichet')
      .knowledgeBase.vote(kbCaller(c), c.req.valid('param').reference, c.req.valid('json'));
    return c.json(articleBody(article), 200);
  });
}
