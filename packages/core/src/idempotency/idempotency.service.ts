import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { executeIn, inAmbientTransaction, withEm } from '../db/transaction.ts';
import type { Clock } from '../shared/clock.ts';

/** A response as stored and replayed. */
export interface StoredResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** What the request's handler answered; `withhold` when the body carries a secret. */
export interface HandledResponse extends StoredResponse {
  withhold: boolean;
}

/** Whose key: the credential, and the person it acts as. */
export interface IdempotencyScope {
  tokenId: string;
  personId: string;
  key: string;
}

export type IdempotencyOutcome =
  | { kind: 'fresh'; response: HandledResponse }
  | { kind: 'replay'; response: StoredResponse }
  /** The first request's response carried a secret: it happened, and is not shown again. */
  | { kind: 'withheld' }
  | { kind: 'mismatch' };

/** Keys are remembered this long, then purged. */
export const KEEP_FOR_MS = 24 * 3_600_000;

/** Thrown to roll the request back when its handler failed (5xx): the key stays free. */
class Rollback extends Error {
  readonly response: HandledResponse;
  constructor(response: HandledResponse) {
    super('rollback');
    this.response = response;
  }
}

/**
 * Idempotency keys. The whole request runs in one transaction that begins by inserting the key's
 * record: the effect and its stored response commit together, so a crash at any point leaves
 * either both or neither, and a retry either replays or runs afresh — never twice. A concurrent
 * duplicate waits on the record's primary key until the first commits, then replays it.
 */
export class IdempotencyService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;

  constructor(orm: MikroORM, clock: Clock) {
    this.#orm = orm;
    this.#clock = clock;
  }

  /** The request's fingerprint: method, path with its query, and body. */
  static hashRequest(method: string, pathAndQuery: string, body: string): string {
    return createHash('sha256').update(`${method}\n${pathAndQuery}\n${body}`).digest('hex');
  }

  async run(
    scope: IdempotencyScope,
    requestHash: string,
    handler: () => Promise<HandledResponse>,
  ): Promise<IdempotencyOutcome> {
    const now = this.#clock.now();
    const ids = [scope.tokenId, scope.personId, scope.key];
    try {
      return await inAmbientTransaction(this.#orm, async (em) => {
        await executeIn(
          em,
          `delete from idempotency_record where token_id = ? and person_id = ? and key = ? and created_at < ?`,
          [...ids, new Date(now.getTime() - KEEP_FOR_MS)],
        );
        const inserted = await executeIn<unknown[]>(
          em,
          `insert into idempotency_record (token_id, person_id, key, request_hash, status, headers, created_at)
           values (?, ?, ?, ?, 0, '{}', ?) on conflict do nothing returning key`,
          [...ids, requestHash, now],
        );
        if (inserted.length === 0) {
          const [existing] = await executeIn<
            {
              request_hash: string;
              status: number;
              body: string | null;
              headers: unknown;
              withheld: boolean;
            }[]
          >(
            em,
            `select request_hash, status, body, headers, withheld from idempotency_record
              where token_id = ? and person_id = ? and key = ?`,
            ids,
          );
          if (!existing || existing.request_hash !== requestHash) return { kind: 'mismatch' } as const;
          if (existing.withheld) return { kind: 'withheld' } as const;
          const headers =
            typeof existing.headers === 'string' ? JSON.parse(existing.headers) : existing.headers;
          return {
            kind: 'replay',
            response: {
              status: existing.status,
              body: existing.body ?? '',
              headers: headers as Record<string, string>,
            },
          } as const;
        }
        const response = await handler();
        if (response.status >= 500) throw new Rollback(response);
        await executeIn(
          em,
          `update idempotency_record set status = ?, body = ?, headers = ?, withheld = ?
            where token_id = ? and person_id = ? and key = ?`,
          [
            response.status,
            response.withhold ? null : response.body,
            JSON.stringify(response.headers),
            response.withhold,
            ...ids,
          ],
        );
        return { kind: 'fresh', response } as const;
      });
    } catch (error) {
      if (error instanceof Rollback) return { kind: 'fresh', response: error.response };
      throw error;
    }
  }

  /** Forgets keys older than a day (the scheduler's sweep calls this); returns how many. */
  async purgeExpired(): Promise<number> {
    return withEm(this.#orm, async (em) => {
      const rows = await executeIn<unknown[]>(
        em,
        'delete from idempotency_record where created_at < ? returning key',
        [new Date(this.#clock.now().getTime() - KEEP_FOR_MS)],
      );
      return rows.length;
    });
  }
}
