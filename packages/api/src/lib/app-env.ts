import type { Caller, Guichet, Language, TokenScope } from '@guichet/core';

/** Per-request values set by the middleware. */
export interface AppEnv {
  Variables: {
    guichet: Guichet;
    requestId: string;
    lang: Language;
    /** Set by the auth middleware on /v1 routes. */
    caller: Extract<Caller, { personId: string }>;
    scopes: ReadonlySet<TokenScope>;
    /**
     * The unit of rate limiting and idempotency keys (a UUID): the API token's id, or for an OpenID
     * Connect caller the person's id (their tokens rotate, the person does not).
     */
    tokenId: string;
  };
}
