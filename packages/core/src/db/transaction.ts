import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { mapDbError } from './db-error-mapper.ts';

/**
 * Runs one use case in one transaction on a fresh EntityManager: everything it changed is flushed
 * and committed together, or nothing is. Database errors come out as domain errors.
 */
export async function inTransaction<T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await orm.em.fork().transactional(work);
  } catch (error) {
    throw mapDbError(error);
  }
}

/** Read-only use case on a fresh EntityManager (no transaction needed). */
export async function withEm<T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await work(orm.em.fork());
  } catch (error) {
    throw mapDbError(error);
  }
}
