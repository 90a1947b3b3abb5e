import { DomainError, translate, zodFieldIssues } from '@guichet/core';
import type { Hook } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './app-env.ts';
import { ApiProblem, domainProblem, problem } from './problem.ts';

export type Logger = (
  level: 'info' | 'warn' | 'error',
  message: string,
  data?: Record<string, unknown>,
) => void;

/** What each validation target is called in a problem when the whole of it is wrong. */
const WHOLE: Readonly<Record<string, string>> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'headers',
  cookie: 'cookies',
};

/**
 * Validation failures of path, query, headers or body: one problem naming every field, worded in
 * the caller's language (zod's locales, chosen per request) like core's own validation.
 */
export const defaultHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const input = (result as { data?: unknown }).data;
  const fields = zodFieldIssues(result.error.issues, input, WHOLE[result.target] ?? result.target);
  return domainProblem(c, new DomainError('VALIDATION_FAILED', { rule: 'invalid_value', fields }));
};

/** The one place errors become HTTP: domain errors by code, everything else a generic, logged 500. */
export function errorHandler(log: Logger) {
  return (error: Error, c: Context<AppEnv>): Response => {
    if (error instanceof DomainError) return domainProblem(c, error);
    if (error instanceof ApiProblem)
      return problem(c, error.code, error.message, error.rule ? { rule: error.rule } : {});
    const lang = c.get('lang') ?? 'fr';
    if (error instanceof HTTPException && error.status === 400) {
      return problem(c, 'VALIDATION_FAILED', translate(lang, 'api.invalid_json'), { rule: 'invalid_json' });
    }
    const requestId = c.get('requestId') ?? '';
    log('error', 'unhandled error', { requestId, error: error.stack ?? String(error) });
    return problem(c, 'INTERNAL', translate(lang, 'api.internal', { requestId }));
  };
}
