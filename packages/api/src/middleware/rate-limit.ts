import { translate } from '@guichet/core';
import { rateLimiter } from 'hono-rate-limiter';
import type { AppEnv } from '../lib/app-env.ts';
import { problem } from '../lib/problem.ts';

/**
 * Per-token rate limit with the IETF `RateLimit-*` headers (draft 7) and a 429 problem. Counters live
 * in this process's memory: with several API processes each enforces the limit on its own share.
 */
export function rateLimitPerToken(limitPerMinute: number) {
  return rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit: limitPerMinute,
    standardHeaders: 'draft-7',
    keyGenerator: (c) => c.get('tokenId'),
    handler: (c) =>
      problem(c, 'RATE_LIMITED', translate(c.get('lang'), 'api.rate_limited', { limit: limitPerMinute })),
  });
}
