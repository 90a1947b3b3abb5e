import { translate } from '@guichet/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/app-env.ts';
import { problem } from '../lib/problem.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Bearer API tokens. Reading needs the `read` scope (or `write`/`admin`); changing anything needs
 * `write` (or `admin`). OpenID Connect access tokens come in a later step.
 */
export const requireToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const lang = c.get('lang');
  const header = c.req.header('Authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const identity = match?.[1] ? await c.get('guichet').tokens.authenticate(match[1]) : null;
  if (!identity) {
    c.header('WWW-Authenticate', 'Bearer realm="guichet"');
    return problem(c, 'UNAUTHENTICATED', translate(lang, 'api.unauthenticated'));
  }
  const needed = SAFE.has(c.req.method) ? ['read', 'write', 'admin'] : ['write', 'admin'];
  if (!needed.some((s) => identity.scopes.has(s as never))) {
    return problem(c, 'FORBIDDEN', translate(lang, 'api.scope_missing', { scope: needed[0] }), {
      rule: 'scope_missing',
    });
  }
  c.set('caller', { personId: identity.personId });
  c.set('scopes', identity.scopes);
  c.set('tokenId', identity.tokenId);
  await next();
};
