import { DomainError, translate } from '@guichet/core';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/app-env.ts';
import { ApiProblem, problemResponses } from '../../lib/problem.ts';
import { OPTIONAL_BEARER } from '../articles/schemas.ts';
import { CreateHeadersSchema, IfMatchHeadersSchema } from '../tickets/schemas.ts';
import { announcementCaller } from './caller.ts';
import { etagFor, sendRendered, versionFromIfMatch } from './http-cache.ts';
import {
  AnnouncementPageSchema,
  AnnouncementParamsSchema,
  AnnouncementSchema,
  AnnouncementUpdateBodySchema,
  announcementBody,
  ConditionalHeadersSchema,
  CorrectAnnouncementBodySchema,
  CreateAnnouncementBodySchema,
  ListAnnouncementsQuerySchema,
  representation,
} from './schemas.ts';

const TAG = 'announcements';
const cacheHeaders = {
  ETag: { description: 'Changes whenever the representation does', schema: { type: 'string' as const } },
  'Cache-Control': {
    description: 'Anonymous reads: `public, max-age=30`; with a token: `no-store`',
    schema: { type: 'string' as const },
  },
};

const listAnnouncements = createRoute({
  method: 'get',
  path: '/v1/announcements',
  operationId: 'listAnnouncements',
  tags: [TAG],
  summary: 'Announcements the caller may read (no token: the public ones), filtered, one page',
  security: OPTIONAL_BEARER,
  request: { query: ListAnnouncementsQuerySchema, headers: ConditionalHeadersSchema },
  responses: {
    200: {
      description: 'One page',
      headers: cacheHeaders,
      content: { 'application/json': { schema: AnnouncementPageSchema } },
    },
    304: { description: 'Not modified since the ETag given in If-None-Match' },
    ...problemResponses,
  },
});

const getAnnouncement = createRoute({
  method: 'get',
  path: '/v1/announcements/{id}',
  operationId: 'getAnnouncement',
  tags: [TAG],
  summary: 'An announcement with its updates (no token: public ones)',
  security: OPTIONAL_BEARER,
  request: { params: AnnouncementParamsSchema, headers: ConditionalHeadersSchema },
  responses: {
    200: {
      description: 'The announcement',
      headers: cacheHeaders,
      content: { 'application/json': { schema: AnnouncementSchema } },
    },
    304: { description: 'Not modified since the ETag given in If-None-Match' },
    ...problemResponses,
  },
});

const createAnnouncement = createRoute({
  method: 'post',
  path: '/v1/announcements',
  operationId: 'createAnnouncement',
  tags: [TAG],
  summary:
    'Publish an announcement (moderators of all its services, or functional admins; about no service: functional admins)',
  request: {
    headers: CreateHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: CreateAnnouncementBodySchema } } },
  },
  responses: {
    201: {
      description: 'Published (with `notified` when `notify` was asked)',
      content: { 'application/json': { schema: AnnouncementSchema } },
    },
    ...problemResponses,
  },
});

const correctAnnouncement = createRoute({
  method: 'patch',
  path: '/v1/announcements/{id}',
  operationId: 'correctAnnouncement',
  tags: [TAG],
  summary: 'Correct the fields given (If-Match: the ETag read)',
  request: {
    params: AnnouncementParamsSchema,
    headers: IfMatchHeadersSchema,
    body: { required: true, content: { 'application/json': { schema: CorrectAnnouncementBodySchema } } },
  },
  responses: {
    200: {
      description: 'The announcement after the change',
      content: { 'application/json': { schema: AnnouncementSchema } },
    },
    ...problemResponses,
  },
});

const postAnnouncementUpdate = createRoute({
  method: 'post',
  path: '/v1/announcements/{id}/updates',
  operationId: 'postAnnouncementUpdate',
  tags: [TAG],
  summary: 'Post an update (investigating, identified, monitoring, resolved); resolved ends the announcement',
  request: {
    params: AnnouncementParamsSchema,
    headers: IfMatchHeadersSchema.merge(CreateHeadersSchema),
    body: { required: true, content: { 'application/json': { schema: AnnouncementUpdateBodySchema } } },
  },
  responses: {
    201: {
      description: 'The announcement with its new update',
      content: { 'application/json': { schema: AnnouncementSchema } },
    },
    ...problemResponses,
  },
});

/**
 * Runs a change with the version an If-Match names: a stale one is 412 (nothing written); without
 * If-Match a concurrent change still fails, with 409 CONFLICT.
 */
async function withIfMatch<T>(
  c: Context<AppEnv>,
  change: (options: { expectedVersion?: number }) => Promise<T>,
): Promise<T> {
  const given = c.req.header('If-Match');
  const expected = versionFromIfMatch(given);
  const stale = (current: string) =>
    new ApiProblem(
      'PRECONDITION_FAILED',
      translate(c.get('lang'), 'api.article_precondition_failed', { given: given ?? '', current }),
      'announcement_stale_version',
    );
  if (expected === null) throw stale('?');
  try {
    return await change(expected !== undefined ? { expectedVersion: expected } : {});
  } catch (error) {
    if (error instanceof DomainError && error.details.rule === 'announcement_stale_version') {
      throw stale(`"v${error.details.params?.actual ?? '?'}"`);
    }
    throw error;
  }
}

export function registerAnnouncements(app: OpenAPIHono<AppEnv>) {
  app.openapi(
    listAnnouncements,
    async (c) =>
      (await sendRendered(c, 'list', async () => {
        const page = await c.get('guichet').announcements.list(announcementCaller(c), c.req.valid('query'));
        const lang = c.get('lang');
        const body = AnnouncementPageSchema.parse({
          ...page,
          items: page.items.map((a) => announcementBody(a, lang)),
        });
        return { payload: JSON.stringify(body), contentType: 'application/json' };
      })) as never,
  );
  app.openapi(
    getAnnouncement,
    async (c) =>
      (await sendRendered(c, 'get', async () => {
        const a = await c.get('guichet').announcements.get(announcementCaller(c), c.req.valid('param').id);
        const payload = JSON.stringify(announcementBody(a, c.get('lang')));
        return { payload, contentType: 'application/json', version: a.version };
      })) as never,
  );
  app.openapi(createAnnouncement, async (c) => {
    const a = await c.get('guichet').announcements.create(announcementCaller(c), c.req.valid('json'));
    const body = announcementBody(a, c.get('lang'));
    c.header('Location', `/v1/announcements/${a.id}`);
    c.header('ETag', etagFor(representation(body), c.get('lang'), a.version));
    return c.json(body, 201);
  });
  app.openapi(correctAnnouncement, async (c) => {
    const a = await withIfMatch(c, (options) =>
      c
        .get('guichet')
        .announcements.correct(announcementCaller(c), c.req.valid('param').id, c.req.valid('json'), options),
    );
    const body = announcementBody(a, c.get('lang'));
    c.header('ETag', etagFor(representation(body), c.get('lang'), a.version));
    return c.json(body, 200);
  });
  app.openapi(postAnnouncementUpdate, async (c) => {
    const a = await withIfMatch(c, (options) =>
      c
        .get('guichet')
        .announcements.addUpdate(
          announcementCaller(c),
          c.req.valid('param').id,
          c.req.valid('json'),
          options,
        ),
    );
    const body = announcementBody(a, c.get('lang'));
    c.header('Location', `/v1/announcements/${a.id}`);
    c.header('ETag', etagFor(representation(body), c.get('lang'), a.version));
    return c.json(body, 201);
  });
}
