import { IdempotencyService, translate } from '@guichet/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/app-env.ts';
import { problem } from '../lib/problem.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

/**
 * `Idempotency-Key` on POST: the first response to a (token, key) is stored and replayed to
 * retries with the same body (`Idempotent-Replayed: true`), so a retried creation creates nothing;
 * the same key with another body is a 422; a retry while the first is still running is a 409.
 * Server errors free the key so the client can retry.
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
  const service = c.get('guichet').idempotency;
  const tokenId = c.get('tokenId');
  const hash = IdempotencyService.hashRequest(c.req.method, c.req.path, await c.req.text());
  const claim = await service.claim(tokenId, key, hash);
  if (claim.kind === 'replay') {
    return new Response(claim.response.body || null, {
      status: claim.response.status,
      headers: { ...claim.response.headers, 'Idempotent-Replayed': 'true' },
    });
  }
  if (claim.kind === 'mismatch') {
    return problem(c, 'VALIDATION_FAILED', translate(lang, 'api.idempotency_mismatch'), {
      rule: 'idempotency_key_reused',
    });
  }
  if (claim.kind === 'in_progress') {
    return problem(c, 'CONFLICT', translate(lang, 'api.idempotency_in_progress'), {
      rule: 'idempotency_in_progress',
    });
  }
  await next();
  if (c.res.status >= 500) {
    await service.release(tokenId, key);
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = c.res.headers.get(name);
    if (value) headers[name] = value;
  }
  await service.complete(tokenId, key, { status: c.res.status, body: await c.res.clone().text(), headers });
};
