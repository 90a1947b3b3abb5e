import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { mapDbError } from './db-error-mapper.ts';

/** A transaction opened around several use cases (see `inAmbientTransaction`). */
interface Ambient {
  em: EntityManager;
  afterCommit: (() => Promise<void>)[];
}
const ambient = new AsyncLocalStorage<Ambient>();

/**
 * Runs one use case in one transaction on a fresh EntityManager: everything it changed is flushed
 * and committed together, or nothing is. Inside an ambient transaction the use case is a savepoint
 * of it (its refusal undoes only its own changes) and commits with it. Database errors come out as
 * domain errors.
 */
export async function inTransaction<T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const outer = ambient.getStore();
  try {
    if (outer) return await outer.em.fork({ keepTransactionContext: true }).transactional(work);
    return await orm.em.fork().transactional(work);
  } catch (error) {
    throw mapDbError(error);
  }
}

/**
 * Read-only use case on a fresh EntityManager (no transaction needed). Inside an ambient
 * transaction it reads in it (a savepoint), so it sees what the same request already changed.
 */
export async function withEm<T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const outer = ambient.getStore();
  try {
    if (outer) return await outer.em.fork({ keepTransactionContext: true }).transactional(work);
    return await work(orm.em.fork());
  } catch (error) {
    throw mapDbError(error);
  }
}

/**
 * Runs `work` in one transaction that every use case called inside it joins, so that what they do
 * and what `work` writes itself (an idempotency record) commit together or not at all. Callbacks
 * registered with `afterCommit` meanwhile run once the transaction has committed.
 */
export async function inAmbientTransaction<T>(
  orm: MikroORM,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const hooks: (() => Promise<void>)[] = [];
  let result: T;
  try {
    result = await orm.em
      .fork()
      .transactional((em) => ambient.run({ em, afterCommit: hooks }, () => work(em)));
  } catch (error) {
    throw mapDbError(error);
  }
  for (const hook of hooks) await hook();
  return result;
}

/** Runs `hook` once the current transaction has committed (at once outside an ambient transaction). */
export async function afterCommit(hook: () => Promise<void>): Promise<void> {
  const outer = ambient.getStore();
  if (outer) outer.afterCommit.push(hook);
  else await hook();
}

/** Runs a statement on the connection of `em`'s transaction. */
export async function executeIn<T = unknown>(
  em: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T> {
  return em.getConnection().execute(sql, params, 'all', em.getTransactionContext()) as Promise<T>;
}

/**
 * Reads what is committed, on its own connection, even inside an ambient transaction: for values a
 * process remembers (see ReadCache), which must never hold a change that might still roll back.
 */
export async function committedRead<T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await work(orm.em.fork());
  } catch (error) {
    throw mapDbError(error);
  }
}

/**
 * One statement, atomically: in an ambient transaction as a savepoint of it (so that its failure
 * does not abort the ambient transaction), otherwise as the statement's own implicit transaction
 * (no BEGIN/COMMIT round trips).
 */
export async function oneStatement<T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (ambient.getStore()) return inTransaction(orm, work);
  return committedRead(orm, work);
}
