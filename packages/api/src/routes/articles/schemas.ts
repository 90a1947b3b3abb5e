import {
  ARTICLE_ACTIONS,
  ARTICLE_KINDS,
  ARTICLE_LANGUAGES,
  ARTICLE_STATUSES,
  type ArticleHit,
  type ArticleView,
  AUDIENCES,
  CreateArticleInputSchema,
  FromTicketInputSchema,
  REVISION_ACTIONS,
  type SnippetSegment,
  TagInputSchema,
  UpdateArticleInputSchema,
  VOTE_VALUES,
} from '@guichet/core';
import { z } from '@hono/zod-openapi';
import { PersonRefSchema } from '../tickets/schemas.ts';
import { escapeHtml, renderMarkdown } from './markdown.ts';

const SnippetSchema = z
  .array(z.object({ text: z.string(), match: z.boolean() }))
  .openapi({ description: 'Where the query words are: plain text segments, `match` for the words found' });

const MatchReasonSchema = z
  .object({
    fields: z.array(z.string()).openapi({ description: 'Fields that contain the query' }),
    words: z.array(z.string()).openapi({ description: 'Typed words found (normalized)' }),
    synonyms: z.array(z.object({ word: z.string(), tag: z.string(), term: z.string() })),
    corrections: z.array(z.object({ typed: z.string(), read: z.string() })),
    titleSimilarity: z.number().optional(),
  })
  .openapi('MatchReason');

export const ArticleSchema = z
  .object({
    id: z.uuid(),
    reference: z.string().openapi({ example: 'KB-000042' }),
    title: z.string(),
    summary: z.string(),
    body: z.string().openapi({ description: 'Markdown, as written' }),
    bodyHtml: z.string().openapi({ description: 'The body rendered to sanitized HTML' }),
    kind: z.enum(ARTICLE_KINDS),
    symptom: z.string().nullable(),
    cause: z.string().nullable(),
    workaround: z.string().nullable(),
    solution: z.string().nullable(),
    html: z
      .object({
        symptom: z.string().nullable(),
        cause: z.string().nullable(),
        workaround: z.string().nullable(),
        solution: z.string().nullable(),
      })
      .openapi({ description: 'The known-error fields rendered to sanitized HTML' }),
    language: z.enum(ARTICLE_LANGUAGES),
    translation: z.string().nullable(),
    services: z.array(z.string()),
    tags: z.array(z.string()),
    audience: z.enum(AUDIENCES),
    status: z.enum(ARTICLE_STATUSES),
    owner: z.union([PersonRefSchema, z.null()]).openapi({ description: 'Staff only' }),
    reviewers: z.array(PersonRefSchema).openapi({ description: 'Staff only' }),
    linkedTickets: z.array(z.string()).openapi({ description: 'Staff only' }),
    linkedProblem: z.string().nullable().openapi({ description: 'Staff only' }),
    reviewBy: z.string().nullable().openapi({ description: 'Staff only' }),
    publishedAt: z.string().nullable(),
    revision: z.number().int(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    votes: z.object({
      helpful: z.number().int(),
      notHelpful: z.number().int(),
      mine: z.enum(VOTE_VALUES).nullable(),
    }),
    actions: z.array(z.enum(ARTICLE_ACTIONS)),
  })
  .openapi('Article');

export const ArticleHitSchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    title: z.string(),
    summary: z.string(),
    kind: z.enum(ARTICLE_KINDS),
    language: z.enum(ARTICLE_LANGUAGES),
    services: z.array(z.string()),
    tags: z.array(z.string()),
    audience: z.enum(AUDIENCES),
    status: z.enum(ARTICLE_STATUSES),
    updatedAt: z.string(),
    rank: z.number(),
    snippet: SnippetSchema,
    snippetHtml: z
      .string()
      .openapi({ description: 'The snippet as HTML, escaped, the words found in `<mark>`' }),
    why: z.union([MatchReasonSchema, z.null()]),
  })
  .openapi('ArticleHit');

export const ArticlePageSchema = z
  .object({
    items: z.array(ArticleHitSchema),
    next: z.string().nullable(),
    total: z.number().int().openapi({
      description: 'How many articles the caller may read match, among those ranked (see `totalCapped`)',
    }),
    totalCapped: z.boolean().openapi({
      description:
        'There are more matches than `total`: on a large knowledge base, a query of common words ranks at most 500 articles that contain them together (and 500 that contain its rarer words)',
    }),
  })
  .openapi('ArticlePage');

export const TicketHitSchema = z
  .object({
    reference: z.string(),
    title: z.string(),
    status: z.string(),
    service: z.string().nullable(),
    rank: z.number(),
    snippet: SnippetSchema,
    snippetHtml: z.string(),
    why: MatchReasonSchema,
  })
  .openapi('TicketHit');

