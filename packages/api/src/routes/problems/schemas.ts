import {
  LinkIncidentInputSchema,
  PROBLEM_OPERATIONS,
  PROBLEM_VISIBILITIES,
  ResolveIncidentsInputSchema,
  TICKET_STATUSES,
  UpdateProblemInputSchema,
} from '@guichet/core';
import { z } from '@hono/zod-openapi';

// Core's schemas were built before @hono/zod-openapi extended zod: wrap their shapes to name them.
export const UpdateProblemBodySchema = z
  .object(UpdateProblemInputSchema.shape)
  .strict()
  .openapi('UpdateProblem', {
    example: {
      rootCause: 'Réplica PostgreSQL désynchronisé après la rotation du mot de passe',
      rootCauseVisibility: 'internal',
      workaround: 'Se reconnecter après une minute',
      knownErrorArticle: 'KB-000042',
    },
  });

export const LinkIncidentBodySchema = z
  .object(LinkIncidentInputSchema.shape)
  .strict()
  .openapi('LinkIncident', { example: { incident: 'GU-2026-000043' } });

export const ResolveIncidentsBodySchema = z
  .object(ResolveIncidentsInputSchema.shape)
  .strict()
  .openapi('ResolveIncidents', {
    example: {
      resolveProblem: true,
      solution: 'Réplica resynchronisé ; reconnectez-vous.',
      announcementMessage: {
        fr: 'OpenINSA fonctionne de nouveau normalement.',
        en: 'OpenINSA is working normally again.',
      },
    },
  });

export const SuggestQuerySchema = z.object({
  windowDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(90)
    .optional()
    .openapi({ description: 'Days before and after the problem’s creation (default 3)', example: 3 }),
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ example: 20 }),
});

export const ProblemParamsSchema = z.object({
  reference: z
    .string()
    .min(1)
    .max(32)
    .openapi({ param: { name: 'reference', in: 'path' }, example: 'GU-2026-000042' }),
});

export const ProblemIncidentParamsSchema = ProblemParamsSchema.extend({
  incident: z
    .string()
    .min(1)
    .max(32)
    .openapi({ param: { name: 'incident', in: 'path' }, example: 'GU-2026-000043' }),
});

const status = z.enum(TICKET_STATUSES);
const visibility = z.enum(PROBLEM_VISIBILITIES);

const ProblemTicketSchema = z.object({
  reference: z.string(),
  title: z.string(),
  status,
  service: z.string().nullable(),
});

const StaffProblemSchema = z
  .object({
    view: z.literal('staff'),
    problem: ProblemTicketSchema.extend({
      solution: z.string().nullable(),
      resolvedAt: z.string().nullable(),
    }),
    rootCause: z.string().nullable(),
    rootCauseVisibility: visibility,
    workaround: z.string().nullable(),
    workaroundVisibility: visibility,
    knownErrorArticle: z.string().nullable().openapi({ description: 'When the caller may read it' }),
    incidentCount: z.number().int().openapi({ description: 'Linked incidents the caller may see' }),
    version: z.number().int().openapi({ description: '0 before the record is first written' }),
    updatedAt: z.string().nullable(),
    operations: z.array(z.enum(PROBLEM_OPERATIONS)),
  })
  .openapi('ProblemDetails', { description: 'The whole record, for staff of the problem' });

const PublicProblemSchema = z
  .object({
    view: z.literal('public'),
    problem: ProblemTicketSchema,
    workaround: z.string().nullable().openapi({ description: 'Only when public' }),
    rootCause: z.string().nullable().openapi({ description: 'Only when public' }),
    knownErrorArticle: z.string().nullable(),
  })
  .openapi('ProblemSummary', { description: 'What a requester may read: nothing internal, no counts' });

export const ProblemSchema = z
  .discriminatedUnion('view', [StaffProblemSchema, PublicProblemSchema])
  .openapi('ProblemAnalysis');

export const LinkedIncidentSchema = z
  .object({
    reference: z.string(),
    title: z.string(),
    status,
    type: z.string().nullable(),
    service: z.string().nullable(),
    establishment: z.string().nullable(),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .openapi('LinkedIncident');

export const ResolveIncidentsReportSchema = z
  .object({
    problem: z.object({
      reference: z.string(),
      status,
      outcome: z.enum(['resolved', 'unchanged']),
    }),
    incidents: z.array(
      z.discriminatedUnion('outcome', [
        z.object({ reference: z.string(), outcome: z.literal('resolved'), status }),
        z.object({ reference: z.string(), outcome: z.literal('skipped'), status }),
        z.object({
          reference: z.string(),
          outcome: z.literal('refused'),
          code: z.string(),
          rule: z.string().nullable(),
          message: z.string(),
        }),
      ]),
    ),
    notVisible: z
      .number()
      .int()
      .openapi({ description: 'Linked incidents the caller cannot see, left as they are' }),
    announcements: z
      .array(
        z.discriminatedUnion('outcome', [
          z.object({ id: z.string(), outcome: z.literal('resolved') }),
          z.object({ id: z.string(), outcome: z.literal('open') }),
          z.object({
            id: z.string(),
            outcome: z.literal('refused'),
            code: z.string(),
            rule: z.string().nullable(),
            message: z.string(),
          }),
        ]),
      )
      .openapi({
        description:
          'Announcements linked to the problem that were not resolved before the call: `resolved` (a `resolved` update with `announcementMessage` was posted), `open` (no message given), `refused` (why)',
      }),
  })
  .openapi('ResolveIncidentsReport');

export const SuggestedIncidentSchema = z
  .object({
    reference: z.string(),
    title: z.string(),
    status,
    service: z.string().nullable(),
    createdAt: z.string(),
    score: z.number(),
    reasons: z.array(
      z.object({
        kind: z.enum(['same_service', 'time_window', 'similar_title', 'shared_terms']),
        value: z.union([z.string(), z.number()]),
        terms: z.array(z.string()).optional(),
      }),
    ),
  })
  .openapi('SuggestedIncident');

export const problemEtag = (version: number) => `"v${version}"`;
