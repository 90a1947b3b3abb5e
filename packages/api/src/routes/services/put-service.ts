import { ServiceInputSchema } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { ServiceSchema } from './list-services.ts';

const { code: _code, ...fields } = ServiceInputSchema.shape;
const PutServiceBodySchema = z.object(fields).strict().openapi('PutService');

const route = createRoute({
  method: 'put',
  path: '/v1/services/{code}',
  operationId: 'putService',
  tags: ['catalogue'],
  summary: 'Create or update a service and its responsibility chain (functional admins); idempotent',
  request: {
    params: z.object({
      code: z
        .string()
        .min(1)
        .max(64)
        .openapi({ param: { name: 'code', in: 'path' }, example: 'moodle' }),
    }),
    body: { required: true, content: { 'application/json': { schema: PutServiceBodySchema } } },
  },
  responses: {
    200: {
      description: 'The service as the catalogue now shows it',
      content: { 'application/json': { schema: ServiceSchema } },
    },
    ...problemResponses,
  },
});

export function registerPutService(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { catalogue } = c.get('guichet');
    const code = c.req.valid('param').code;
    await catalogue.upsertService({ ...c.req.valid('json'), code }, c.get('caller'));
    type Node = z.infer<typeof ServiceSchema>;
    const find = (nodes: Node[]): Node | undefined =>
      nodes.length === 0
        ? undefined
        : (nodes.find((n) => n.code === code) ?? find(nodes.flatMap((n) => n.children as Node[])));
    return c.json(
      ServiceSchema.parse(find(z.array(ServiceSchema).parse(await catalogue.listServices()))),
      200,
    );
  });
}
