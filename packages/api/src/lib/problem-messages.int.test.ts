/**
 * What a person reads in a problem: the caller's language all the way down (zod's own reasons
 * included), the offending key named itself, and a detail that never repeats the title.
 */
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { describeProblem } from '../client/index.ts';
import { type Problem, ProblemSchema } from './problem.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

async function givenApi() {
  guichet = await createTestGuichet();
  const g = guichet;
  await givenDemoCatalogue(g);
  await g.catalogue.upsertPerson({
    email: 'prof@insa-rennes.fr',
    displayName: 'Prof',
    affiliation: 'faculty',
  });
  const token = (
    await g.tokens.create({ person: 'prof@insa-rennes.fr', name: 't', scopes: ['read', 'write'] }, 'local')
  ).token;
  const app = createApp(g);
  /** The problem a request gets, in the language asked for. */
  const problemOf = async (method: string, path: string, lang: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        'Accept-Language': lang,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, problem: ProblemSchema.parse(await res.json()) };
  };
  return { problemOf };
}

const ENGLISH_ZOD = /Too small|Too big|Invalid input|Invalid option|Unrecognized key|expected/;

it('validation problems are in French by default, zod’s reasons included, and name an unknown key itself', async () => {
  const { problemOf } = await givenApi();
  // Given a body with an empty title and a key the operation does not have
  const { status, problem } = await problemOf('POST', '/v1/tickets', 'fr', {
    title: '',
    description: 'Le casque ne s’allume plus',
    priority: 'haute',
  });
  // Then each field is named as the caller named it, in French
  expect(status).toBe(422);
  expect(problem.errors).toEqual([
    {
      field: 'title',
      rule: 'field.invalid',
      message: '« title » est invalide (trop petit : chaîne de caractères doit avoir >=1 caractères)',
    },
    { field: 'priority', rule: 'field.unrecognized', message: '« priority » n’est pas un champ connu' },
  ]);
  expect(problem.detail).toBe(problem.errors?.map((e) => e.message).join('; '));
  expect(JSON.stringify(problem)).not.toMatch(ENGLISH_ZOD);
  expect(JSON.stringify(problem)).not.toContain('json');
});

it('the same request in English, and two languages at the same time each get their own', async () => {
  const { problemOf } = await givenApi();
  const body = { title: '', description: 'x', priority: 'high' };
  const [fr, en] = await Promise.all([
    problemOf('POST', '/v1/tickets', 'fr-FR,fr;q=0.9', body),
    problemOf('POST', '/v1/tickets', 'en-GB,en;q=0.9', body),
  ]);
  expect(en.problem.errors?.map((e) => e.message)).toEqual([
    '"title" is invalid (too small: expected string to have >=1 characters)',
    '"priority" is not a known field',
  ]);
  expect(fr.problem.errors?.map((e) => e.message)).toEqual([
    '« title » est invalide (trop petit : chaîne de caractères doit avoir >=1 caractères)',
    '« priority » n’est pas un champ connu',
  ]);
});

it('a value of the wrong type is invalid, not missing', async () => {
  const { problemOf } = await givenApi();
  const { problem } = await problemOf('POST', '/v1/tickets', 'fr', { title: 42, description: 'x' });
  expect(problem.errors).toEqual([
    {
      field: 'title',
      rule: 'field.invalid',
      message: '« title » est invalide (entrée invalide : chaîne de caractères attendu, nombre reçu)',
    },
  ]);
});

it.each(['fr', 'en'])('no problem detail repeats its title (%s)', async (lang) => {
  const { problemOf } = await givenApi();
  const problems: Problem[] = [
    (await problemOf('GET', '/v1/tickets/GU-2099-999999', lang)).problem,
    (await problemOf('POST', '/v1/tickets', lang, { title: '' })).problem,
    (await problemOf('GET', '/v1/services/nowhere', lang)).problem,
    (await problemOf('GET', '/v1/nothing-here', lang)).problem,
  ];
  for (const p of problems) {
    expect(p.detail.toLowerCase(), JSON.stringify(p)).not.toContain(p.title.toLowerCase());
    const line = describeProblem(p, p.status);
    expect(line.indexOf(p.title, 1), line).toBe(-1);
  }
  expect(problems[0]?.detail).toBe(
    lang === 'fr'
      ? 'Le ticket GU-2099-999999 n’existe pas, ou ne vous est pas visible'
      : 'Ticket GU-2099-999999 does not exist, or is not visible to you',
  );
});
