import { z } from 'zod';
import { AnnouncementUpdateInputSchema } from '../announcements/announcement.schemas.ts';
import { PROBLEM_VISIBILITIES } from './problem.entity.ts';

/**
 * Input shapes of the problem use cases: tickets by reference, articles by reference, services by
 * code, like the rest of core.
 */
const reference = z.string().trim().min(1).max(32);
const code = z.string().trim().min(1).max(64);
const longText = z.string().trim().max(50_000);

/** Fields of the problem record to change; `null` clears one. */
export const UpdateProblemInputSchema = z
  .object({
    rootCause: longText.nullable().optional(),
    rootCauseVisibility: z.enum(PROBLEM_VISIBILITIES).optional(),
    workaround: longText.nullable().optional(),
    workaroundVisibility: z.enum(PROBLEM_VISIBILITIES).optional(),
    /** Reference of a knowledge-base article the caller may read, or null to unset it. */
    knownErrorArticle: reference.nullable().optional(),
  })
  .strict();
export type UpdateProblemInput = z.input<typeof UpdateProblemInputSchema>;

export const LinkIncidentInputSchema = z.object({ incident: reference }).strict();
export type LinkIncidentInput = z.input<typeof LinkIncidentInputSchema>;

export const ResolveIncidentsInputSchema = z
  .object({
    /** The solution written on each incident; by default the problem's own (once it is resolved). */
    solution: z.string().trim().min(1).max(50_000).optional(),
    /** Resolve the problem itself first (it must then be assigned; `service` defaults to its own). */
    resolveProblem: z.boolean().default(false),
    /** Service recorded on the problem's resolution when it has none yet. */
    service: code.optional(),
    /**
     * A `resolved` update posted, after the incidents, to every announcement linked to the problem
     * that is not resolved yet: `{fr, en?}`. The problem must be resolved (already, or by
     * `resolveProblem`). Without it, the announcements are left as they are (and listed as `open`).
     */
    announcementMessage: AnnouncementUpdateInputSchema.shape.message.optional(),
  })
  .strict();
export type ResolveIncidentsInput = z.input<typeof ResolveIncidentsInputSchema>;

export const SuggestIncidentsInputSchema = z
  .object({
    /** Days before and after the problem's creation. */
    windowDays: z.coerce.number().int().min(0).max(90).default(3),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type SuggestIncidentsInput = z.input<typeof SuggestIncidentsInputSchema>;
