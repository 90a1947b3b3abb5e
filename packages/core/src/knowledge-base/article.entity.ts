import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Ticket } from '../tickets/ticket.entity.ts';
import {
  ARTICLE_KINDS,
  ARTICLE_LANGUAGES,
  ARTICLE_STATUSES,
  AUDIENCES,
  REVISION_ACTIONS,
  VOTE_VALUES,
} from './article.types.ts';

/**
 * A knowledge-base article. Its status changes only through the rules of `article.rules.ts`; every
 * change writes an immutable `ArticleRevision`; `version` makes a stale write fail with CONFLICT.
 * `searchVector` is computed by the database (see the knowledge-base search migration): the title
 * weighs most (A), then the tags (B), the summary and symptom (C), the body and the rest (D), each
 * stemmed in the article's language, accents ignored.
 */
export const ArticleSchema = defineEntity({
  name: 'Article',
  properties: {
    ...baseProperties,
    /** Human reference, e.g. `KB-000042`, from a database sequence. */
    reference: p.string().length(16).unique(),
    title: p.string().length(300),
    summary: p.text().default(''),
    /** Markdown. */
    body: p.text().default(''),
    kind: p.enum(ARTICLE_KINDS),
    /** Known errors: what the person sees, why, how to get by meanwhile, the fix. */
    symptom: p.text().nullable(),
    cause: p.text().nullable(),
    workaround: p.text().nullable(),
    solution: p.text().nullable(),
    language: p.enum(ARTICLE_LANGUAGES),
    /** The same article in the other language (linked both ways). */
    translation: () => p.manyToOne(Article).nullable().deleteRule('set null'),
    /** Services and sub-services the article is about (ids; the catalogue names them by code). */
    serviceIds: p.array().columnType('uuid[]').default([]),
    /** Codes of the tag vocabulary (`kb_tag`). */
    tags: p.array().default([]),
    audience: p.enum(AUDIENCES).default('internal'),
    status: p.enum(ARTICLE_STATUSES).default('draft'),
    owner: () => p.manyToOne(Person),
    reviewerIds: p.array().columnType('uuid[]').default([]),
    linkedProblem: () => p.manyToOne(Ticket).nullable().deleteRule('set null'),
    reviewBy: p.datetime().nullable(),
    publishedAt: p.datetime().nullable(),
    /** Number of the current revision (the last one written). */
    revision: p.integer().default(1),
    version: p.integer().version(),
    searchVector: p
      .type('tsvector')
      .generated(
        '(guichet_kb_vector(language, title, tags, summary, symptom, body, cause, workaround, solution)) stored',
      )
      .lazy()
      .hidden(),
  },
  indexes: [
    { properties: ['searchVector'], type: 'gin' },
    { properties: ['tags'], type: 'gin' },
    { properties: ['serviceIds'], type: 'gin' },
    {
      name: 'article_unpublished_index',
      expression: `create index "article_unpublished_index" on "article" ("status", "audience") where status <> 'published'`,
    },
    { properties: ['updatedAt', 'id'] },
    {
      name: 'article_title_trgm_index',
      expression:
        'create index "article_title_trgm_index" on "article" using gin (guichet_unaccent(lower(title)) gin_trgm_ops)',
    },
  ],
});
export class Article extends ArticleSchema.class {}
ArticleSchema.setClass(Article);

/** An article's content as a revision keeps it (people by id, services by id). */
export interface ArticleSnapshot {
  title: string;
  summary: string;
  body: string;
  kind: string;
  symptom: string | null;
  cause: string | null;
  workaround: string | null;
  solution: string | null;
  language: string;
  serviceIds: string[];
  tags: string[];
  audience: string;
  status: string;
  ownerId: string;
  reviewerIds: string[];
  linkedProblemId: string | null;
  reviewBy: string | null;
  translationId: string | null;
}

/**
 * One change of an article, immutable (a database trigger refuses UPDATE, and DELETE except when
 * the article itself is deleted): who, when, what changed, and the whole content after the change.
 */
export const ArticleRevisionSchema = defineEntity({
  name: 'ArticleRevision',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    article: () => p.manyToOne(Article).deleteRule('cascade'),
    number: p.integer(),
    action: p.enum(REVISION_ACTIONS),
    author: () => p.manyToOne(Person),
    /** Names of the fields that changed (`status` included). */
    changes: p.json<string[]>(),
    snapshot: p.json<ArticleSnapshot>(),
    /** The revision a restore brought back. */
    restoredFrom: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['article', 'number'] }],
});
export class ArticleRevision extends ArticleRevisionSchema.class {}
ArticleRevisionSchema.setClass(ArticleRevision);

/** "Helpful / not helpful": one vote per person per revision (a second vote changes the first). */
export const ArticleVoteSchema = defineEntity({
  name: 'ArticleVote',
  properties: {
    ...baseProperties,
    article: () => p.manyToOne(Article).deleteRule('cascade'),
    revision: p.integer(),
    person: () => p.manyToOne(Person).deleteRule('cascade'),
    value: p.enum(VOTE_VALUES),
  },
  uniques: [{ properties: ['article', 'revision', 'person'] }],
});
export class ArticleVote extends ArticleVoteSchema.class {}
ArticleVoteSchema.setClass(ArticleVote);

export const ARTICLE_LINK_RELATIONS = ['source', 'related'] as const;

/** An article linked to a ticket: `source` when it was written from that ticket's resolution. */
export const ArticleTicketLinkSchema = defineEntity({
  name: 'ArticleTicketLink',
  properties: {
    ...baseProperties,
    article: () => p.manyToOne(Article).deleteRule('cascade'),
    ticket: () => p.manyToOne(Ticket).deleteRule('cascade').index(),
    relation: p.enum(ARTICLE_LINK_RELATIONS).default('related'),
    createdBy: () => p.manyToOne(Person),
  },
  uniques: [{ properties: ['article', 'ticket'] }],
});
export class ArticleTicketLink extends ArticleTicketLinkSchema.class {}
ArticleTicketLinkSchema.setClass(ArticleTicketLink);
