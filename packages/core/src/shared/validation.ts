import { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors.ts';
import { hasMessage, LANGUAGES, type Language } from '../i18n/messages.ts';

/**
 * zod's own wording of an issue in each language (its shipped locales), called per issue: nothing
 * global is configured, so two requests in two languages each get theirs.
 */
const ZOD_LOCALES: Readonly<Record<Language, z.core.$ZodErrorMap>> = {
  fr: z.locales.fr().localeError,
  en: z.locales.en().localeError,
};

/** The value at `path` in `input`, or undefined. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function zodMessage(issue: z.core.$ZodIssue, input: unknown, lang: Language): string {
  const raw = { ...issue, input } as unknown as Parameters<z.core.$ZodErrorMap>[0];
  const rendered = ZOD_LOCALES[lang](raw);
  const text = typeof rendered === 'string' ? rendered : (rendered?.message ?? issue.message);
  // zod's sentences start with a capital; here they follow "« field » est invalide (".
  return /^\p{Lu}\p{Ll}/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * zod issues as field issues in every language: an unknown key is named itself (`priority`, not the
 * object holding it), a missing value is `field.required`, anything else `field.invalid` with
 * zod's reason in French and English. `input` is what was parsed (to tell missing from wrong);
 * `whole` names the input itself when an issue has no path (e.g. `body`).
 */
export function zodFieldIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  whole = 'input',
): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), rule: 'field.unrecognized' }));
    }
    const field = path.join('.') || whole;
    const value = valueAt(input, issue.path);
    if (issue.code === 'invalid_type' && value === undefined) return [{ field, rule: 'field.required' }];
    // A schema's own rule (`.regex(RE, 'field.time_format')`) names its message.
    if (issue.message.startsWith('field.') && hasMessage(issue.message))
      return [{ field, rule: issue.message }];
    const reasons = Object.fromEntries(LANGUAGES.map((lang) => [lang, zodMessage(issue, value, lang)]));
    return [{ field, rule: 'field.invalid', reasons }];
  });
}

/**
 * Parses untrusted input with a zod schema; on failure throws VALIDATION_FAILED naming every field.
 * @example const input = parseInput(CreateTicketInputSchema, body);
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  refuseNulCharacters(input);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new DomainError('VALIDATION_FAILED', {
    rule: 'invalid_value',
    fields: zodFieldIssues(result.error.issues, input),
  });
}

/**
 * PostgreSQL cannot store the NUL character in text: refuse it up front, naming the field, instead
 * of letting the database fail on it.
 */
export function refuseNulCharacters(input: unknown, path: string[] = []): void {
  if (typeof input === 'string') {
    if (input.includes('\u0000')) {
      throw new DomainError('VALIDATION_FAILED', {
        rule: 'invalid_value',
        fields: [{ field: path.join('.') || 'input', rule: 'field.nul_character' }],
      });
    }
    return;
  }
  if (Array.isArray(input)) {
    input.forEach((item, i) => {
      refuseNulCharacters(item, [...path, String(i)]);
    });
  } else if (input && typeof input === 'object' && !(input instanceof Date)) {
    for (const [key, value] of Object.entries(input)) refuseNulCharacters(value, [...path, key]);
  }
}
