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

export function registerListOrganisation(app: OpenAPIHono<AppEnv>) {
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