export const SuggestionsSchema = z
  .object({
    id: z.uuid().openapi({
      description: 'Say later that these answered the person: POST /v1/suggestions/{id}/deflect',
    }),
    articles: z.array(ArticleHitSchema),
    tickets: z.array(TicketHitSchema),
  })
  .openapi('Suggestions');

export const RevisionSchema = z
  .object({
    number: z.number().int(),
    action: z.enum(REVISION_ACTIONS),
    author: PersonRefSchema,
    changes: z.array(z.string()),
    restoredFrom: z.number().int().nullable(),
    createdAt: z.string(),
    content: z.record(z.string(), z.unknown()),
  })
  .openapi('ArticleRevision');

export const TagSchema = z
  .object({ code: z.string(), label: z.string(), synonyms: z.array(z.string()) })
  .openapi('Tag');

// Core's schemas wrapped in fresh objects the document can name (see tickets/schemas.ts).
export const CreateArticleBodySchema = z
  .object(CreateArticleInputSchema.shape)
  .strict()
  .openapi('CreateArticle', {
    example: {
      title: 'Opale : la génération ODT échoue',
      kind: 'known_error',
      symptom: 'La publication .odt s’arrête sur une erreur XSLT',
      solution: 'Mettre à jour Opale en 5.0.4',
      services: ['scenari.opale'],
      tags: ['libreoffice'],
    },
  });
export const UpdateArticleBodySchema = z
  .object(UpdateArticleInputSchema.shape)
  .strict()
  .openapi('UpdateArticle');
export const FromTicketBodySchema = z
  .object(FromTicketInputSchema.shape)
  .strict()
  .openapi('ArticleFromTicket');
export const TagBodySchema = z
  .object({ label: TagInputSchema.shape.label, synonyms: TagInputSchema.shape.synonyms })
  .strict()
  .openapi('TagBody');
export const VoteBodySchema = z
  .object({ value: z.enum(VOTE_VALUES) })
  .strict()
  .openapi('Vote');
export const StatusBodySchema = z
  .object({ comment: z.string().trim().max(5_000).optional(), audience: z.enum(AUDIENCES).optional() })
  .strict()
  .openapi('ArticleStatusChange', { description: '`audience` only with publish' });
export const DeflectBodySchema = z
  .object({ article: z.string().max(16).optional().openapi({ description: 'The article that answered' }) })
  .strict()
  .openapi('Deflect');

export const ArticleParamsSchema = z.object({
  reference: z
    .string()
    .min(1)
    .max(16)
    .openapi({ param: { name: 'reference', in: 'path' }, example: 'KB-000042' }),
});
export const RevisionParamsSchema = ArticleParamsSchema.extend({
  number: z.coerce
    .number()
    .int()
    .min(1)
    .openapi({ param: { name: 'number', in: 'path' }, example: 3 }),
});

export const SearchQuerySchema = z.object({
  q: z
    .string()
    .optional()
    .openapi({ description: 'Full text, French and English, accents and typos tolerated' }),
  service: z.string().optional().openapi({ description: 'A service code (its sub-services included)' }),
  tag: z.string().optional(),
  kind: z.enum(ARTICLE_KINDS).optional(),
  language: z.enum(ARTICLE_LANGUAGES).optional(),
  status: z.enum(ARTICLE_STATUSES).optional(),
  audience: z.enum(AUDIENCES).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  after: z.string().optional(),
});

export const SuggestQuerySchema = z.object({
  title: z.string().optional(),
  description: z.string().optional(),
  service: z.string().optional(),
  ticket: z
    .string()
    .optional()
    .openapi({ description: 'A ticket the caller works on: similar resolved tickets' }),
  limit: z.coerce.number().int().min(1).max(20).optional(),
});

export const etagOf = (version: number) => `"v${version}"`;

/** The snippet as escaped HTML, the words found in `<mark>`. */
export function snippetHtml(snippet: readonly SnippetSegment[]): string {
  return snippet.map((s) => (s.match ? `<mark>${escapeHtml(s.text)}</mark>` : escapeHtml(s.text))).join('');
}

/** An article with its Markdown rendered. */
export function articleBody(a: ArticleView): z.infer<typeof ArticleSchema> {
  return ArticleSchema.parse({
    ...a,
    bodyHtml: renderMarkdown(a.body) ?? '',
    html: {
      symptom: renderMarkdown(a.symptom),
      cause: renderMarkdown(a.cause),
      workaround: renderMarkdown(a.workaround),
      solution: renderMarkdown(a.solution),
    },
  });
}

export function hitBody(h: ArticleHit): z.infer<typeof ArticleHitSchema> {
  return ArticleHitSchema.parse({ ...h, snippetHtml: snippetHtml(h.snippet) });
}

/** Routes that answer without a token too (published public articles, the tag vocabulary). */
export const OPTIONAL_BEARER: { [scheme: string]: string[] }[] = [{}, { bearer: [] }];
