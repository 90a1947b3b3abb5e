import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { kbCaller } from './caller.ts';
import { OPTIONAL_BEARER, TagBodySchema, TagSchema } from './schemas.ts';

const listTags = createRoute({
  method: 'get',
  path: '/v1/tags',
  operationId: 'listTags',
  tags: ['knowledge base'],
  summary: 'The tag vocabulary with its synonyms (no token needed)',
  security: OPTIONAL_BEARER,
  responses: {
    200: { description: 'The tags', content: { 'application/json': { schema: z.array(TagSchema) } } },
    ...problemResponses,
  },
});

const putTag = createRoute({
  method: 'put',
  path: '/v1/tags/{code}',
  operationId: 'putTag',
  tags: ['knowledge base'],
  summary: 'Add a tag or replace its label and synonyms (moderators and functional admins)',
  request: {
    params: z.object({
      code: z.string().openapi({ param: { name: 'code', in: 'path' }, example: 'libreoffice' }),
    }),
    body: { required: true, content: { 'application/json': { schema: TagBodySchema } } },
  },
  responses: {
    200: { description: 'The tag', content: { 'application/json': { schema: TagSchema } } },
    ...problemResponses,
  },
});

export function registerTags(app: OpenAPIHono<AppEnv>) {
  app.openapi(listTags, async (c) => {
    const tags = await c.get('guichet').knowledgeBase.tags(kbCaller(c));
    return c.json(z.array(TagSchema).parse(tags), 200);
  });
  app.openapi(putTag, async (c) => {
    const tag = await c
      .get('guichet')
      .knowledgeBase.upsertTag(kbCaller(c), { code: c.req.valid('param').code, ...c.req.valid('json') });
    return c.json(TagSchema.parse(tag), 200);
  });
}
