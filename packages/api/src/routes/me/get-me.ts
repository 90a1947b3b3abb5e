import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { ME_EXAMPLE } from '../examples.ts';

export const MeSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    establishment: z.string().nullable(),
    affiliation: z.string(),
    language: z.string(),
    active: z.boolean(),
    profiles: z.array(
      z.object({ profile: z.string(), service: z.string().nullable(), team: z.string().nullable() }),
    ),
    scopes: z.array(z.string()),
  })
  .openapi('Me', { example: ME_EXAMPLE });

const route = createRoute({
  method: 'get',
  path: '/v1/me',
  operationId: 'getMe',
  tags: ['people'],
  summary: 'The caller, their establishment and group-level profiles',
  responses: {
    200: { description: 'The caller', content: { 'application/json': { schema: MeSchema } } },
    ...problemResponses,
  },
});

export function registerGetMe(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const me = await c.get('guichet').catalogue.describePerson(c.get('caller').personId);
    return c.json(MeSchema.parse({ ...me, scopes: [...c.get('scopes')].sort() }), 200);
  });
}
