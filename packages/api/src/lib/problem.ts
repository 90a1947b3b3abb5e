import { type DomainError, type ErrorCode, type Language, translate } from '@guichet/core';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PROBLEM_EXAMPLE } from '../routes/examples.ts';
import type { AppEnv } from './app-env.ts';

/** API-level codes on top of core's: authentication and HTTP preconditions. */
export type ProblemCode =
  | ErrorCode
  | 'UNAUTHENTICATED'
  | 'PRECONDITION_FAILED'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_ALLOWED'
  | 'BAD_REQUEST'
  | 'INTERNAL';

/** The single code → HTTP status table. */
export const codeToStatus: Readonly<Record<ProblemCode, ContentfulStatusCode>> = {
  VALIDATION_FAILED: 422,
  NOT_FOUND: 404,
  TICKET_NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  DUPLICATE: 409,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  PRECONDITION_FAILED: 412,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  BAD_REQUEST: 400,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/** Seconds a client should wait before retrying after a 503 (the database is away). */
export const RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/docs/problems#validation_failed' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
    rule: z.string().optional(),
    requestId: z.string(),
    errors: z
      .array(z.object({ field: z.string(), rule: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'One entry per invalid field' }),
  })
  .openapi('Problem', { example: PROBLEM_EXAMPLE });
export type Problem = z.infer<typeof ProblemSchema>;

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** Shared problem responses, spread into every route. */
export const problemResponses = {
  401: { description: 'Missing, unknown, expired or revoked token', content: problemContent },
  403: { description: 'The token or the person may not do this', content: problemContent },
  404: { description: 'Not found, or not visible to the caller', content: problemContent },
  409: { description: 'Conflicts with the ticket state or a concurrent change', content: problemContent },
  412: { description: 'If-Match does not match the current ETag', content: problemContent },
  413: { description: 'Request body over 1 MiB', content: problemContent },
  415: {
    description: 'The body is not of the media type the operation takes (JSON)',
    content: problemContent,
  },
  422: { description: 'Invalid input, with one entry per field', content: problemContent },
  429: {
    description: 'Too many requests for this token (see the RateLimit headers)',
    content: problemContent,
  },
  500: { description: 'Unexpected error (logged with the request id)', content: problemContent },
  503: {
    description: 'The database is unreachable or too slow: retry after `Retry-After` seconds',
    content: problemContent,
  },
} as const;

/** The caller's language from Accept-Language; French unless English is preferred. */
export function languageOf(header: string | undefined): Language {
  if (!header) return 'fr';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((x) => x.trim().startsWith('q='));
      return { tag: (tag ?? '').split('-')[0], q: q ? Number(q.split('=')[1]) : 1 };
    })
    .filter((x) => x.tag === 'fr' || x.tag === 'en')
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.tag as Language | undefined) ?? 'fr';
}

/** The `type` of a code's problems: its anchor on the problems page (`GET /docs/problems`). */
export function problemType(code: ProblemCode): string {
  return `/docs/problems#${code.toLowerCase()}`;
}

/** Renders an RFC 9457 problem document. */
export function problem(
  c: Context<AppEnv>,
  code: ProblemCode,
  detail: string,
  extra: { rule?: string; errors?: Problem['errors'] } = {},
): Response {
  const lang = c.get('lang') ?? 'fr';
  const status = codeToStatus[code];
  if (code === 'UNAVAILABLE') c.header('Retry-After', String(RETRY_AFTER_UNAVAILABLE_SECONDS));
  const body: Problem = {
    type: problemType(code),
    title: translate(lang, `title.${code}`),
    status,
    detail,
    instance: c.req.path,
    code,
    requestId: c.get('requestId') ?? '',
    ...(extra.rule ? { rule: extra.rule } : {}),
    ...(extra.errors && extra.errors.length > 0 ? { errors: extra.errors } : {}),
  };
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}

/** A DomainError as a problem, in the caller's language. */
export function domainProblem(c: Context<AppEnv>, error: DomainError): Response {
  const lang = c.get('lang') ?? 'fr';
  return problem(c, error.code, error.localized(lang), {
    ...(error.details.rule ? { rule: error.details.rule } : {}),
    errors: error.localizedFields(lang),
  });
}

/** Thrown by routes for HTTP-level refusals (e.g. a stale If-Match); rendered by the error handler. */
export class ApiProblem extends Error {
  readonly code: ProblemCode;
  readonly rule: string | undefined;
  constructor(code: ProblemCode, detail: string, rule?: string) {
    super(detail);
    this.code = code;
    this.rule = rule;
  }
}
