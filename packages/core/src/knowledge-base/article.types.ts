/** Vocabulary of the knowledge base, shared by the rules, the entities, the service and the adapters. */

export const ARTICLE_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** How-to, known error (symptom / cause / workaround / solution) or frequently asked question. */
export const ARTICLE_KINDS = ['how_to', 'known_error', 'faq'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

/**
 * Who may read a published article: `internal` staff only, `requesters` any signed-in person,
 * `public` anyone, without signing in.
 */
export const AUDIENCES = ['internal', 'requesters', 'public'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The languages an article is written in (each has its own stemming). */
export const ARTICLE_LANGUAGES = ['fr', 'en'] as const;
export type ArticleLanguage = (typeof ARTICLE_LANGUAGES)[number];

export const VOTE_VALUES = ['helpful', 'not_helpful'] as const;
export type VoteValue = (typeof VOTE_VALUES)[number];

/** What each revision records having done. */
export const REVISION_ACTIONS = [
  'created',
  'created_from_ticket',
  'edited',
  'submitted',
  'published',
  'returned_to_draft',
  'archived',
  'restored',
] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];
