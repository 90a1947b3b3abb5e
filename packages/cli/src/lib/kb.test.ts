import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../testing/fake-api.ts';
import { anArticle, anArticleHit } from '../testing/fixtures.ts';
import { confirm } from './confirm.ts';
import { kbApi, renderSuggestions, renderVotes, whyText } from './kb.ts';

beforeEach(() => {
  vi.stubEnv('GUICHET_LANG', 'fr');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('whyText', () => {
  it('says the fields and words found, then synonyms, corrections and a close title', () => {
    expect(
      whyText({
        fields: ['title', 'tags'],
        words: ['opalle', 'traitement'],
        synonyms: [{ word: 'traitement', tag: 'libreoffice', term: 'libreoffice' }],
        corrections: [{ typed: 'opalle', read: 'opale' }],
        titleSimilarity: 0.72,
      }),
    ).toBe(
      'titre, étiquettes : opalle, traitement ; « traitement » ≈ libreoffice (étiquette libreoffice) ; « opalle » lu « opale » ; titre proche (72 %)',
    );
    expect(whyText(null)).toBe('');
    vi.stubEnv('GUICHET_LANG', 'en');
    expect(whyText({ fields: ['body'], words: ['odt'], synonyms: [], corrections: [] })).toBe('body: odt');
  });
});

describe('renderSuggestions and renderVotes', () => {
  it('shows the articles, then the similar tickets (solved ones for a ticket), none said as such', () => {
    const text = renderSuggestions(
      {
        id: '40000000-0000-4000-8000-000000000001',
        articles: [anArticleHit()],
        tickets: [],
      },
      true,
    );
    expect(text).toMatch(/^Articles\nRÉF\s+GENRE\s+TITRE\s+POURQUOI\nKB-000042\s+erreur connue/);
    expect(text).toMatch(/titre : opale$/m);
    expect(text).toMatch(/Tickets semblables déjà résolus\n {2}aucun$/);
  });

  it('gives the counts, and the caller’s own vote in words', () => {
    expect(renderVotes(anArticle({ votes: { helpful: 3, notHelpful: 1, mine: 'not_helpful' } }))).toBe(
      'KB-000042 : 3 utile, 1 pas utile ; votre vote : pas utile',
    );
  });
});

describe('kbApi', () => {
  it('discard: confirmed, deletes at the version that was shown; declined, sends nothing', async () => {
    const { connection, requests } = fakeApi({
      'GET /v1/articles/KB-000042': anArticle({ version: 5 }),
      'DELETE /v1/articles/KB-000042': { status: 204 },
    });
    const seen: string[] = [];
    expect(
      await kbApi.discard(connection, {
        reference: 'KB-000042',
        confirm: async (a) => {
          seen.push(a.title);
          return false;
        },
      }),
    ).toBe(false);
    expect(requests.map((r) => r.method)).toEqual(['GET']);
    expect(await kbApi.discard(connection, { reference: 'KB-000042', confirm: async () => true })).toBe(true);
    expect(seen).toEqual(['Opale : l’export ODT échoue']);
    const deleted = requests.filter((r) => r.method === 'DELETE');
    expect(deleted.map((r) => r.headers.get('if-match'))).toEqual(['"v5"']);
  });

  it('discard without asking sends If-Match only when given; a refusal is the server’s line', async () => {
    const { connection, requests } = fakeApi({
      'DELETE /v1/articles/KB-000042': {
        status: 409,
        body: { title: 'Transition impossible', detail: 'un article déjà publié s’archive' },
      },
    });
    await expect(kbApi.discard(connection, { reference: 'KB-000042' })).rejects.toThrow(
      'Transition impossible: un article déjà publié s’archive',
    );
    expect(requests[0]?.headers.get('if-match')).toBeNull();
  });

  it('vote, tags, suggestions, linked articles and deflection speak the API’s shapes', async () => {
    const { connection, requests } = fakeApi({
      'POST /v1/articles/KB-000042/votes': anArticle(),
      'PUT /v1/tags/libreoffice': { code: 'libreoffice', label: 'LibreOffice', synonyms: ['writer'] },
      'GET /v1/suggestions': { id: 'x', articles: [], tickets: [] },
      'GET /v1/tickets/GU-2026-000042/articles': [anArticleHit()],
      'POST /v1/suggestions/x/deflect': { status: 204 },
    });
    await kbApi.vote(connection, { reference: 'KB-000042', value: 'not_helpful' });
    await kbApi.putTag(connection, { code: 'libreoffice', label: 'LibreOffice', synonyms: ['writer'] });
    await kbApi.suggest(connection, { title: 'export odt', service: 'scenari' });
    expect(await kbApi.linked(connection, 'GU-2026-000042')).toHaveLength(1);
    await kbApi.deflect(connection, { suggestion: 'x', article: 'KB-000042' });
    expect(requests.map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
      { method: 'POST', path: '/v1/articles/KB-000042/votes', query: '', body: { value: 'not_helpful' } },
      {
        method: 'PUT',
        path: '/v1/tags/libreoffice',
        query: '',
        body: { label: 'LibreOffice', synonyms: ['writer'] },
      },
      {
        method: 'GET',
        path: '/v1/suggestions',
        query: '?title=export%20odt&service=scenari',
        body: undefined,
      },
      { method: 'GET', path: '/v1/tickets/GU-2026-000042/articles', query: '', body: undefined },
      { method: 'POST', path: '/v1/suggestions/x/deflect', query: '', body: { article: 'KB-000042' } },
    ]);
  });
});

describe('confirm', () => {
  const ask = async (answer: string | null, language = 'fr') => {
    vi.stubEnv('GUICHET_LANG', language);
    const input = new PassThrough();
    const output = new PassThrough();
    let asked = '';
    output.on('data', (chunk) => {
      asked += String(chunk);
    });
    const answered = confirm('Supprimer ? [o/N] ', { input, output });
    if (answer === null) input.end();
    else input.write(`${answer}\n`);
    return { yes: await answered, asked };
  };

  it('only an explicit yes counts; an empty line or the end of input is no', async () => {
    expect(await ask('o')).toEqual({ yes: true, asked: 'Supprimer ? [o/N] ' });
    expect((await ask(' Oui ')).yes).toBe(true);
    expect((await ask('y')).yes).toBe(true);
    expect((await ask('')).yes).toBe(false);
    expect((await ask('non')).yes).toBe(false);
    expect((await ask(null)).yes).toBe(false);
    expect((await ask('o', 'en')).yes).toBe(false);
    expect((await ask('yes', 'en')).yes).toBe(true);
  });
});
