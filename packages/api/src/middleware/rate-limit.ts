import { translate } from '@guichet/core';
import type { Context } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { AppEnv } from '../lib/app-env.ts';
import type { Counters } from '../lib/counters.ts';
import { problem } from '../lib/problem.ts';
import { clientAddress } from './client-address.ts';

/** A portal acting for many people may, in all, send this many times one person's allowance. */
export const ACT_AS_FACTOR = 20;

/**
 * Rate limits with the IETF `RateLimit-*` headers (draft 7) and a 429 problem:
 * - per person whose rights apply (however many tokens they mint, and each person a portal acts
 *   for on their own);
 * - per portal credential acting for people, `ACT_AS_FACTOR` times that in all.
 * The counters are the server's (see counters.ts): shared by all its worker processes.
 */
export function rateLimits(limitPerMinute: number, counters: Counters, trustProxy = false) {
  const handler = (limit: number) => (c: Context<AppEnv>) =>
    problem(c, 'RATE_LIMITED', translate(c.get('lang'), 'api.rate_limited', { limit }));
  return [
    rateLimiter<AppEnv>({
      windowMs: 60_000,
      limit: limitPerMinute,
      standardHeaders: 'draft-7',
      store: counters.store(60_000, limitPerMinute),
      // Anonymous readers of the public FAQ count per client address.
      keyGenerator: (c) =>
        c.get('caller') ? `person:${c.get('caller').personId}` : `anonymous:${clientAddress(c, trustProxy)}`,
      handler: handler(limitPerMinute),
    }),
    rateLimiter<AppEnv>({
      windowMs: 60_000,
      limit: limitPerMinute * ACT_AS_FACTOR,
      standardHeaders: false,
      store: counters.store(60_000, limitPerMinute * ACT_AS_FACTOR),
      skip: (c) => c.get('credential')?.actAs === undefined,
      keyGenerator: (c) => `act-as:${c.get('credential').id}`,
      handler: handler(limitPerMinute * ACT_AS_FACTOR),
    }),
  ] as const;
}
