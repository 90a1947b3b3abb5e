import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isDomainError } from '../errors.ts';
import { parseInput } from './validation.ts';

const Schema = z
  .object({
    title: z.string().min(1),
    count: z.number().int(),
    kind: z.enum(['incident', 'request']),
    nested: z.object({ code: z.string() }).strict().optional(),
  })
  .strict();

/** The field issues parseInput reports for `input`, in a language. */
function refusal(input: unknown) {
  try {
    parseInput(Schema, input);
  } catch (error) {
    if (isDomainError(error)) return error;
  }
  throw new Error('parseInput accepted the input');
}

describe('parseInput', () => {
  it('words zod’s reasons in French by default, and in English on request', () => {
    const error = refusal({ title: '', count: 1.5, kind: 'problème' });
    expect(error.localizedFields('fr').map((f) => f.message)).toEqual([
      '« title » est invalide (trop petit : chaîne de caractères doit avoir >=1 caractères)',
      '« count » est invalide (entrée invalide : entier attendu, nombre reçu)',
      '« kind » est invalide (option invalide : une valeur parmi "incident"|"request" attendue)',
    ]);
    expect(error.localizedFields('en').map((f) => f.message)).toEqual([
      '"title" is invalid (too small: expected string to have >=1 characters)',
      '"count" is invalid (invalid input: expected int, received number)',
      '"kind" is invalid (invalid option: expected one of "incident"|"request")',
    ]);
    expect(error.localized('fr')).toBe(
      error
        .localizedFields('fr')
        .map((f) => f.message)
        .join('; '),
    );
  });

  it('names an unknown key itself, also inside a nested object', () => {
    const error = refusal({
      title: 'x',
      count: 1,
      kind: 'incident',
      priority: 'haute',
      nested: { code: 'a', extra: 1 },
    });
    expect(error.localizedFields('fr')).toEqual([
      {
        field: 'nested.extra',
        rule: 'field.unrecognized',
        message: '« nested.extra » n’est pas un champ connu',
      },
      { field: 'priority', rule: 'field.unrecognized', message: '« priority » n’est pas un champ connu' },
    ]);
  });

  it('tells a missing value from one of the wrong type', () => {
    const error = refusal({ count: 'trois', kind: 'incident' });
    expect(error.localizedFields('fr')).toEqual([
      { field: 'title', rule: 'field.required', message: '« title » est obligatoire' },
      {
        field: 'count',
        rule: 'field.invalid',
        message: '« count » est invalide (entrée invalide : nombre attendu, chaîne de caractères reçu)',
      },
    ]);
  });
});
