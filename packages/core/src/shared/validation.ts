import type { z } from 'zod';
import { DomainError, type FieldIssue } from '../errors.ts';

/**
 * Parses untrusted input with a zod schema; on failure throws VALIDATION_FAILED naming every field.
 * @example const input = parseInput(CreateTicketInputSchema, body);
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  refuseNulCharacters(input);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldIssue[] = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? 'body' : 'input');
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(', '), rule: 'field.invalid', params: { reason: 'unknown field' } };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) return { field, rule: 'field.required' };
    return { field, rule: 'field.invalid', params: { reason: issue.message } };
  });
  throw new DomainError('VALIDATION_FAILED', { rule: 'invalid_value', fields });
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
  if (Array.isArray(input)) input.forEach((item, i) => refuseNulCharacters(item, [...path, String(i)]));
  else if (input && typeof input === 'object' && !(input instanceof Date)) {
    for (const [key, value] of Object.entries(input)) refuseNulCharacters(value, [...path, key]);
  }
}
