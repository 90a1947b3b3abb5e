import { type Language, translate } from './i18n/messages.ts';

/** The closed set of error codes core can raise. Adapters map each to one HTTP status / exit code. */
export const ERROR_CODES = [
  'NOT_FOUND',
  'TICKET_NOT_FOUND',
  'INVALID_TRANSITION',
  'VALIDATION_FAILED',
  'CONFLICT',
  'FORBIDDEN',
  'DUPLICATE',
  /** The database is unreachable, stopping or too slow: try again shortly. */
  'UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One invalid field, named by its path in the input (`agentId`, `until`, `subServiceCode`). */
export interface FieldIssue {
  field: string;
  /** Message key in the i18n catalogue, e.g. `field.required`. */
  rule: string;
  params?: Record<string, string | number>;
}

export interface DomainErrorDetails {
  /** The named rule that refused, e.g. `ticket_is_final`, `agent_not_in_team`. */
  rule?: string;
  fields?: FieldIssue[];
  params?: Record<string, string | number>;
}

/**
 * The only error type core lets out. `message` is English (for logs); `localized(lang)` gives what a
 * requester or agent reads, in French by default.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: DomainErrorDetails;

  constructor(code: ErrorCode, details: DomainErrorDetails = {}, options?: { cause?: unknown }) {
    super(describe(code, details, 'en'), options);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  /** The message in the reader's language (French when unspecified). */
  localized(lang: Language = 'fr'): string {
    return describe(this.code, this.details, lang);
  }

  /** Each field issue rendered in the reader's language. */
  localizedFields(lang: Language = 'fr'): { field: string; rule: string; message: string }[] {
    return (this.details.fields ?? []).map((f) => ({
      field: f.field,
      rule: f.rule,
      message: translate(lang, f.rule, { field: f.field, ...f.params }),
    }));
  }
}

function describe(code: ErrorCode, details: DomainErrorDetails, lang: Language): string {
  const params = details.params ?? {};
  const head = details.rule
    ? translate(lang, `rule.${details.rule}`, params)
    : translate(lang, `error.${code}`, params);
  const fields = details.fields ?? [];
  if (fields.length === 0) return head;
  const parts = fields.map((f) => translate(lang, f.rule, { field: f.field, ...f.params }));
  return `${head}: ${parts.join('; ')}`;
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** Shorthand for a validation failure on a single field. */
export function fieldError(
  field: string,
  rule: string,
  params?: Record<string, string | number>,
): DomainError {
  return new DomainError('VALIDATION_FAILED', { fields: [{ field, rule, ...(params ? { params } : {}) }] });
}
