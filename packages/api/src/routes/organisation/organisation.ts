import { EstablishmentInputSchema, ProviderInputSchema, TeamInputSchema } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { PersonRefSchema } from '../tickets/schemas.ts';

export const EstablishmentSchema = z
  .object({ code: z.string(), name: z.string(), mailDomains: z.array(z.string()) })
  .openapi('Establishment');
export const TeamSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    establishment: z.string().nullable(),
    members: z.array(PersonRefSchema),
  })
  .openapi('Team');
export const ProviderSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    contact: z.string().nullable(),
    supportUrl: z.string().nullable(),
  })
  .openapi('Provider');

const list = (path: string, operationId: string, summary: string, schema: z.ZodType) =>
  createRoute({
    method: 'get',
    path,
    operationId,
    tags: ['organisation'],
    summary,
    responses: {
      200: { description: summary, content: { 'application/json': { schema: z.array(schema) } } },
      ...problemResponses,
    },
  });

const CodeParamsSchema = z.object({
  code: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'code', in: 'path' }, example: 'vr-room' }),
});
const withoutCode = <S extends z.ZodRawShape>(shape: S) => {
  const { code: _code, ...fields } = shape;
  return fields;
};
const PutEstablishmentSchema = z
  .object(withoutCode(EstablishmentInputSchema.shape))
  .strict()
  .openapi('PutEstablishment');
const PutTeamSchema = z.object(withoutCode(TeamInputSchema.shape)).strict().openapi('PutTeam');
const PutProviderSchema = z.object(withoutCode(ProviderInputSchema.shape)).strict().openapi('PutProvider');

const put = <B extends z.ZodType>(
  path: string,
  operationId: string,
  summary: string,
  body: B,
  schema: z.ZodType,
) =>
  createRoute({
    method: 'put',
    path,
    operationId,
    tags: ['organisation'],
    summary,
    request: {
      params: CodeParamsSchema,
      body: { required: true, content: { 'application/json': { schema: body } } },
    },
    responses: {
      200: { description: 'As now stored', content: { 'application/json': { schema } } },
      ...problemResponses,
    },
  });

/** The one item with this code from a listing (just written, so it is there). */
const pick = <T extends { code: string }>(items: T[], code: string): T => {
  const found = items.find((i) => i.code === code);
  if (!found) throw new Error(`${code} vanished after its write`);
  return found;
};

export function registerOrganisation(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    put(
      '/v1/establishments/{code}',
      'putEstablishment',
      'Create or update an establishment (functional admins); idempotent',
      PutEstablishmentSchema,
      EstablishmentSchema,
    ),
    async (c) => {
      const { catalogue } = c.get('guichet');
      const { code } = c.req.valid('param');
      await catalogue.upsertEstablishment({ ...c.req.valid('json'), code }, c.get('caller'));
      return c.json(EstablishmentSchema.parse(pick(await catalogue.listEstablishments(), code)), 200);
    },
  );
  app.openapi(
    put(
      '/v1/teams/{code}',
      'putTeam',
      'Create or update a team (functional admins); members are its technicians, granted on /v1/people',
      PutTeamSchema,
      TeamSchema,
    ),
    async (c) => {
      const { catalogue } = c.get('guichet');
      const { code } = c.req.valid('param');
      await catalogue.upsertTeam({ ...c.req.valid('json'), code }, c.get('caller'));
      return c.json(TeamSchema.parse(pick(await catalogue.listTeams(), code)), 200);
    },
  );
  app.openapi(
    put(
      '/v1/providers/{code}',
      'putProvider',
      'Create or update an external provider (functional admins); idempotent',
      PutProviderSchema,
      ProviderSchema,
    ),
    async (c) => {
      const { catalogue } = c.get('guichet');
      const { code } = c.req.valid('param');
      await catalogue.upsertProvider({ ...c.req.valid('json'), code }, c.get('caller'));
      return c.json(ProviderSchema.parse(pick(await catalogue.listProviders(), code)), 200);
    },
  );
  app.openapi(
    list(
      '/v1/establishments',
      'listEstablishments',
      'The schools of the group, and the group',
      EstablishmentSchema,
    ),
    async (c) =>
      c.json(z.array(EstablishmentSchema).parse(await c.get('guichet').catalogue.listEstablishments()), 200),
  );
  app.openapi(
    list('/v1/teams', 'listTeams', 'Technician teams with their active members', TeamSchema),
    async (c) => c.json(z.array(TeamSchema).parse(await c.get('guichet').catalogue.listTeams()), 200),
  );
  app.openapi(
    list('/v1/providers', 'listProviders', 'External providers (vendors)', ProviderSchema),
    async (c) => c.json(z.array(ProviderSchema).parse(await c.get('guichet').catalogue.listProviders()), 200),
  );
}
