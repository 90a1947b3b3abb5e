import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { registerAnnouncements } from './announcements.ts';
import { registerAnnouncementFeeds } from './feed-routes.ts';

/** Information notices: reading (anonymous for public ones), feeds, publishing, updates, corrections. */
export function registerAnnouncementRoutes(app: OpenAPIHono<AppEnv>) {
  registerAnnouncementFeeds(app);
  registerAnnouncements(app);
}

/** Requests that may come without a token: reading announcements and their feeds. */
export function announcementsAllowAnonymous(method: string, path: string): boolean {
  return method === 'GET' && /^\/v1\/announcements(\/[^/]+)?\/?$/.test(path);
}
