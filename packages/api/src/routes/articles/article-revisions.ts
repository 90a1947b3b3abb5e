import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { PostHeadersSchema } from '../tickets/schemas.ts';
import { kbCaller, withIfMatch } from './caller.ts';
import {
  ArticleParamsSchema,
  ArticleSchema,
  articleBody,
  RevisionParamsSchema,
  RevisionSchema,
} from './schemas.ts';

const listRevisions = createRoute({
  method: 'get',
  path: '/v1/articles/{reference}/revisions',
  operationId: 'listArticleRevisions',
  tags: ['knowledge base'],
  summary: 'Every change of the article, newest first (for those who read its drafts)',
  request: { params: ArticleParamsSchema },
  responses: {
    200: {
      description: 'The revisions',
      content: { 'application/json': { schema: z.array(RevisionSchema) } },
    },
    ...problemResponses,
  },
});

const getRevision = createRoute({
  method: 'get',
  path: '/v1/articles/{reference}/revisions/{number}',
  operationId: 'getArticleRevision',
  tags: ['knowledge base'],
  summary: 'One revision, with the whole content after it',
  request: { params: RevisionParamsSchema },
  responses: {
    200: { description: 'The revision', content: { 'application/json': { schema: RevisionSchema } } },
    ...problemResponses,
  },
});

const restoreRevision = createRoute({
  method: 'post',
  path: '/v1/articles/{reference}/revisions/{number}/restore',
  operationId: 'restoreArticleRevision',
  tags: ['knowledge base'],
  summary: 'Bring back that revision’s content as a new revision (moderators of its services)',
  request: { params: RevisionParamsSchema, headers: PostHeadersSchema },
  responses: {
    200: {
      description: 'The article after the restore',
      content: { 'application/json': { schema: ArticleSchema } },
    },
    ...problemResponses,
  },
});

export function registerArticleRevisions(app: OpenAPIHono<AppEnv>) {
  app.openapi(listRevisions, async (c) => {
    const revisions = await c
      .get('guichet')
      .knowledgeBase.revisions(kbCaller(c), c.req.valid('param').reference);
    return c.json(z.array(RevisionSchema).parse(revisions), 200);
  });
  app.openapi(getRevision, async (c) => {
    const { reference, number } = c.req.valid('param');
    const revision = await c.get('guichet').knowledgeBase.revision(kbCaller(c), reference, number);
    return c.json(RevisionSchema.parse(revision), 200);
  });
  app.openapi(restoreRevision, async (c) => {
    const { reference, number } = c.req.valid('param');
    const article = await withIfMatch(c, c.req.valid('header')['if-match'], (options) =>
      c.get('guichet').knowledgeBase.restore(kbCaller(c), reference, number, options),
    );
    return c.json(articleBody(article), 200);
  });
}
