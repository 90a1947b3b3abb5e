import { DomainError, translate } from '@guichet/core';
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

/** Validation failures of path, query, headers or body: one problem naming every field. */
export const defaultHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const lang = c.get('lang') ?? 'fr';
  const errors = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || result.target;
    const rule =
      issue.code === 'invalid_type' && issue.input === undefined ? 'field.required' : 'field.invalid';
    return { field, rule, message: translate(lang, rule, { field, reason: issue.message }) };
  });
  return problem(c, 'VALIDATION_FAILED', errors.map((e) => e.message).join('; '), {
    rule: 'invalid_value',
    errors,
  });
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
