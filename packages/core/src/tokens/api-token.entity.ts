import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { Person } from '../people/person.entity.ts';

export const TOKEN_SCOPES = ['read', 'write', 'admin', 'act-as'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * An API token for scripts, CI, the CLI and the portal. Only the SHA-256 of the secret is stored
 * (the secret is 32 random bytes, so a fast hash is the right tool); the secret is shown once.
 */
export const ApiTokenSchema = defineEntity({
  name: 'ApiToken',
  properties: {
    ...baseProperties,
    person: () => p.manyToOne(Person).index(),
    name: p.string().length(200),
    /** First characters of the secret, to recognise a token in listings and logs. */
    prefix: p.string().length(16),
    secretHash: p.string().length(64).unique(),
    scopes: p.array<TokenScope>().default([]),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
  },
});
export class ApiToken extends ApiTokenSchema.class {}
ApiTokenSchema.setClass(ApiToken);
