import { defineEntity, p } from '@mikro-orm/core';

/**
 * The first response to a request sent with an `Idempotency-Key`, kept so that a retry with the
 * same key and body gets the same response and creates nothing. Keys are per API token.
 */
export const IdempotencyRecordSchema = defineEntity({
  name: 'IdempotencyRecord',
  properties: {
    tokenId: p.uuid().primary(),
    key: p.string().length(255).primary(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: p.string().length(64),
    /** Null while the first request is still being processed. */
    status: p.integer().nullable(),
    body: p.text().nullable(),
    headers: p.json<Record<string, string>>().nullable(),
    createdAt: p
      .datetime()
      .onCreate(() => new Date())
      .index(),
  },
});
export class IdempotencyRecord extends IdempotencyRecordSchema.class {}
IdempotencyRecordSchema.setClass(IdempotencyRecord);
