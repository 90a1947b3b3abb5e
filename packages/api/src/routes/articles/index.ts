import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { registerArticleActions } from './article-actions.ts';
import { registerArticleRevisions } from './article-revisions.ts';
import { registerArticles } from './articles.ts';
import { registerSuggestions } from './suggestions.ts';
import { registerTags } from './tags.ts';
import { registerTicketArticles } from './ticket-articles.ts';

/** The knowledge base: articles, their workflow, revisions and votes, drafts from tickets, suggestions, tags. */
export function registerArticleRoutes(app: OpenAPIHono<AppEnv>) {
  registerArticles(app);
  registerArticleActions(app);
  registerArticleRevisions(app);
  registerTicketArticles(app);
  registerSuggestions(app);
  registerTags(app);
}

/** Requests that may come without a token: reading published public articles and the tag vocabulary. */
export function allowsAnonymous(method: string, path: string): boolean {
  return method === 'GET' && /^\/v1\/(articles(\/[^/]+)?|tags)\/?$/.test(path);
}
