import { CATALOGUE_KINDS, CATALOGUE_OPS, CatalogueDocumentSchema } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';

/** Catalogue as code: the whole catalogue as one document, its plan, its application. */
const DocumentSchema = z.object(CatalogueDocumentSchema.shape).strict().openapi('CatalogueDocument');

const PlanSchema = z
  .object({
    changes: z.array(
      z.object({
        kind: z.enum(CATALOGUE_KINDS),
        key: z
          .string()
          .openapi({ description: 'Code, email, or `person profile [service|team]` for profiles' }),
        op: z.enum(CATALOGUE_OPS),
        fields: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
      }),
    ),
  })
  .openapi('CataloguePlan');

const PruneQuerySchema = z.object({
  prune: z.enum(['true', 'false']).optional().openapi({
    description:
      'Also retire services, deactivate routing rules and revoke profiles the document does not name',
  }),
});

const planResponse = (description: string) => ({
  200: { description, content: { 'application/json': { schema: PlanSchema } } },
  ...problemResponses,
});

const exportRoute = createRoute({
  method: 'get',
  path: '/v1/catalogue',
  operationId: 'exportCatalogue',
  tags: ['catalogue'],
  summary: 'The whole catalogue as a document, in the format PUT takes (functional admins)',
  responses: {
    200: { description: 'The catalogue', content: { 'application/json': { schema: DocumentSchema } } },
    ...problemResponses,
  },
});

const planRoute = createRoute({
  method: 'post',
  path: '/v1/catalogue/plan',
  operationId: 'planCatalogue',
  tags: ['catalogue'],
  summary: 'What applying a catalogue document would change, field by field; writes nothing',
  request: {
    query: PruneQuerySchema,
    body: { required: true, content: { 'application/json': { schema: DocumentSchema } } },
  },
  responses: planResponse('The plan (no change when `changes` is empty)'),
});

const applyRoute = createRoute({
  method: 'put',
  path: '/v1/catalogue',
  operationId: 'applyCatalogue',
  tags: ['catalogue'],
  summary:
    'Apply a catalogue document in one transaction (functional admins): creates and updates what it names; idempotent',
  request: {
    query: PruneQuerySchema,
    body: { required: true, content: { 'application/json': { schema: DocumentSchema } } },
  },
  responses: planResponse('The changes made'),
});

export function registerCatalogueDocument(app: OpenAPIHono<AppEnv>) {
  app.openapi(exportRoute, async (c) =>
    c.json(DocumentSchema.parse(await c.get('guichet').catalogue.exportDocument(c.get('caller'))), 200),
  );
  app.openapi(planRoute, async (c) => {
    const prune = c.req.valid('query').prune === 'true';
    const plan = await c
      .get('guichet')
      .catalogue.applyDocument(c.req.valid('json'), { prune, dryRun: true }, c.get('caller'));
    return c.json(PlanSchema.parse(plan), 200);
  });
  app.openapi(applyRoute, async (c) => {
    const prune = c.req.valid('query').prune === 'true';
    const plan = await c
      .get('guichet')
      .catalogue.applyDocument(c.req.valid('json'), { prune }, c.get('caller'));
    return c.json(PlanSchema.parse(plan), 200);
  });
}
