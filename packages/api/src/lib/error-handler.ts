import { DomainError, translate, zodFieldIssues } from '@guichet/core';
import type { Hook } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './app-env.ts';
import { ApiProblem, domainProblem, type ProblemCode, problem } from './problem.ts';

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

/** Statuses the framework itself answers with (HTTPException), as problem codes. */
const HTTP_EXCEPTION_CODES: Readonly<Record<number, ProblemCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * The one place errors become HTTP: domain errors by code, the framework's own HTTP errors with
 * their status, everything else a generic, logged 500.
 */
export function errorHandler(log: Logger) {
  return (error: Error, c: Context<AppEnv>): Response => {
    if (error instanceof DomainError) {
      if (error.code === 'UNAVAILABLE') {
        log('warn', 'database unavailable', { requestId: c.get('requestId'), error: String(error.cause) });
      }
      return domainProblem(c, error);
    }
    if (error instanceof ApiProblem)
      return problem(c, error.code, error.message, error.rule ? { rule: error.rule } : {});
    const lang = c.get('lang') ?? 'fr';
    if (error instanceof HTTPException && error.status < 500) {
      const code = HTTP_EXCEPTION_CODES[error.status] ?? 'BAD_REQUEST';
      if (error.status === 400) {
        return problem(c, code, translate(lang, 'api.invalid_json'), { rule: 'invalid_json' });
      }
      if (error.status === 415) {
        const message = translate(lang, 'api.unsupported_media_type', {
          type: c.req.header('Content-Type') ?? '',
        });
        return problem(c, code, message, {
          rule: 'unsupported_media_type',
          errors: [{ field: 'Content-Type', rule: 'field.invalid', message }],
        });
      }
      return problem(c, code, translate(lang, `title.${code}`));
    }
    const requestId = c.get('requestId') ?? '';
    log('error', 'unhandled error', { requestId, error: error.stack ?? String(error) });
    return problem(c, 'INTERNAL', translate(lang, 'api.internal', { requestId }));
  };
}
