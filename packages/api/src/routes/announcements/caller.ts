import type { AnnouncementCaller } from '@guichet/core';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/app-env.ts';

/** The caller, or `anonymous` on the reading routes that let a request without a token through. */
export function announcementCaller(c: Context<AppEnv>): AnnouncementCaller {
  return (c.get('caller') as AppEnv['Variables']['caller'] | undefined) ?? 'anonymous';
}
