import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';
import { prepared } from './prepared.ts';

/**
 * Runs one hand-written statement with real PostgreSQL parameters (`$1`, `$2`…, sent apart from the
 * text, never spliced into it), on `em`'s transaction when it has one, else on a pooled connection.
 * For the hot paths only (tickets, the event feed): the ORM's own queries inline their values.
 * Statements are prepared once per connection (see prepared.ts): keep their text fixed for a given
 * shape, with values only in parameters. `prepare: false` where a generic plan would be poor (full
 * text search: measured 4× the CPU of a plan made for the actual terms). Errors come out as the ORM's exceptions, so `mapDbError`
 * maps them as usual.
 */
export async function sql<T>(
  em: EntityManager,
  text: string,
  params: readonly unknown[] = [],
  options: { prepare?: boolean } = {},
): Promise<T[]> {
  const connection = em.getConnection();
  const executor = em.getTransactionContext() ?? connection.getClient();
  try {
    const query = options.prepare === false ? text : prepared(text);
    const result = await executor.executeQuery(CompiledQuery.raw(query, [...params]));
    return result.rows as T[];
  } catch (error) {
    throw em.getDriver().convertException(error as Error);
  }
}
