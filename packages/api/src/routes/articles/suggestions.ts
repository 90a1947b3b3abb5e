import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { CreateHeadersSchema } from '../tickets/schemas.ts';
import { kbCaller } from './caller.ts';
import { DeflectBodySchema, hitBody, SuggestionsSchema, SuggestQuerySchema, snippetHtml } from './schemas.ts';

const suggest = createRoute({
  method: 'get',
  path: '/v1/suggestions',
  operationId: 'getSuggestions',
  tags: ['knowledge base'],
  summary:
    'Before writing a ticket: published articles the caller may read and similar open tickets they may see, each with why it matched (recorded)',
  request: { query: SuggestQuerySchema },
  responses: {
    200: { description: 'The suggestions', content: { 'application/json': { schema: SuggestionsSchema } } },
    ...problemResponses,
  },
});

const deflect = createRoute({
  method: 'post',
  path: '/v1/suggestions/{suggestionId}/deflect',
  operationId: 'deflectSuggestion',
  tags: ['knowledge base'],
  summary: 'These suggestions answered the person: they gave up writing the ticket',
  request: {
    params: z.object({ suggestionId: z.string().openapi({ param: { name: 'suggestionId', in: 'path' } }) }),
    headers: CreateHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: DeflectBodySchema } } },
  },
  responses: { 204: { description: 'Recorded' }, ...problemResponses },
});

export function registerSuggestions(app: OpenAPIHono<AppEnv>) {
  app.openapi(suggest, async (c) => {
    const s = await c.get('guichet').knowledgeBase.suggest(kbCaller(c), c.req.valid('query'));
    return c.json(
      SuggestionsSchema.parse({
        ...s,
        articles: s.articles.map(hitBody),
        tickets: s.tickets.map((t) => ({ ...t, snippetHtml: snippetHtml(t.snippet) })),
      }),
      200,
    );
  });
  app.openapi(deflect, async (c) => {
    await c
      .get('guichet')
      .knowledgeBase.deflect(kbCaller(c), c.req.valid('param').suggestionId, c.req.valid('json'));
    return c.body(null, 204);
  });
}
