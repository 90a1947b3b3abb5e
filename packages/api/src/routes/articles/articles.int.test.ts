/**
 * The knowledge base over HTTP: the Scenari article from a resolution to a requester's suggestion,
 * ETag / If-Match, Idempotency-Key, anonymous reads of public articles, revisions and restore.
 */
import type { TokenScope } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { ProblemSchema } from '../../lib/problem.ts';
import { TicketEventSchema } from '../tickets/schemas.ts';
import { ArticlePageSchema, ArticleSchema, RevisionSchema, SuggestionsSchema } from './schemas.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

async function givenApi() {
  guichet = await createTestGuichet();
  const g = guichet;
  await givenDemoCatalogue(g);
  for (const email of ['enseignante@insa-rouen.fr', 'etudiant@insa-lyon.fr']) {
    await g.catalogue.upsertPerson({ email, displayName: email });
  }
  const token = async (person: string, scopes: TokenScope[] = ['read', 'write']) =>
    (await g.tokens.create({ person, name: 'test', scopes }, 'local')).token;
  const app = createApp(g);
  const call = async (
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    return { res, json: text ? JSON.parse(text) : null };
  };
  return {
    g,
    call,
    tech: await token('scenari.tech@insa-rouen.fr'),
    moderator: await token('scenari.moderation@insa-rouen.fr'),
    teacher: await token('enseignante@insa-rouen.fr'),
    lyon: await token('etudiant@insa-lyon.fr'),
  };
}

