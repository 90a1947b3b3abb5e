import { readFileSync } from 'node:fs';
import type { Guichet } from '@guichet/core';
import { translate } from '@guichet/core';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { codeToStatus, type ProblemCode, problemType } from '../lib/problem.ts';

// The page and the refusals below need no database.
const app = createApp(null as unknown as Guichet);

async function page(path = '/docs/problems') {
  const res = await app.request(path);
  return { res, html: await res.text() };
}
const anchors = (html: string) => new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));

describe('GET /docs/problems', () => {
  it('is an HTML page with a section per problem code, in French and English', async () => {
    const { res, html } = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    for (const code of Object.keys(codeToStatus) as ProblemCode[]) {
      const section = html.slice(html.indexOf(`id="${code.toLowerCase()}"`));
      expect(section, code).toContain(`<code>${code}</code> · ${codeToStatus[code]}`);
      for (const lang of ['fr', 'en'] as const) {
        expect(section, `${code} ${lang}`).toContain(translate(lang, `title.${code}`));
        expect(translate(lang, `explain.${code}`), `${code} ${lang}`).not.toBe(`explain.${code}`);
      }
    }
  });

  it('has the anchor of every type the API can emit', async () => {
    const ids = anchors((await page()).html);
    const types = (Object.keys(codeToStatus) as ProblemCode[]).map(problemType);
    for (const type of types) {
      const [path, anchor] = type.split('#');
      expect(path).toBe('/docs/problems');
      expect(ids.has(anchor), type).toBe(true);
    }
  });

  it('resolves the types of real problems and of the OpenAPI document', async () => {
    const emitted = [
      (await (await app.request('/nowhere')).json()) as { type: string },
      (await (await app.request('/v1/me')).json()) as { type: string },
    ].map((p) => p.type);
    const documented = [
      ...readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8').matchAll(
        /"(\/docs\/problems#\w+)"/g,
      ),
    ].map((m) => m[1] ?? '');
    expect(documented.length).toBeGreaterThan(0);
    for (const type of [...emitted, ...documented]) {
      const [path, anchor] = type.split('#');
      const { res, html } = await page(path);
      expect(res.status, type).toBe(200);
      expect(anchors(html).has(anchor), type).toBe(true);
    }
  });
});
