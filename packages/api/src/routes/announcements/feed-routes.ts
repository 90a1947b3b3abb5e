import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { OPTIONAL_BEARER } from '../articles/schemas.ts';
import { announcementCaller } from './caller.ts';
import { atomFeed, type FeedLinks, jsonFeed } from './feeds.ts';
import { sendRendered } from './http-cache.ts';
import { ConditionalHeadersSchema, FeedQuerySchema } from './schemas.ts';

const TAG = 'announcements';

const atomRoute = createRoute({
  method: 'get',
  path: '/v1/announcements/feed.atom',
  operationId: 'announcementsAtomFeed',
  tags: [TAG],
  summary:
    'The latest announcements as an Atom feed (no token: public ones), in the Accept-Language language',
  security: OPTIONAL_BEARER,
  request: { query: FeedQuerySchema, headers: ConditionalHeadersSchema },
  responses: {
    200: { description: 'Atom 1.0', content: { 'application/atom+xml': { schema: z.string() } } },
    304: { description: 'Not modified since the ETag given in If-None-Match' },
    ...problemResponses,
  },
});

const jsonRoute = createRoute({
  method: 'get',
  path: '/v1/announcements/feed.json',
  operationId: 'announcementsJsonFeed',
  tags: [TAG],
  summary: 'The latest announcements as a JSON Feed 1.1 (no token: public ones)',
  security: OPTIONAL_BEARER,
  request: { query: FeedQuerySchema, headers: ConditionalHeadersSchema },
  responses: {
    200: {
      description: 'JSON Feed 1.1',
      content: { 'application/feed+json': { schema: z.object({}).passthrough().openapi('JsonFeed') } },
    },
    304: { description: 'Not modified since the ETag given in If-None-Match' },
    ...problemResponses,
  },
});

function linksOf(url: string, file: string): FeedLinks {
  const u = new URL(url);
  const base = `${u.origin}/v1/announcements`;
  return { self: `${base}/${file}${u.search}`, item: (id) => `${base}/${id}` };
}

/** Feeds for intranets and feed readers; registered before `/v1/announcements/{id}`. */
export function registerAnnouncementFeeds(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    atomRoute,
    async (c) =>
      (await sendRendered(c, 'atom', async () => {
        const items = await c.get('guichet').announcements.feed(announcementCaller(c), c.req.valid('query'));
        return {
          payload: atomFeed(items, c.get('lang'), linksOf(c.req.url, 'feed.atom')),
          contentType: 'application/atom+xml; charset=utf-8',
        };
      })) as never,
  );
  app.openapi(
    jsonRoute,
    async (c) =>
      (await sendRendered(c, 'json', async () => {
        const items = await c.get('guichet').announcements.feed(announcementCaller(c), c.req.valid('query'));
        return {
          payload: jsonFeed(items, c.get('lang'), linksOf(c.req.url, 'feed.json')),
          contentType: 'application/feed+json; charset=utf-8',
        };
      })) as never,
  );
}
