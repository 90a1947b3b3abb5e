import { ServiceInputSchema, ServicePatchSchema } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { ServiceSchema } from './list-services.ts';

const { code: _code, ...fields } = ServiceInputSchema.shape;
const PutServiceBodySchema = z.object(fields).strict().openapi('PutService');
const { code: _patchCode, ...patchFields } = ServicePatchSchema.shape;
const PatchServiceBodySchema = z.object(patchFields).strict().openapi('PatchService');

const CodeParamsSchema = z.object({
  code: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'code', in: 'path' }, example: 'moodle' }),
});
const serviceResponse = {
  200: {
    description: 'The service as the catalogue now shows it',
    content: { 'application/json': { schema: ServiceSchema } },
  },
  ...problemResponses,
};

const get = createRoute({
  method: 'get',
  path: '/v1/services/{code}',
  operationId: 'getService',
  tags: ['catalogue'],
  summary: 'One service with its responsibility chain and sub-services',
  request: { params: CodeParamsSchema },
  responses: serviceResponse,
});

const put = createRoute({
  method: 'put',
  path: '/v1/services/{code}',
  operationId: 'putService',
  tags: ['catalogue'],
  summary: 'Create or update a service and its responsibility chain (functional admins); idempotent',
  request: {
    params: CodeParamsSchema,
    body: { required: true, content: { 'application/json': { schema: PutServiceBodySchema } } },
  },
  responses: serviceResponse,
});

const patch = createRoute({
  method: 'patch',
  path: '/v1/services/{code}',
  operationId: 'patchService',
  tags: ['catalogue'],
  summary: 'Change some fields of an existing service (functional admins); the others keep their value',
  request: {
    params: CodeParamsSchema,
    body: { required: true, content: { 'application/json': { schema: PatchServiceBodySchema } } },
  },
  responses: serviceResponse,
});

export function registerServiceRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(get, async (c) => {
    const { catalogue } = c.get('guichet');
    return c.json(ServiceSchema.parse(await catalogue.describeService(c.req.valid('param').code)), 200);
  });
  app.openapi(put, async (c) => {
    const { catalogue } = c.get('guichet');
    const code = c.req.valid('param').code;
    await catalogue.upsertService({ ...c.req.valid('json'), code }, c.get('caller'));
    return c.json(ServiceSchema.parse(await catalogue.describeService(code)), 200);
  });
  app.openapi(patch, async (c) => {
    const { catalogue } = c.get('guichet');
    const code = c.req.valid('param').code;
    await catalogue.patchService(code, c.req.valid('json'), c.get('caller'));
    return c.json(ServiceSchema.parse(await catalogue.describeService(code)), 200);
  });
}
