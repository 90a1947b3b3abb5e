import { isDomainError, type TokenScope, translate } from '@guichet/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Credential } from '../lib/app-env.ts';
import type { Counters } from '../lib/counters.ts';
import type { Logger } from '../lib/error-handler.ts';
import type { OidcVerifier } from '../lib/oidc.ts';
import { domainProblem, problem } from '../lib/problem.ts';
import { clientAddress } from './client-address.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a portal acting for a person may do with that person's rights: never administer. */
const ACT_AS_SCOPES: readonly TokenScope[] = ['read', 'write'];

export interface AuthOptions {
  /** Failed authentications allowed per client address and minute before refusing without a lookup. */
  failuresPerMinute: number;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy that sets it). */
  trustProxy: boolean;
  /** Where failures are counted (shared by the server's workers). */
  counters: Counters;
  /**
   * Requests that may come without any Authorization header (the public FAQ): they go through with
   * no caller set, and core answers them as anonymous. A header that is present is always checked.
   */
  anonymous?: (c: Context<AppEnv>) => boolean;
}

/**
 * Bearer authentication: Guichet API tokens (`gch_…`) or OpenID Connect access tokens (JWT) from a
 * configured issuer. Reading needs the `read` scope (or `write`/`admin`); changing anything needs
 * `write` (or `admin`); administrative changes need `admin`, which core checks. The person must be
 * active on every request, whatever the credential. A portal with the `act-as` scope may act for a
 * requester (never for staff or administrators) with `Guichet-Act-As`.
 *
 * Failed attempts are counted per client address: past the limit, requests from that address are
 * refused with 429 before any database lookup.
 */
export function requireToken(
  oidc: OidcVerifier,
  log: Logger,
  options: AuthOptions,
): MiddlewareHandler<AppEnv> {
  // Addresses past the limit, until their window ends: refused here without asking anyone.
  const blocked = new Map<string, number>();
  return async (c, next) => {
    const lang = c.get('lang');
    const guichet = c.get('guichet');
    const address = clientAddress(c, options.trustProxy);
    const until = blocked.get(address);
    if (until !== undefined && until <= Date.now()) blocked.delete(address);
    if (until !== undefined && until > Date.now()) {
      c.header('Retry-After', String(Math.max(1, Math.ceil((until - Date.now()) / 1000))));
      return problem(
        c,
        'RATE_LIMITED',
        translate(lang, 'api.auth_failures', { limit: options.failuresPerMinute }),
        {
          rule: 'too_many_failed_authentications',
        },
      );
    }
    if (c.req.header('Authorization') === undefined && options.anonymous?.(c)) {
      if (c.req.header('Guichet-Act-As') !== undefined) {
        return problem(c, 'UNAUTHENTICATED', translate(lang, 'api.unauthenticated'));
      }
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '');
    const secret = match?.[1];
    let credential: Credential | null = null;
    if (secret?.startsWith('gch_')) {
      const token = await guichet.tokens.authenticate(secret);
      if (token) {
        credential = {
          kind: 'token',
          id: token.tokenId,
          personId: token.personId,
          scopes: token.scopes,
          expiresAt: token.expiresAt,
        };
      }
    } else if (secret && oidc.enabled) {
      try {
        const session = await oidc.authenticate(secret, guichet);
        if (session) credential = { kind: 'oidc', id: session.personId, ...session };
      } catch (error) {
        // The provider vouched for someone Guichet will not let in: say why.
        if (isDomainError(error)) return domainProblem(c, error);
        // A provider we cannot reach (discovery, keys) cannot vouch for anyone.
        log('warn', 'OpenID Connect verification failed', {
          requestId: c.get('requestId'),
          error: String(error),
        });
      }
    }
    if (!credential) {
      const { hits, resetAt } = await options.counters.hit(
        `auth-failure:${address}`,
        60_000,
        options.failuresPerMinute,
      );
      if (hits >= options.failuresPerMinute) {
        if (blocked.size >= 50_000) blocked.delete(blocked.keys().next().value!);
        blocked.set(address, resetAt);
      }
      c.header('WWW-Authenticate', 'Bearer realm="guichet"');
      return problem(c, 'UNAUTHENTICATED', translate(lang, 'api.unauthenticated'));
    }
    const authenticated: Credential = credential;
    const needed: TokenScope[] = SAFE.has(c.req.method) ? ['read', 'write', 'admin'] : ['write', 'admin'];
    if (!needed.some((s) => authenticated.scopes.has(s))) {
      return problem(c, 'FORBIDDEN', translate(lang, 'api.scope_missing', { scope: needed[0] }), {
        rule: 'scope_missing',
      });
    }
    const actAs = c.req.header('Guichet-Act-As');
    if (actAs !== undefined) {
      if (!credential.scopes.has('act-as')) {
        return problem(c, 'FORBIDDEN', translate(lang, 'api.scope_missing', { scope: 'act-as' }), {
          rule: 'scope_missing',
        });
      }
      // Throws FORBIDDEN for staff and administrators (rendered by the error handler).
      const target = await guichet.catalogue.actAsTarget(actAs);
      if (!target) return unknownActAs(c, actAs);
      const scopes = new Set(ACT_AS_SCOPES.filter((s) => authenticated.scopes.has(s)));
      credential = { ...credential, actAs: { key: actAs, personId: target.personId } };
      c.set('caller', { personId: target.personId, via: credential.personId, scopes });
      c.set('scopes', scopes);
    } else {
      c.set('caller', { personId: credential.personId, scopes: credential.scopes });
      c.set('scopes', credential.scopes);
    }
    c.set('credential', credential);
    c.set('tokenId', credential.id);
    await next();
  };
}

function unknownActAs(c: Context<AppEnv>, value: string): Response {
  const message = translate(c.get('lang'), 'field.unknown', { field: 'Guichet-Act-As', value });
  return problem(c, 'VALIDATION_FAILED', message, {
    rule: 'invalid_value',
    errors: [{ field: 'Guichet-Act-As', rule: 'field.unknown', message }],
  });
}

/**
 * Whether a credential still authorises what it authorised when a long request (an event stream)
 * began: token not revoked or expired, person still active, act-as target still a requester.
 */
export async function stillAuthorised(c: Context<AppEnv>): Promise<boolean> {
  const guichet = c.get('guichet');
  const credential = c.get('credential');
  if (credential.expiresAt.getTime() <= Date.now()) return false;
  const valid =
    credential.kind === 'token'
      ? await guichet.tokens.isValid(credential.id)
      : await guichet.catalogue.isActive(credential.personId);
  if (!valid || !credential.actAs) return valid;
  try {
    return (
      (await guichet.catalogue.actAsTarget(credential.actAs.key))?.personId === credential.actAs.personId
    );
  } catch {
    return false;
  }
}
