import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { withEm } from '../db/transaction.ts';
import type { Clock } from '../shared/clock.ts';
import { IdempotencyRecord } from './idempotency-record.entity.ts';

/** A stored response to replay. */
export interface StoredResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export type IdempotencyClaim =
  | { kind: 'proceed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

/** A first request that never completed (crash) stops blocking its key after this long. */
const STALE_AFTER_MS = 60_000;
/** Keys are remembered this long. */
const KEEP_FOR_MS = 24 * 3_600_000;

/**
 * Idempotency keys: claim a key before doing the work, store the response after, replay it on
 * retries. The claim is an insert on the (token, key) primary key, so two concurrent requests with
 * the same key cannot both proceed.
 */
export class IdempotencyService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;

  constructor(orm: MikroORM, clock: Clock) {
    this.#orm = orm;
    this.#clock = clock;
  }

  static hashRequest(method: string, path: string, body: string): string {
    return createHash('sha256').update(`${method}\n${path}\n${body}`).digest('hex');
  }

  async claim(tokenId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    return withEm(this.#orm, async (em) => {
      const conn = em.getConnection();
      const now = this.#clock.now();
      // Forget expired keys and abandoned claims of this key, then try to take it.
      await conn.execute(
        `delete from idempotency_record where token_id = ? and key = ?
           and (created_at < ? or (status is null and created_at < ?))`,
        [tokenId, key, new Date(now.getTime() - KEEP_FOR_MS), new Date(now.getTime() - STALE_AFTER_MS)],
      );
      const inserted = await conn.execute<{ token_id: string }[]>(
        `insert into idempotency_record (token_id, key, request_hash, created_at) values (?, ?, ?, ?)
         on conflict do nothing returning token_id`,
        [tokenId, key, requestHash, now],
      );
      if (inserted.length === 1) return { kind: 'proceed' };
      const existing = await em.findOne(IdempotencyRecord, { tokenId, key });
      if (!existing) return { kind: 'in_progress' };
      if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
      if (existing.status === null || existing.status === undefined) return { kind: 'in_progress' };
      return {
        kind: 'replay',
        response: { status: existing.status, body: existing.body ?? '', headers: existing.headers ?? {} },
      };
    });
  }

  async complete(tokenId: string, key: string, response: StoredResponse): Promise<void> {
    await withEm(this.#orm, (em) =>
      em.nativeUpdate(
        IdempotencyRecord,
        { tokenId, key },
        { status: response.status, body: response.body, headers: response.headers },
      ),
    );
  }

  /** The work failed before anything was committed: free the key for a retry. */
  async release(tokenId: string, key: string): Promise<void> {
    await withEm(this.#orm, (em) => em.nativeDelete(IdempotencyRecord, { tokenId, key, status: null }));
  }
}
