import { createHash } from 'node:crypto';
import type { Guichet, SignInInput, TokenScope } from '@guichet/core';
import { PROFILES } from '@guichet/core/startup';
import { createRemoteJWKSet, decodeJwt, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';

/**
 * One trusted identity provider (an establishment's, or the group's): Apereo CAS and Shibboleth IdP
 * both speak OpenID Connect. Access tokens must be JWTs signed by its keys, for `audience`.
 */
export const IssuerConfigSchema = z
  .object({
    issuer: z.url(),
    audience: z.string().min(1),
    /** Defaults to the provider's discovery document. */
    jwksUri: z.url().optional(),
    /** A public client registered at the provider for the device flow (`guichet login`), if any. */
    cliClientId: z.string().min(1).optional(),
    /** Establishment of everyone this provider vouches for; else the claim below, else the mail domain. */
    establishment: z.string().optional(),
    /**
     * Mail domains this provider is authoritative for: an address is trusted (to link an existing
     * account, or to create one) only in these, and only when verified. Default: the mail domains
     * of `establishment`.
     */
    mailDomains: z.array(z.string().trim().toLowerCase().min(1)).optional(),
    /**
     * Treat addresses in the provider's mail domains as verified even without `email_verified`
     * (for establishment providers that manage their users' mailboxes but do not send the claim).
     */
    trustEmail: z.boolean().default(false),
    /**
     * An OAuth scope (in the access token's `scope` claim) that gives the session Guichet's `admin`
     * scope, e.g. `guichet:admin`. Unset: SSO sessions never administer; administrators use an API
     * token with the `admin` scope.
     */
    adminScope: z.string().min(1).optional(),
    claims: z
      .object({
        email: z.string().default('email'),
        emailVerified: z.string().default('email_verified'),
        name: z.string().default('name'),
        affiliation: z.string().default('eduPersonAffiliation'),
        groups: z.string().default('groups'),
        establishment: z.string().optional(),
      })
      .default({
        email: 'email',
        emailVerified: 'email_verified',
        name: 'name',
        affiliation: 'eduPersonAffiliation',
        groups: 'groups',
      }),
    /** Group name → group-level profile it grants, e.g. `{"moodle-mods": {"profile": "moderator", "service": "moodle"}}`. */
    groupProfiles: z
      .record(
        z.string(),
        z.object({
          profile: z.enum(PROFILES),
          service: z.string().optional(),
          team: z.string().optional(),
        }),
      )
      .default({}),
  })
  .strict();
export type IssuerConfig = z.input<typeof IssuerConfigSchema>;

/** Turns verified claims into what core needs to sign the person in. */
export function identityFromClaims(
  config: z.output<typeof IssuerConfigSchema>,
  claims: JWTPayload,
): SignInInput | null {
  const pick = (name: string) => (claims as Record<string, unknown>)[name];
  const email = pick(config.claims.email);
  if (typeof claims.sub !== 'string' || typeof email !== 'string') return null;
  const name = pick(config.claims.name);
  const affiliations = [pick(config.claims.affiliation)].flat().map(String);
  const groups = [pick(config.claims.groups)].flat().filter((g): g is string => typeof g === 'string');
  const establishmentClaim = config.claims.establishment ? pick(config.claims.establishment) : undefined;
  const establishment =
    config.establishment ?? (typeof establishmentClaim === 'string' ? establishmentClaim : undefined);
  return {
    issuer: config.issuer,
    subject: `${config.issuer}|${claims.sub}`,
    email,
    emailVerified: config.trustEmail || pick(config.claims.emailVerified) === true,
    ...(config.mailDomains ? { mailDomains: config.mailDomains } : {}),
    displayName: typeof name === 'string' && name.trim() ? name : email,
    ...(establishment ? { establishment } : {}),
    affiliation: affiliations.includes('student')
      ? 'student'
      : affiliations.includes('faculty')
        ? 'faculty'
        : 'staff',
    profiles: groups.flatMap((g) => (config.groupProfiles[g] ? [config.groupProfiles[g]] : [])),
  };
}

const CACHE_LIMIT = 10_000;

/** A verified OpenID Connect session. */
export interface OidcSession {
  personId: string;
  scopes: ReadonlySet<TokenScope>;
  expiresAt: Date;
}

/** What an SSO session may do: read and write as the person; administer only if the provider says so. */
function sessionScopes(config: z.output<typeof IssuerConfigSchema>, claims: JWTPayload): Set<TokenScope> {
  const scopes = new Set<TokenScope>(['read', 'write']);
  const granted = [
    ...(typeof claims.scope === 'string' ? claims.scope.split(' ') : []),
    ...(Array.isArray(claims.scp) ? claims.scp.map(String) : []),
  ];
  if (config.adminScope && granted.includes(config.adminScope)) scopes.add('admin');
  return scopes;
}

/**
 * Verifies OpenID Connect bearer tokens (signature against the issuer's JWKS — fetched, cached and
 * refreshed on unknown key ids by jose —, `iss`, `aud`, `exp`) and signs the person in. A verified
 * token is remembered until it expires, so a portal's burst of calls costs one sign-in; the person's
 * active flag is still checked on every request.
 */
export class OidcVerifier {
  readonly #issuers: Map<
    string,
    { config: z.output<typeof IssuerConfigSchema>; jwks: ReturnType<typeof createRemoteJWKSet> | null }
  >;
  readonly #cache = new Map<string, OidcSession>();

  constructor(issuers: IssuerConfig[]) {
    this.#issuers = new Map(
      issuers.map((raw) => {
        const config = IssuerConfigSchema.parse(raw);
        return [
          config.issuer,
          { config, jwks: config.jwksUri ? createRemoteJWKSet(new URL(config.jwksUri)) : null },
        ];
      }),
    );
  }

  get enabled(): boolean {
    return this.#issuers.size > 0;
  }

  /**
   * The session behind a token, or null when the token is not one of ours, does not verify, or its
   * person is deactivated. Sign-in refusals (an identity that cannot be linked) are DomainErrors.
   */
  async authenticate(token: string, guichet: Guichet): Promise<OidcSession | null> {
    const key = createHash('sha256').update(token).digest('hex');
    const cached = this.#cache.get(key);
    if (cached && cached.expiresAt.getTime() > Date.now()) {
      return (await guichet.catalogue.isActive(cached.personId)) ? cached : null;
    }
    if (cached) this.#cache.delete(key);
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      return null;
    }
    const issuer = typeof unverified.iss === 'string' ? this.#issuers.get(unverified.iss) : undefined;
    if (!issuer) return null;
    issuer.jwks ??= createRemoteJWKSet(await discoverJwks(issuer.config.issuer));
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, issuer.jwks, {
        issuer: issuer.config.issuer,
        audience: issuer.config.audience,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch {
      return null;
    }
    const identity = identityFromClaims(issuer.config, claims);
    if (!identity) return null;
    const { personId } = await guichet.catalogue.signIn(identity);
    const session: OidcSession = {
      personId,
      scopes: sessionScopes(issuer.config, claims),
      expiresAt: new Date(claims.exp! * 1000),
    };
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(key, session);
    return session;
  }
}

async function discoverJwks(issuer: string): Promise<URL> {
  const res = await fetch(new URL(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`));
  if (!res.ok) throw new Error(`OpenID discovery failed for ${issuer}: ${res.status}`);
  const doc = (await res.json()) as { jwks_uri?: string };
  if (!doc.jwks_uri) throw new Error(`no jwks_uri in the discovery document of ${issuer}`);
  return new URL(doc.jwks_uri);
}
