import { z } from 'zod';
import {
  ARTICLE_KINDS,
  ARTICLE_LANGUAGES,
  ARTICLE_STATUSES,
  AUDIENCES,
  VOTE_VALUES,
} from './article.types.ts';

/**
 * Input shapes of the knowledge-base use cases. Services and tags are named by code, people by
 * email (or id), tickets and articles by reference.
 */
const code = z.string().trim().min(1).max(64);
const personKey = z.string().trim().min(1).max(320);
const ticketRef = z.string().trim().min(1).max(32);
const articleRef = z.string().trim().min(1).max(16);
const optionalText = (max: number) => z.string().trim().max(max);

const content = {
  title: z.string().trim().min(1).max(300),
  summary: optionalText(2_000),
  body: optionalText(100_000),
  kind: z.enum(ARTICLE_KINDS),
  symptom: optionalText(20_000).nullable(),
  cause: optionalText(20_000).nullable(),
  workaround: optionalText(20_000).nullable(),
  solution: optionalText(20_000).nullable(),
  language: z.enum(ARTICLE_LANGUAGES),
  services: z.array(code).max(20),
  tags: z.array(code).max(30),
  audience: z.enum(AUDIENCES),
  owner: personKey,
  reviewers: z.array(personKey).max(20),
  linkedProblem: ticketRef.nullable(),
  linkedTickets: z.array(ticketRef).max(100),
  reviewBy: z.coerce.date().nullable(),
  /** The same article in the other language: linked both ways. */
  translation: articleRef.nullable(),
};

export const CreateArticleInputSchema = z
  .object({
    title: content.title,
    kind: content.kind,
    summary: content.summary.optional(),
    body: content.body.optional(),
    symptom: content.symptom.optional(),
    cause: content.cause.optional(),
    workaround: content.workaround.optional(),
    solution: content.solution.optional(),
    language: content.language.default('fr'),
    services: content.services.optional(),
    tags: content.tags.optional(),
    audience: content.audience.default('internal'),
    owner: content.owner.optional(),
    reviewers: content.reviewers.optional(),
    linkedProblem: content.linkedProblem.optional(),
    linkedTickets: content.linkedTickets.optional(),
    reviewBy: content.reviewBy.optional(),
    translation: content.translation.optional(),
  })
  .strict();
export type CreateArticleInput = z.input<typeof CreateArticleInputSchema>;

/** Only the fields given change; null clears an optional one. */
export const UpdateArticleInputSchema = z
  .object(
    Object.fromEntries(Object.entries(content).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof content]: z.ZodOptional<(typeof content)[K]>;
    },
  )
  .strict();
export type UpdateArticleInput = z.input<typeof UpdateArticleInputSchema>;

/** A status change; `publish` may set the audience it is published for at the same time. */
export const ArticleStatusInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('submit'), comment: optionalText(5_000).optional() }).strict(),
  z
    .object({
      action: z.literal('publish'),
      audience: z.enum(AUDIENCES).optional(),
      comment: optionalText(5_000).optional(),
    })
    .strict(),
  z.object({ action: z.literal('return_to_draft'), comment: optionalText(5_000).optional() }).strict(),
  z.object({ action: z.literal('archive'), comment: optionalText(5_000).optional() }).strict(),
]);
export type ArticleStatusInput = z.input<typeof ArticleStatusInputSchema>;

/** Overrides of the draft written from a resolved ticket. */
export const FromTicketInputSchema = z
  .object({
    title: content.title.optional(),
    summary: content.summary.optional(),
    language: content.language.optional(),
    audience: content.audience.optional(),
    tags: content.tags.optional(),
  })
  .strict();
export type FromTicketInput = z.input<typeof FromTicketInputSchema>;

export const VoteInputSchema = z.object({ value: z.enum(VOTE_VALUES) }).strict();
export type VoteInput = z.input<typeof VoteInputSchema>;

export const TagInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[\p{Ll}\p{N}][\p{Ll}\p{N}._-]*$/u),
    label: z.string().trim().min(1).max(200),
    synonyms: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  })
  .strict();
export type TagInput = z.input<typeof TagInputSchema>;

export const SearchArticlesInputSchema = z
  .object({
    q: z.string().trim().max(1_000).optional(),
    service: code.optional(),
    tag: code.optional(),
    kind: z.enum(ARTICLE_KINDS).optional(),
    language: z.enum(ARTICLE_LANGUAGES).optional(),
    status: z.enum(ARTICLE_STATUSES).optional(),
    audience: z.enum(AUDIENCES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    after: z.string().max(500).optional(),
  })
  .strict();
export type SearchArticlesInput = z.input<typeof SearchArticlesInputSchema>;

export const SuggestInputSchema = z
  .object({
    title: z.string().trim().max(300).default(''),
    description: z.string().trim().max(20_000).default(''),
    service: code.optional(),
    /** A ticket the caller works on: suggests articles and similar resolved tickets for it. */
    ticket: ticketRef.optional(),
    limit: z.coerce.number().int().min(1).max(20).default(5),
  })
  .strict()
  .refine((v) => v.ticket || `${v.title} ${v.description}`.trim().length > 0, {
    path: ['title'],
    message: 'title or description is required',
  });
export type SuggestInput = z.input<typeof SuggestInputSchema>;

export const DeflectInputSchema = z.object({ article: articleRef.optional() }).strict();
export type DeflectInput = z.input<typeof DeflectInputSchema>;
