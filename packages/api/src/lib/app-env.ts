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
    /** The API token used, the unit of rate limiting. */
    tokenId: string;
  };
}