describe('the knowledge base over HTTP', () => {
  it('from a resolved Scenari ticket to an article a requester elsewhere is suggested', async () => {
    const { call, tech, moderator, teacher, lyon } = await givenApi();
    expect(
      (
        await call('PUT', '/v1/tags/libreoffice', {
          token: moderator,
          body: { label: 'LibreOffice', synonyms: ['odt'] },
        })
      ).res.status,
    ).toBe(200);
    const ticket = await call('POST', '/v1/tickets', {
      token: moderator,
      body: {
        requester: 'enseignante@insa-rouen.fr',
        title: 'La génération .odt échoue dans Opale',
        description: 'La publication ODT s’arrête sur une erreur de transformation.',
        service: 'scenari',
        subService: 'scenari.opale',
        channel: 'email',
      },
    });
    const ref = ticket.json.reference as string;
    await call('POST', `/v1/tickets/${ref}/comments`, {
      token: tech,
      body: { body: 'Accès recette : secret42', internal: true },
    });
    await call('POST', `/v1/tickets/${ref}/actions/resolve`, {
      token: tech,
      body: {
        service: 'scenari',
        subService: 'scenari.opale',
        solution: 'Mise à jour Opale 5.0.4 par Kelis',
      },
    });
    // Not before it is resolved… now, in one step, idempotently.
    const headers = { 'Idempotency-Key': 'kb-from-ticket-1' };
    const created = await call('POST', `/v1/tickets/${ref}/articles`, { token: tech, body: {}, headers });
    expect(created.res.status, JSON.stringify(created.json)).toBe(201);
    const article = ArticleSchema.parse(created.json);
    expect(article).toMatchObject({
      status: 'draft',
      kind: 'known_error',
      tags: ['libreoffice'],
      linkedTickets: [ref],
    });
    expect(JSON.stringify(article)).not.toContain('secret42');
    expect(created.res.headers.get('Location')).toBe(`/v1/articles/${article.reference}`);
    const again = await call('POST', `/v1/tickets/${ref}/articles`, { token: tech, body: {}, headers });
    expect(again.res.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.json.reference).toBe(article.reference);
    // The ticket's timeline records it for staff; the requester sees neither the event nor the draft.
    const staffTimeline = (await call('GET', `/v1/tickets/${ref}/timeline`, { token: tech }))
      .json as unknown[];
    expect(staffTimeline.map((e) => TicketEventSchema.parse(e).type)).toContain('article_created');
    const teacherTimeline = (await call('GET', `/v1/tickets/${ref}/timeline`, { token: teacher })).json as {
      type: string;
    }[];
    expect(teacherTimeline.map((e) => e.type)).not.toContain('article_created');
    expect((await call('GET', `/v1/articles/${article.reference}`, { token: teacher })).res.status).toBe(404);
    expect((await call('GET', `/v1/tickets/${ref}/articles`, { token: teacher })).json).toEqual([]);
    expect(
      (await call('GET', `/v1/tickets/${ref}/articles`, { token: tech })).json.map(
        (a: { reference: string }) => a.reference,
      ),
    ).toEqual([article.reference]);
    // The technician may not publish; the moderator does, with If-Match.
    const get = await call('GET', `/v1/articles/${article.reference}`, { token: moderator });
    const etag = get.res.headers.get('ETag')!;
    expect(
      (await call('POST', `/v1/articles/${article.reference}/actions/publish`, { token: tech, body: {} })).res
        .status,
    ).toBe(403);
    const stale = await call('POST', `/v1/articles/${article.reference}/actions/publish`, {
      token: moderator,
      body: { audience: 'requesters' },
      headers: { 'If-Match': '"v999"' },
    });
    expect(stale.res.status).toBe(412);
    expect(ProblemSchema.parse(stale.json)).toMatchObject({
      code: 'PRECONDITION_FAILED',
      rule: 'article_stale_version',
    });
    const published = await call('POST', `/v1/articles/${article.reference}/actions/publish`, {
      token: moderator,
      body: { audience: 'requesters' },
      headers: { 'If-Match': etag },
    });
    expect(published.res.status).toBe(200);
    expect(published.res.headers.get('ETag')).not.toBe(etag);
    // A requester at INSA Lyon types the problem in other words: the article is suggested first.
    const q = new URLSearchParams({
      title: '',
      description: 'la génération des fichiers odt échoue avec Opalle',
    });
    const suggested = await call('GET', `/v1/suggestions?${q}`, { token: lyon });
    expect(suggested.res.status).toBe(200);
    const s = SuggestionsSchema.parse(suggested.json);
    expect(s.articles.slice(0, 3).map((a) => a.reference)).toContain(article.reference);
    expect(s.articles[0]!.snippetHtml).not.toMatch(/<(?!\/?mark>)/);
    const deflected = await call('POST', `/v1/suggestions/${s.id}/deflect`, {
      token: lyon,
      body: { article: article.reference },
    });
    expect(deflected.res.status).toBe(204);
    expect(
      (await call('POST', `/v1/suggestions/${s.id}/deflect`, { token: teacher, body: {} })).res.status,
    ).toBe(404);
    // They vote.
    const voted = await call('POST', `/v1/articles/${article.reference}/votes`, {
      token: lyon,
      body: { value: 'helpful' },
    });
    expect(voted.json.votes).toEqual({ helpful: 1, notHelpful: 0, mine: 'helpful' });
  });

  it('anonymous callers read published public articles only, without a token', async () => {
    const { call, moderator } = await givenApi();
    const make = async (title: string, audience: string) => {
      const a = await call('POST', '/v1/articles', {
        token: moderator,
        body: { title, kind: 'faq', services: ['scenari'] },
      });
      await call('POST', `/v1/articles/${a.json.reference}/actions/publish`, {
        token: moderator,
        body: { audience },
      });
      return a.json.reference as string;
    };
    const publicRef = await make('Installer Scenari chez soi', 'public');
    const requestersRef = await make('Scenari pour les enseignants', 'requesters');
    const internalRef = await make('Scenari : serveur de recette', 'internal');
    const draft = await call('POST', '/v1/articles', {
      token: moderator,
      body: { title: 'Scenari brouillon', kind: 'faq', services: ['scenari'] },
    });
    const ok = await call('GET', `/v1/articles/${publicRef}`);
    expect(ok.res.status).toBe(200);
    expect(ok.json.owner).toBeNull();
    for (const ref of [requestersRef, internalRef, draft.json.reference]) {
      const hidden = await call('GET', `/v1/articles/${ref}`);
      expect(hidden.res.status).toBe(404);
      expect(ProblemSchema.parse(hidden.json).code).toBe('NOT_FOUND');
    }
    const list = ArticlePageSchema.parse((await call('GET', '/v1/articles?q=scenari')).json);
    expect(list.items.map((i) => i.reference)).toEqual([publicRef]);
    expect(list.total).toBe(1);
    expect((await call('GET', '/v1/tags')).res.status).toBe(200);
    // Everything else still needs a token; a bad token is refused even where none is needed.
    expect((await call('POST', '/v1/articles', { body: { title: 'x', kind: 'faq' } })).res.status).toBe(401);
    expect((await call('GET', '/v1/suggestions?title=scenari')).res.status).toBe(401);
    expect((await call('GET', `/v1/articles/${publicRef}/revisions`)).res.status).toBe(401);
    expect(
      (await call('GET', '/v1/articles', { headers: { Authorization: 'Bearer gch_nope' } })).res.status,
    ).toBe(401);
  });

  it('edits with If-Match, revisions listed, shown and restored; a missing field is named', async () => {
    const { call, tech, moderator } = await givenApi();
    const created = await call('POST', '/v1/articles', {
      token: tech,
      body: {
        title: 'Exporter un module',
        kind: 'how_to',
        services: ['scenari.opale'],
        body: '# Étapes\n\n1. Ouvrir',
      },
    });
    const ref = created.json.reference as string;
    expect(created.json.bodyHtml).toBe('<h1>Étapes</h1>\n<ol>\n<li>Ouvrir</li>\n</ol>\n');
    const etag = created.res.headers.get('ETag')!;
    const edited = await call('PATCH', `/v1/articles/${ref}`, {
      token: tech,
      body: { summary: 'En trois étapes' },
      headers: { 'If-Match': etag },
    });
    expect(edited.res.status).toBe(200);
    const conflict = await call('PATCH', `/v1/articles/${ref}`, {
      token: moderator,
      body: { summary: 'Autre' },
      headers: { 'If-Match': etag },
    });
    expect(conflict.res.status).toBe(412);
    const revisions = (await call('GET', `/v1/articles/${ref}/revisions`, { token: tech })).json as unknown[];
    expect(revisions.map((r) => RevisionSchema.parse(r).number)).toEqual([2, 1]);
    const first = RevisionSchema.parse(
      (await call('GET', `/v1/articles/${ref}/revisions/1`, { token: tech })).json,
    );
    expect(first.content.summary).toBe('');
    expect((await call('POST', `/v1/articles/${ref}/revisions/1/restore`, { token: tech })).res.status).toBe(
      403,
    );
    const restored = await call('POST', `/v1/articles/${ref}/revisions/1/restore`, { token: moderator });
    expect(restored.json).toMatchObject({ summary: '', revision: 3 });
    const invalid = await call('POST', '/v1/articles', {
      token: tech,
      body: { kind: 'faq', services: ['scenari'] },
    });
    expect(invalid.res.status).toBe(422);
    expect(ProblemSchema.parse(invalid.json).errors?.[0]).toMatchObject({ field: 'title' });
    const unknown = await call('POST', '/v1/articles', {
      token: tech,
      body: { title: 'x', kind: 'faq', services: ['nope'] },
    });
    expect(ProblemSchema.parse(unknown.json).errors?.[0]).toMatchObject({
      field: 'services.0',
      rule: 'field.unknown',
    });
    expect((await call('DELETE', `/v1/articles/${ref}`, { token: tech })).res.status).toBe(204);
    expect((await call('GET', `/v1/articles/${ref}`, { token: tech })).res.status).toBe(404);
  });
});
