import { IdempotencyService, translate } from '@guichet/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/app-env.ts';
import { problem } from '../lib/problem.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'etag', 'location', 'cache-control'];

/**
 * `Idempotency-Key` on POST. The key belongs to the credential and to the person it acts as. The
 * request runs in one transaction with its stored response (see core's IdempotencyService): a
 * retry with the same key and body gets the first response (`Idempotent-Replayed: true`) and
 * creates nothing, even if the server died in between; the same key with another request is a 422;
 * a concurrent duplicate waits for the first and replays it. Server errors leave the key free. A
 * response carrying a secret (a new API token) is not stored: its retry is a 409 saying so.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('Idempotency-Key');
  if (c.req.method !== 'POST' || key === undefined) return next();
  const lang = c.get('lang');
  if (!KEY.test(key)) {
    const message = translate(lang, 'api.idempotency_key_invalid');
    return problem(c, 'VALIDATION_FAILED', message, {
      rule: 'invalid_value',
      errors: [{ field: 'Idempotency-Key', rule: 'field.invalid', message }],
    });
  }
  const url = new URL(c.req.url);
  const hash = IdempotencyService.hashRequest(c.req.method, url.pathname + url.search, await c.req.text());
  const scope = { tokenId: c.get('tokenId'), personId: c.get('caller').personId, key };
  const outcome = await c.get('guichet').idempotency.run(scope, hash, async () => {
    await next();
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = c.res.headers.get(name);
      if (value) headers[name] = value;
    }
    const withhold = c.get('secretResponse') === true;
    return { status: c.res.status, body: withhold ? '' : await c.res.clone().text(), headers, withhold };
  });
  switch (outcome.kind) {
    case 'fresh':
      return;
    case 'replay':
      return new Response(outcome.response.body || null, {
        status: outcome.response.status,
        headers: { ...outcome.response.headers, 'Idempotent-Replayed': 'true' },
      });
    case 'withheld':
      return problem(c, 'CONFLICT', translate(lang, 'api.idempotency_secret_withheld'), {
        rule: 'idempotency_secret_withheld',
      });
    case 'mismatch':
      return problem(c, 'VALIDATION_FAILED', translate(lang, 'api.idempotency_mismatch'), {
        rule: 'idempotency_key_reused',
      });
  }
};
