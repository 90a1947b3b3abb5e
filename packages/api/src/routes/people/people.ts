import { PROFILES } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { MeSchema } from '../me/get-me.ts';

export const PersonSchema = MeSchema.omit({ scopes: true }).openapi('Person');
const PersonParamsSchema = z.object({
  person: z
    .string()
    .min(1)
    .max(320)
    .openapi({
      param: { name: 'person', in: 'path' },
      description: 'Email or id',
      example: 'vr.tech@insa-rennes.fr',
    }),
});
const GrantBodySchema = z
  .object({ profile: z.enum(PROFILES), service: z.string().optional(), team: z.string().optional() })
  .strict()
  .openapi('ProfileGrant');

const list = createRoute({
  method: 'get',
  path: '/v1/people',
  operationId: 'listPeople',
  tags: ['people'],
  summary: 'People with their profiles (staff only), searchable by email or name',
  request: {
    query: z.object({
      q: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    }),
  },
  responses: {
    200: { description: 'People', content: { 'application/json': { schema: z.array(PersonSchema) } } },
    ...problemResponses,
  },
});
const grant = createRoute({
  method: 'post',
  path: '/v1/people/{person}/profiles',
  operationId: 'grantProfile',
  tags: ['people'],
  summary: 'Grant a group-level profile (functional admins); granting one already held changes nothing',
  request: {
    params: PersonParamsSchema,
    body: { required: true, content: { 'application/json': { schema: GrantBodySchema } } },
  },
  responses: {
    200: {
      description: 'The person with their profiles',
      content: { 'application/json': { schema: PersonSchema } },
    },
    ...problemResponses,
  },
});
const revoke = createRoute({
  method: 'delete',
  path: '/v1/people/{person}/profiles',
  operationId: 'revokeProfile',
  tags: ['people'],
  summary: 'Revoke a group-level profile (functional admins)',
  request: { params: PersonParamsSchema, query: GrantBodySchema },
  responses: {
    200: {
      description: 'The person with their profiles',
      content: { 'application/json': { schema: PersonSchema } },
    },
    ...problemResponses,
  },
});

export function registerPeople(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const people = await c.get('guichet').catalogue.listPeople(c.get('caller'), c.req.valid('query'));
    return c.json(z.array(PersonSchema).parse(people), 200);
  });
  app.openapi(grant, async (c) => {
    const { catalogue } = c.get('guichet');
    const person = c.req.valid('param').person;
    await catalogue.grantProfile({ ...c.req.valid('json'), person }, c.get('caller'));
    return c.json(PersonSchema.parse(await catalogue.describePerson(person)), 200);
  });
  app.openapi(revoke, async (c) => {
    const { catalogue } = c.get('guichet');
    const person = c.req.valid('param').person;
    await catalogue.revokeProfile({ ...c.req.valid('query'), person }, c.get('caller'));
    return c.json(PersonSchema.parse(await catalogue.describePerson(person)), 200);
  });
}
