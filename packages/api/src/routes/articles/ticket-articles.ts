import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { CreateHeadersSchema, ReferenceParamsSchema } from '../tickets/schemas.ts';
import { kbCaller } from './caller.ts';
import {
  ArticleHitSchema,
  ArticleSchema,
  articleBody,
  etagOf,
  FromTicketBodySchema,
  hitBody,
} from './schemas.ts';

const fromTicket = createRoute({
  method: 'post',
  path: '/v1/tickets/{reference}/articles',
  operationId: 'createArticleFromTicket',
  tags: ['knowledge base'],
  summary:
    'Write a draft known error from a resolved or closed ticket (title, symptom from the public conversation, solution, services, tags), linked both ways and recorded on its timeline',
  request: {
    params: ReferenceParamsSchema,
    headers: CreateHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: FromTicketBodySchema } } },
  },
  responses: {
    201: { description: 'The draft', content: { 'application/json': { schema: ArticleSchema } } },
    ...problemResponses,
  },
});

const ticketArticles = createRoute({
  method: 'get',
  path: '/v1/tickets/{reference}/articles',
  operationId: 'listTicketArticles',
  tags: ['knowledge base'],
  summary: 'The articles linked to a ticket that the caller may read',
  request: { params: ReferenceParamsSchema },
  responses: {
    200: {
      description: 'The articles',
      content: { 'application/json': { schema: z.array(ArticleHitSchema) } },
    },
    ...problemResponses,
  },
});

export function registerTicketArticles(app: OpenAPIHono<AppEnv>) {
  app.openapi(fromTicket, async (c) => {
    const article = await c
      .get('guichet')
      .knowledgeBase.createFromTicket(kbCaller(c), c.req.valid('param').reference, c.req.valid('json'));
    c.header('Location', `/v1/articles/${article.reference}`);
    c.header('ETag', etagOf(article.version));
    return c.json(articleBody(article), 201);
  });
  app.openapi(ticketArticles, async (c) => {
    const hits = await c.get('guichet').knowledgeBase.forTicket(kbCaller(c), c.req.valid('param').reference);
    return c.json(z.array(ArticleHitSchema).parse(hits.map(hitBody)), 200);
  });
}
