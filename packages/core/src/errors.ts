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
  /** The `{reason}` of the message in each language, when it comes from elsewhere (zod's locales). */
  reasons?: Partial<Record<Language, string>>;
}

/** One field issue in the reader's language. */
function fieldMessage(issue: FieldIssue, lang: Language): string {
  const reason = issue.reasons ? { reason: issue.reasons[lang] ?? issue.reasons.fr } : {};
  return translate(lang, issue.rule, { field: issue.field, ...issue.params, ...reason });
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
      message: fieldMessage(f, lang),
    }));
  }
}

/**
 * The detail of an error: what went wrong, never a repeat of its title (adapters show both, e.g.
 * `title: detail`). With field issues and no specific rule, the issues are the detail.
 */
function describe(code: ErrorCode, details: DomainErrorDetails, lang: Language): string {
  const params = details.params ?? {};
  const head = details.rule
    ? translate(lang, `rule.${details.rule}`, params)
    : translate(lang, `error.${code}`, params);
  const fields = details.fields ?? [];
  if (fields.length === 0) return head;
  const parts = fields.map((f) => fieldMessage(f, lang)).join('; ');
  if (!details.rule || details.rule === 'invalid_value') return parts;
  return translate(lang, 'detail.with_fields', { head, fields: parts });
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** Why Guichet could not start: each is something the person running it can fix. */
export const STARTUP_PROBLEMS = [
  'data_dir_not_empty',
  'data_dir_unreachable',
  'no_cluster',
  'not_a_guichet_cluster',
  'embedded_start_failed',
  'database_unreachable',
] as const;
export type StartupProblem = (typeof STARTUP_PROBLEMS)[number];

/**
 * Raised by `createGuichet` (and `startEmbeddedPostgres`) when the database cannot be set up: a
 * data folder that is not a cluster, one the server's user cannot reach, no cluster where an admin
 * command looked, a database that does not answer. `message` is English; `localized(lang)` is the
 * one line to show the person who started Guichet, saying what is wrong and how to fix it.
 */
export class StartupError extends Error {
  readonly problem: StartupProblem;
  readonly params: Record<string, string>;

  constructor(problem: StartupProblem, params: Record<string, string>, options?: { cause?: unknown }) {
    super(translate('en', `startup.${problem}`, params), options);
    this.name = 'StartupError';
    this.problem = problem;
    this.params = params;
  }

  localized(lang: Language = 'fr'): string {
    return translate(lang, `startup.${this.problem}`, this.params);
  }
}

export const isStartupError = (e: unknown): e is StartupError => e instanceof StartupError;

/** Shorthand for a validation failure on a single field. */
export function fieldError(
  field: string,
  rule: string,
  params?: Record<string, string | number>,
): DomainError {
  return new DomainError('VALIDATION_FAILED', { fields: [{ field, rule, ...(params ? { params } : {}) }] });
}
