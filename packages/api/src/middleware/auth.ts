import { type TokenScope, translate } from '@guichet/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/app-env.ts';
import type { Logger } from '../lib/error-handler.ts';
import type { OidcVerifier } from '../lib/oidc.ts';
import { problem } from '../lib/problem.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A person signed in through their identity provider reads and writes as themselves. */
const SSO_SCOPES: ReadonlySet<TokenScope> = new Set(['read', 'write']);

/**
 * Bearer authentication: Guichet API tokens (`gch_…`) or OpenID Connect access tokens (JWT) from a
 * configured issuer. Reading needs the `read` scope (or `write`/`admin`); changing anything needs
 * `write` (or `admin`).
 */
export function requireToken(oidc: OidcVerifier, log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const lang = c.get('lang');
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '');
    const secret = match?.[1];
    let identity: { personId: string; tokenId: string; scopes: ReadonlySet<TokenScope> } | null = null;
    if (secret?.startsWith('gch_')) {
      identity = await c.get('guichet').tokens.authenticate(secret);
    } else if (secret && oidc.enabled) {
      try {
        const person = await oidc.authenticate(secret, c.get('guichet'));
        identity = person ? { ...person, scopes: SSO_SCOPES } : null;
      } catch (error) {
        // A provider we cannot reach (discovery, keys) cannot vouch for anyone.
        log('warn', 'OpenID Connect verification failed', {
          requestId: c.get('requestId'),
          error: String(error),
        });
      }
    }
    if (!identity) {
      c.header('WWW-Authenticate', 'Bearer realm="guichet"');
      return problem(c, 'UNAUTHENTICATED', translate(lang, 'api.unauthenticated'));
    }
    const needed = SAFE.has(c.req.method) ? ['read', 'write', 'admin'] : ['write', 'admin'];
    if (!needed.some((s) => identity.scopes.has(s as TokenScope))) {
      return problem(c, 'FORBIDDEN', translate(lang, 'api.scope_missing', { scope: needed[0] }), {
        rule: 'scope_missing',
      });
    }
    const actAs = c.req.header('Guichet-Act-As');
    if (actAs !== undefined) {
      // The portal acting for a signed-in user: that user's rights apply; events record the portal too.
      if (!identity.scopes.has('act-as')) {
        return problem(c, 'FORBIDDEN', translate(lang, 'api.scope_missing', { scope: 'act-as' }), {
          rule: 'scope_missing',
        });
      }
      const target = await c.get('guichet').catalogue.findActivePerson(actAs);
      if (!target) {
        const message = translate(lang, 'field.unknown', { field: 'Guichet-Act-As', value: actAs });
        return problem(c, 'VALIDATION_FAILED', message, {
          rule: 'invalid_value',
          errors: [{ field: 'Guichet-Act-As', rule: 'field.unknown', message }],
        });
      }
      c.set('caller', { personId: target.personId, via: identity.personId });
    } else {
      c.set('caller', { personId: identity.personId });
    }
    c.set('scopes', identity.scopes);
    c.set('tokenId', identity.tokenId);
    await next();
  };
}
