/**
 * What authors write never runs in a reader's browser: XSS payloads in every field come out as
 * sanitized HTML or plain JSON text; and nothing internal leaks to a requester through any route.
 */
import type { TokenScope } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { renderMarkdown } from './markdown.ts';
import { snippetHtml } from './schemas.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[clic](javascript:alert(1))',
  '[clic](JaVaScRiPt:alert(1))',
  '[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](javascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<svg onload=alert(1)>',
  '"><script>alert(1)</script>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '[x](vbscript:msgbox(1))',
  '<<script>script>alert(1)<</script>/script>',
];

/** HTML that would run something in a browser (in real tags: escaped text is harmless). */
const DANGEROUS =
  /<script|<iframe|<svg|<div|<[a-z][^>]*\son\w+=|<[a-z][^>]*\sstyle=|<[a-z][^>]*\s(href|src)="\s*(javascript|vbscript|data):|<img[^>]+src="(?!https:)/i;

describe('Markdown rendering', () => {
  it.each(PAYLOADS)('renders %s harmlessly', (payload) => {
    const html = renderMarkdown(`Texte ${payload} fin`)!;
    expect(html).not.toMatch(DANGEROUS);
  });

  it('keeps the formatting authors use, with safe links', () => {
    const html = renderMarkdown('**gras** et [doc](https://doc.scenari.software) et `code`\n\n- a\n- b')!;
    expect(html).toContain('<strong>gras</strong>');
    expect(html).toContain(
      '<a href="https://doc.scenari.software" rel="noopener noreferrer nofollow">doc</a>',
    );
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>a</li>');
  });

  it('snippets are escaped text with only <mark> added', () => {
    expect(
      snippetHtml([
        { text: '<img src=x onerror=alert(1)> ', match: false },
        { text: 'Opale', match: true },
      ]),
    ).toBe('&lt;img src=x onerror=alert(1)&gt; <mark>Opale</mark>');
  });
});

describe('the knowledge base over HTTP, attacked', () => {
  async function givenApi() {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    await g.catalogue.upsertPerson({ email: 'etudiant@insa-lyon.fr', displayName: 'Étudiant' });
    const token = async (person: string, scopes: TokenScope[] = ['read', 'write']) =>
      (await g.tokens.create({ person, name: 'test', scopes }, 'local')).token;
    const app = createApp(g);
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const res = await app.request(path, {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { res, text, json: text ? JSON.parse(text) : null };
    };
    return {
      call,
      moderator: await token('scenari.moderation@insa-rouen.fr'),
      student: await token('etudiant@insa-lyon.fr'),
    };
  }

  it('XSS in every field of an article: rendered HTML is sanitized, JSON text stays text', async () => {
    const { call, moderator, student } = await givenApi();
    for (const payload of PAYLOADS) {
      const created = await call('POST', '/v1/articles', moderator, {
        title: `Titre ${payload}`,
        summary: `Résumé ${payload}`,
        body: `Corps ${payload}`,
        kind: 'known_error',
        symptom: `Symptôme ${payload}`,
        cause: `Cause ${payload}`,
        workaround: `Contournement ${payload}`,
        solution: `Solution ${payload}`,
        services: ['scenari'],
      });
      expect(created.res.status, created.text).toBe(201);
      const ref = created.json.reference as string;
      await call('POST', `/v1/articles/${ref}/actions/publish`, moderator, { audience: 'public' });
      for (const reader of [student, undefined]) {
        const { json } = await call('GET', `/v1/articles/${ref}`, reader);
        expect(json.bodyHtml).not.toMatch(DANGEROUS);
        for (const field of ['symptom', 'cause', 'workaround', 'solution'])
          expect(json.html[field]).not.toMatch(DANGEROUS);
        // The raw fields are JSON strings, returned as written (a client inserts them as text).
        expect(json.title).toBe(`Titre ${payload}`);
      }
      const page = await call(
        'GET',
        `/v1/articles?q=${encodeURIComponent('Symptôme Contournement')}`,
        student,
      );
      for (const item of page.json.items) expect(item.snippetHtml).not.toMatch(DANGEROUS);
    }
  });

  it('a requester never gets an internal article, a draft, their text or their count from any route', async () => {
    const { call, moderator, student } = await givenApi();
    const internal = await call('POST', '/v1/articles', moderator, {
      title: 'Scenari : serveur de recette',
      body: 'Mot de passe zanzibar',
      kind: 'how_to',
      services: ['scenari'],
    });
    await call('POST', `/v1/articles/${internal.json.reference}/actions/publish`, moderator, {
      audience: 'internal',
    });
    await call('POST', '/v1/articles', moderator, {
      title: 'Scenari brouillon zanzibar',
      kind: 'faq',
      services: ['scenari'],
    });
    const routes = [
      `/v1/articles/${internal.json.reference}`,
      `/v1/articles/${internal.json.reference}/revisions`,
      `/v1/articles/${internal.json.reference}/revisions/1`,
      '/v1/articles?q=zanzibar',
      '/v1/articles?q=scenari',
      '/v1/articles?audience=internal',
      '/v1/articles?status=draft',
      '/v1/articles',
      '/v1/suggestions?title=zanzibar%20scenari',
    ];
    for (const path of routes) {
      for (const reader of [student, undefined]) {
        const { res, text } = await call('GET', path, reader);
        expect([200, 401, 404], path).toContain(res.status);
        expect(text, path).not.toMatch(/zanzibar|recette|brouillon/i);
        if (res.status === 200 && path.startsWith('/v1/articles?'))
          expect(JSON.parse(text).total, path).toBe(0);
      }
    }
    for (const [method, path, body] of [
      ['POST', `/v1/articles/${internal.json.reference}/votes`, { value: 'helpful' }],
      ['PATCH', `/v1/articles/${internal.json.reference}`, { title: 'x' }],
      ['POST', `/v1/articles/${internal.json.reference}/actions/archive`, {}],
    ] as const) {
      expect((await call(method, path, student, body)).res.status, path).toBe(404);
    }
  });
});
