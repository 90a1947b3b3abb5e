import { defineEntity, p } from '@mikro-orm/core';

/**
 * The response to a request sent with an `Idempotency-Key`, written in the same transaction as the
 * request's effect, so that a retry with the same key and body gets the same response and creates
 * nothing — even after a crash. Keys belong to a credential and to the person it acts as (a portal
 * sends the same key for two people: two different requests). Kept for 24 hours, then purged.
 * A response carrying a secret (a new API token) is never stored: only that it happened.
 */
export const IdempotencyRecordSchema = defineEntity({
  name: 'IdempotencyRecord',
  properties: {
    /** The API token's id, or for an OpenID Connect session the person's id. */
    tokenId: p.uuid().primary(),
    /** The person the request acted as (the token's own person unless acting for someone). */
    personId: p.uuid().primary(),
    key: p.string().length(255).primary(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: p.string().length(64),
    status: p.integer(),
    /** Null when the response carried a secret (`withheld`). */
    body: p.text().nullable(),
    headers: p.json<Record<string, string>>(),
    withheld: p.boolean().default(false),
    createdAt: p.datetime().index(),
  },
});
export class IdempotencyRecord extends IdempotencyRecordSchema.class {}
IdempotencyRecordSchema.setClass(IdempotencyRecord);
