import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { CreateHeadersSchema, IfMatchHeadersSchema } from '../tickets/schemas.ts';
import { kbCaller, withIfMatch } from './caller.ts';
import {
  ArticlePageSchema,
  ArticleParamsSchema,
  ArticleSchema,
  articleBody,
  CreateArticleBodySchema,
  etagOf,
  hitBody,
  OPTIONAL_BEARER,
  SearchQuerySchema,
  UpdateArticleBodySchema,
} from './schemas.ts';

const createArticle = createRoute({
  method: 'post',
  path: '/v1/articles',
  operationId: 'createArticle',
  tags: ['knowledge base'],
  summary: 'Write a draft article (technicians and moderators of its services)',
  request: {
    headers: CreateHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: CreateArticleBodySchema } } },
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: ArticleSchema } } },
    ...problemResponses,
  },
});

const listArticles = createRoute({
  method: 'get',
  path: '/v1/articles',
  operationId: 'searchArticles',
  tags: ['knowledge base'],
  summary:
    'Search the articles the caller may read (no token: published public ones), ranked with snippets and why each matched',
  security: OPTIONAL_BEARER,
  request: { query: SearchQuerySchema },
  responses: {
    200: { description: 'One page', content: { 'application/json': { schema: ArticlePageSchema } } },
    ...problemResponses,
  },
});

const getArticle = createRoute({
  method: 'get',
  path: '/v1/articles/{reference}',
  operationId: 'getArticle',
  tags: ['knowledge base'],
  summary: 'An article, its Markdown rendered to safe HTML (no token: published public ones)',
  security: OPTIONAL_BEARER,
  request: { params: ArticleParamsSchema },
  responses: {
    200: { description: 'The article', content: { 'application/json': { schema: ArticleSchema } } },
    ...problemResponses,
  },
});

const updateArticle = createRoute({
  method: 'patch',
  path: '/v1/articles/{reference}',
  operationId: 'updateArticle',
  tags: ['knowledge base'],
  summary: 'Change the fields given (a new revision)',
  request: {
    params: ArticleParamsSchema,
    headers: IfMatchHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: UpdateArticleBodySchema } } },
  },
  responses: {
    200: {
      description: 'The article after the change',
      content: { 'application/json': { schema: ArticleSchema } },
    },
    ...problemResponses,
  },
});

const deleteArticle = createRoute({
  method: 'delete',
  path: '/v1/articles/{reference}',
  operationId: 'deleteArticle',
  tags: ['knowledge base'],
  summary: 'Discard a draft that was never published (published ones are archived instead)',
  request: { params: ArticleParamsSchema, headers: IfMatchHeadersSchema },
  responses: { 204: { description: 'Deleted' }, ...problemResponses },
});

export function registerArticles(app: OpenAPIHono<AppEnv>) {
  app.openapi(createArticle, async (c) => {
    const article = await c.get('guichet').knowledgeBase.create(kbCaller(c), c.req.valid('json'));
    c.header('Location', `/v1/articles/${article.reference}`);
    c.header('ETag', etagOf(article.version));
    return c.json(articleBody(article), 201);
  });
  app.openapi(listArticles, async (c) => {
    const page = await c.get('guichet').knowledgeBase.search(kbCaller(c), c.req.valid('query'));
    return c.json(ArticlePageSchema.parse({ ...page, items: page.items.map(hitBody) }), 200);
  });
  app.openapi(getArticle, async (c) => {
    const article = await c.get('guichet').knowledgeBase.get(kbCaller(c), c.req.valid('param').reference);
    c.header('ETag', etagOf(article.version));
    return c.json(articleBody(article), 200);
  });
  app.openapi(updateArticle, async (c) => {
    const article = await withIfMatch(c, c.req.valid('header')['if-match'], (options) =>
      c
        .get('guichet')
        .knowledgeBase.update(kbCaller(c), c.req.valid('param').reference, c.req.valid('json'), options),
    );
    return c.json(articleBody(article), 200);
  });
  app.openapi(deleteArticle, async (c) => {
    await withIfMatch(c, c.req.valid('header')['if-match'], async (options) => {
      await c.get('guichet').knowledgeBase.delete(kbCaller(c), c.req.valid('param').reference, options);
      return undefined;
    });
    return c.body(null, 204);
  });
}
