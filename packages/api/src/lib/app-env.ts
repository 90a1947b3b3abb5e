import type { Guichet, Language, PersonCaller, TokenScope } from '@guichet/core';

/** The credential a request authenticated with (kept to re-check it during long requests). */
export interface Credential {
  kind: 'token' | 'oidc';
  /** The API token's id, or for an OpenID Connect session the person's id. */
  id: string;
  /** The credential's own person (the portal's account when acting for someone). */
  personId: string;
  scopes: ReadonlySet<TokenScope>;
  expiresAt: Date;
  /** Set when the request acts for someone (`Guichet-Act-As`). */
  actAs?: { key: string; personId: string };
}

/** Per-request values set by the middleware. */
export interface AppEnv {
  Variables: {
    guichet: Guichet;
    requestId: string;
    lang: Language;
    /** Set by the auth middleware on /v1 routes: whose rights apply, through which scopes. */
    caller: PersonCaller & { scopes: ReadonlySet<TokenScope> };
    /** The scopes in effect (the credential's, narrowed under act-as). */
    scopes: ReadonlySet<TokenScope>;
    credential: Credential;
    /**
     * The credential's id (a UUID): with the person acted as, the unit of idempotency keys and rate
     * limits: the API token's id, or for an OpenID Connect caller the person's id.
     */
    tokenId: string;
    /** Set by a route whose response carries a secret: it is never stored (idempotency) nor cached. */
    secretResponse: boolean;
  };
}
