/**
 * docs/portal-guide.md, replayed: each request of the guide is sent, in order, to a real API that
 * trusts a real OpenID provider (the student signs in there), and each answer must be the one the
 * guide shows: same status, headers and fields, same values except ids, times and references.
 */
import { readFileSync } from 'node:fs';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PortalStack, startPortalStack } from '../../examples/portal/stack.ts';

const GUIDE = readFileSync(new URL('../../docs/portal-guide.md', import.meta.url), 'utf8');

interface Message {
  start: string;
  headers: Record<string, string>;
  body: string;
}

/** The guide's ```http blocks: a request, then its response. */
function exchanges(): { request: Message; response: Message }[] {
  const blocks = [...GUIDE.matchAll(/```http\n([\s\S]*?)```/g)].map((m): Message => {
    const [head = '', ...rest] = (m[1] ?? '').split(/\n\n/);
    const [start = '', ...lines] = head.split('\n');
    const headers = Object.fromEntries(
      lines
        .filter((l) => l.trim())
        .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    return { start, headers, body: rest.join('\n\n').trim() };
  });
  const pairs: { request: Message; response: Message }[] = [];
  for (let i = 0; i < blocks.length; i += 2) {
    const [request, response] = [blocks[i]!, blocks[i + 1]];
    expect(request.start, 'a request block').toMatch(/^(GET|POST|PUT|PATCH|DELETE) \//);
    expect(response?.start, `the answer to ${request.start}`).toMatch(/^HTTP\/1\.1 \d{3} /);
    pairs.push({ request, response: response! });
  }
  return pairs;
}

const VOLATILE = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/,
  /^GU-\d{4}-\d{6}$/,
];

/** Differences between what the guide shows and what came, by path (ids, times, references aside). */
function differences(shown: unknown, got: unknown, path = '$', out: string[] = []): string[] {
  if (Array.isArray(shown)) {
    if (!Array.isArray(got) || got.length < shown.length) out.push(`${path}: ${JSON.stringify(got)}`);
    else for (const [i, item] of shown.entries()) differences(item, got[i], `${path}[${i}]`, out);
  } else if (shown && typeof shown === 'object') {
    if (!got || typeof got !== 'object') out.push(`${path}: ${JSON.stringify(got)}`);
    else {
      const [a, b] = [Object.keys(shown).sort(), Object.keys(got).sort()];
      if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path} keys: ${b.join(',')}`);
      for (const key of a)
        differences(
          (shown as Record<string, unknown>)[key],
          (got as Record<string, unknown>)[key],
          `${path}.${key}`,
          out,
        );
    }
  } else {
    const volatile =
      /\.(id|requestId)$/.test(path) || (typeof shown === 'string' && VOLATILE.some((re) => re.test(shown)));
    if (volatile ? typeof got !== typeof shown : got !== shown) out.push(`${path}: ${JSON.stringify(got)}`);
  }
  return out;
}

let guichet: TestGuichet;
let stack: PortalStack;

beforeAll(async () => {
  guichet = await createTestGuichet();
  await givenDemoCatalogue(guichet);
  stack = await startPortalStack(guichet);
});

afterAll(async () => {
  await stack?.stop();
  await guichet?.dispose();
});

it('every request of docs/portal-guide.md gets the answer the guide shows', async () => {
  const accessToken = await stack.oidc.accessTokenFor('etudiant');
  const technician = (
    await guichet.tokens.create(
      { person: 'web.tech@groupe-insa.fr', name: 'guide', scopes: ['read', 'write'] },
      'local',
    )
  ).token;
  // The guide's references stand for the ones this database hands out.
  const references = new Map<string, string>();
  const real = (text: string) =>
    text
      .replace(/GU-\d{4}-\d{6}/g, (shown) => references.get(shown) ?? shown)
      .replace('<access token>', accessToken);

  const pairs = exchanges();
  expect(pairs.length).toBeGreaterThanOrEqual(7);
  for (const { request, response } of pairs) {
    const [method = 'GET', path = '/'] = request.start.split(' ');
    const label = request.start;
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, real(v)]));
    const controller = new AbortController();
    const res = await fetch(stack.apiUrl + real(path), {
      method,
      headers,
      signal: controller.signal,
      ...(request.body ? { body: real(request.body) } : {}),
    });
    expect(res.status, label).toBe(Number(response.start.split(' ')[1]));
    expect(res.headers.get('content-type'), label).toContain(response.headers['content-type']);

    if (response.headers['content-type'] === 'text/event-stream') {
      // The guide's frame is what the stream sends when the technician answers.
      const frame = Object.fromEntries(
        response.body
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
      );
      const shown = JSON.parse(frame.data ?? '{}') as { ticket: string; data: { body: string } };
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      const reply = await fetch(`${stack.apiUrl}/v1/tickets/${real(shown.ticket)}/comments`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${technician}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ body: shown.data.body }),
      });
      expect(reply.status).toBe(200);
      let text = '';
      while (!/\n\n/.test(text.replace(/^: .*\n\n/gm, ''))) text += (await reader.read()).value ?? '';
      controller.abort();
      const got = Object.fromEntries(
        text
          .split('\n')
          .filter((l) => l && !l.startsWith(':'))
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
      );
      expect(got.event, label).toBe(frame.event);
      expect(got.id, label).toMatch(/^\d+$/);
      expect(differences(shown, JSON.parse(got.data ?? '{}')), label).toEqual([]);
      continue;
    }

    const body = (await res.json()) as unknown;
    const shownBody = JSON.parse(response.body) as unknown;
    // A created ticket: its reference stands for the guide's from now on.
    const shownRef = (shownBody as { reference?: string }).reference;
    const gotRef = (body as { reference?: string }).reference;
    if (shownRef && gotRef && !references.has(shownRef)) references.set(shownRef, gotRef);
    expect(differences(shownBody, body), label).toEqual([]);
    for (const name of ['etag', 'location']) {
      if (response.headers[name])
        expect(res.headers.get(name), `${label} ${name}`).toBe(real(response.headers[name]));
    }
  }
});
