import type { PersonRef } from '../tickets/ticket.views.ts';
import type { ArticleAction } from './article.rules.ts';
import type { MatchReason, SnippetSegment } from './article-search.ts';

/**
 * Plain, serialisable views of the knowledge base: codes, references and emails instead of ids.
 * What only staff may know of an article (owner, reviewers, linked tickets and problem, review
 * date) is empty for anyone else.
 */
export interface ArticleView {
  id: string;
  reference: string;
  title: string;
  summary: string;
  /** Markdown. */
  body: string;
  kind: string;
  symptom: string | null;
  cause: string | null;
  workaround: string | null;
  solution: string | null;
  language: string;
  /** Reference of the same article in the other language, when the caller may read it. */
  translation: string | null;
  services: string[];
  tags: string[];
  audience: string;
  status: string;
  owner: PersonRef | null;
  reviewers: PersonRef[];
  linkedTickets: string[];
  linkedProblem: string | null;
  reviewBy: string | null;
  publishedAt: string | null;
  revision: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Votes on the current revision, and the caller's own. */
  votes: { helpful: number; notHelpful: number; mine: string | null };
  /** What the caller may do now. */
  actions: ArticleAction[];
}

/** An article in search results and suggestions. */
export interface ArticleHit {
  id: string;
  reference: string;
  title: string;
  summary: string;
  kind: string;
  language: string;
  services: string[];
  tags: string[];
  audience: string;
  status: string;
  updatedAt: string;
  /** Relevance (higher first); 0 without a query. */
  rank: number;
  /** Where the query words are in the article's readable text; empty without a query. */
  snippet: SnippetSegment[];
  /** Why it matched; null without a query. */
  why: MatchReason | null;
}

export interface ArticlePage {
  items: ArticleHit[];
  next: string | null;
}

/** A possible duplicate (or, for staff, a similar resolved ticket) in suggestions. */
export interface TicketHit {
  reference: string;
  title: string;
  status: string;
  service: string | null;
  rank: number;
  /** From the title and description only (never notes, never the solution). */
  snippet: SnippetSegment[];
  why: MatchReason;
}

export interface SuggestionsView {
  /** Identifies what was shown, to say later that it answered the person (`deflect`). */
  id: string;
  articles: ArticleHit[];
  tickets: TicketHit[];
}

export interface RevisionView {
  number: number;
  action: string;
  author: PersonRef;
  changes: string[];
  restoredFrom: number | null;
  createdAt: string;
  /** The whole content after this revision (codes and emails). */
  content: Record<string, unknown>;
}

export interface TagView {
  code: string;
  label: string;
  synonyms: string[];
}
