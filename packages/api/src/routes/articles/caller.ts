import { DomainError, type KbCaller, translate } from '@guichet/core';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/app-env.ts';
import { ApiProblem } from '../../lib/problem.ts';
import { versionFromIfMatch } from '../tickets/schemas.ts';
import { etagOf } from './schemas.ts';

/** The caller, or `anonymous` on the routes that let a request without a token through. */
export function kbCaller(c: Context<AppEnv>): KbCaller {
  return (c.get('caller') as AppEnv['Variables']['caller'] | undefined) ?? 'anonymous';
}

/**
 * Runs an article change with the version an If-Match names: a stale one is 412 (nothing written);
 * without If-Match a concurrent change still fails, with 409 CONFLICT.
 */
export async function withIfMatch<T extends { version: number } | undefined>(
  c: Context<AppEnv>,
  ifMatch: string | undefined,
  change: (options: { expectedVersion?: number }) => Promise<T>,
): Promise<T> {
  const expected = versionFromIfMatch(ifMatch);
  const stale = (current: string) =>
    new ApiProblem(
      'PRECONDITION_FAILED',
      translate(c.get('lang'), 'api.article_precondition_failed', { given: ifMatch ?? '', current }),
      'article_stale_version',
    );
  if (expected === null) throw stale('?');
  try {
    const result = await change(expected !== undefined ? { expectedVersion: expected } : {});
    if (result) c.header('ETag', etagOf(result.version));
    return result;
  } catch (error) {
    if (
      expected !== undefined &&
      error instanceof DomainError &&
      error.details.rule === 'article_stale_version'
    ) {
      throw stale(etagOf(Number(error.details.params?.actual ?? 0)));
    }
    throw error;
  }
}
