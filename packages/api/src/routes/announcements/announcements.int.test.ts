/**
 * Announcements over HTTP: anonymous reads of public ones, ETag / If-None-Match → 304 and
 * Cache-Control, Accept-Language, the Atom and JSON feeds (parsed), publishing and updates with
 * problem+json refusals, If-Match on corrections.
 */
import type { TokenScope } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import xml from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { ProblemSchema } from '../../lib/problem.ts';
import { AnnouncementPageSchema, AnnouncementSchema } from './schemas.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

async function givenApi(clock?: { now: () => Date }) {
  guichet = await createTestGuichet({}, clock ? { clock } : {});
  const g = guichet;
  await givenDemoCatalogue(g);
  await g.catalogue.upsertPerson({ email: 'etudiant@insa-lyon.fr', displayName: 'Étudiant' });
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
    const res = await app.request(`http://guichet.test${path}`, {
      method,
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    return { res, text };
  };
  const json = (r: { text: string }) => JSON.parse(r.text);
  return {
    g,
    call,
    json,
    moderator: await token('moodle.moderation@insa-lyon.fr'),
    scenari: await token('scenari.moderation@insa-rouen.fr'),
    student: await token('etudiant@insa-lyon.fr'),
  };
}

const outage = {
  title: { fr: 'Moodle inaccessible', en: 'Moodle unavailable' },
  body: { fr: 'Erreur de **lecture** <script>alert(1)</script>', en: 'A **read** error' },
  severity: 'outage',
  services: ['moodle'],
};

describe('announcements over HTTP', () => {
  it('publishes, then anyone reads the public ones without a token, cached with ETag and 304', async () => {
    const { call, json, moderator, student } = await givenApi();
    // Given the Moodle moderator publishes an outage and an internal notice
    const created = await call('POST', '/v1/announcements', { token: moderator, body: outage });
    expect(created.res.status, created.text).toBe(201);
    const a = AnnouncementSchema.parse(json(created));
    expect(created.res.headers.get('Location')).toBe(`/v1/announcements/${a.id}`);
    expect(a).toMatchObject({ title: 'Moodle inaccessible', state: 'active', language: 'fr' });
    // The Markdown is rendered safely: the script tag is text, never markup
    expect(a.bodyHtml).toContain('<strong>lecture</strong>');
    expect(a.bodyHtml).not.toContain('<script');
    await call('POST', '/v1/announcements', {
      token: moderator,
      body: { ...outage, title: { fr: 'Interne' }, audience: 'requesters' },
    });

    // When an anonymous portal reads the list
    const list = await call('GET', '/v1/announcements?state=active');
    expect(list.res.status, list.text).toBe(200);
    const page = AnnouncementPageSchema.parse(json(list));
    expect(page.items.map((i) => i.id)).toEqual([a.id]);
    expect(list.res.headers.get('Cache-Control')).toBe('public, max-age=30');
    expect(list.res.headers.get('Vary')).toContain('Accept-Language');
    const etag = list.res.headers.get('ETag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    // Then asking again with the ETag costs a 304 without a body
    const again = await call('GET', '/v1/announcements?state=active', { headers: { 'If-None-Match': etag } });
    expect(again.res.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.res.headers.get('ETag')).toBe(etag);
    // And a change gives a new ETag
    await call('POST', `/v1/announcements/${a.id}/updates`, {
      token: moderator,
      body: { status: 'identified', message: { fr: 'Disque plein', en: 'Disk full' } },
    });
    const changed = await call('GET', '/v1/announcements?state=active', {
      headers: { 'If-None-Match': etag },
    });
    expect(changed.res.status).toBe(200);
    expect(changed.res.headers.get('ETag')).not.toBe(etag);

    // A signed-in reader also sees the requesters' notice, never stored by a shared cache
    const signedIn = await call('GET', '/v1/announcements', { token: student });
    expect(AnnouncementPageSchema.parse(json(signedIn)).total).toBe(2);
    expect(signedIn.res.headers.get('Cache-Control')).toBe('no-store');

    // English readers get English
    const en = await call('GET', `/v1/announcements/${a.id}`, {
      headers: { 'Accept-Language': 'en-GB,en;q=0.9' },
    });
    const one = AnnouncementSchema.parse(json(en));
    expect(one).toMatchObject({ title: 'Moodle unavailable', language: 'en', severityLabel: 'Outage' });
    expect(one.updates[0]).toMatchObject({
      status: 'identified',
      message: 'Disk full',
      statusLabel: 'identified',
    });
    expect(en.res.headers.get('Content-Language')).toBe('en');
    expect(en.res.headers.get('ETag')).toMatch(/^"v\d+-/);
  });

  it('serves an Atom feed and a JSON Feed 1.1 that parse, with 304 on the same ETag', async () => {
    const { call, moderator } = await givenApi();
    const created = await call('POST', '/v1/announcements', { token: moderator, body: outage });
    const id = JSON.parse(created.text).id as string;
    await call('POST', '/v1/announcements', {
      token: moderator,
      body: { ...outage, title: { fr: 'Interne & secret' }, audience: 'requesters' },
    });

    const atom = await call('GET', '/v1/announcements/feed.atom');
    expect(atom.res.status, atom.text).toBe(200);
    expect(atom.res.headers.get('Content-Type')).toContain('application/atom+xml');
    expect(xml.validate(atom.text)).toBe(true);
    const doc = xml.parse(atom.text, { ignoreAttributes: false, attributeNamePrefix: '@' });
    expect(doc.feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(doc.feed['@xml:lang']).toBe('fr');
    expect(doc.feed.id).toBe('http://guichet.test/v1/announcements/feed.atom');
    const entry = doc.feed.entry;
    // One entry only (the requesters' notice is not public), with everything Atom requires
    expect(Array.isArray(entry)).toBe(false);
    expect(entry.id).toBe(`urn:uuid:${id}`);
    expect(entry.title['#text']).toBe('[Service interrompu] Moodle inaccessible');
    expect(entry.updated).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(entry.link['@href']).toBe(`http://guichet.test/v1/announcements/${id}`);
    // The content is escaped HTML: once unescaped, the body is sanitized markup
    expect(entry.content['@type']).toBe('html');
    expect(atom.text).toContain('&lt;strong&gt;lecture&lt;/strong&gt;');
    expect(atom.text).not.toContain('<script');
    expect(atom.text).not.toContain('Interne');
    const etag = atom.res.headers.get('ETag')!;
    expect(
      (await call('GET', '/v1/announcements/feed.atom', { headers: { 'If-None-Match': etag } })).res.status,
    ).toBe(304);

    const feed = await call('GET', '/v1/announcements/feed.json?service=moodle.access', {
      headers: { 'Accept-Language': 'en' },
    });
    expect(feed.res.status, feed.text).toBe(200);
    expect(feed.res.headers.get('Content-Type')).toContain('application/feed+json');
    const parsed = JSON.parse(feed.text);
    expect(parsed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      language: 'en',
      feed_url: 'http://guichet.test/v1/announcements/feed.json?service=moodle.access',
    });
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]).toMatchObject({
      id: `urn:uuid:${id}`,
      url: `http://guichet.test/v1/announcements/${id}`,
      title: '[Outage] Moodle unavailable',
      _guichet: { severity: 'outage', state: 'active' },
    });
    expect(parsed.items[0].content_html).toContain('<strong>read</strong>');
    // A signed-in reader's feed holds the requesters' notice too
    const withToken = await call('GET', '/v1/announcements/feed.json', { token: moderator });
    expect(JSON.parse(withToken.text).items).toHaveLength(2);
  });

  it('refuses as problem+json naming the field or the rule, and checks If-Match', async () => {
    const { call, json, moderator, scenari, student } = await givenApi();
    const bad = await call('POST', '/v1/announcements', {
      token: moderator,
      body: {
        ...outage,
        services: ['moodle', 'nope'],
        startsAt: '2026-12-10T10:00:00Z',
        endsAt: '2026-12-10T09:00:00Z',
      },
    });
    expect(bad.res.status).toBe(422);
    expect(bad.res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(ProblemSchema.parse(json(bad)).errors?.map((e) => e.field)).toEqual(['services.1']);
    const order = await call('POST', '/v1/announcements', {
      token: moderator,
      body: { ...outage, startsAt: '2027-12-10T10:00:00Z', endsAt: '2027-12-10T09:00:00Z' },
    });
    expect(ProblemSchema.parse(json(order)).errors?.[0]).toMatchObject({ field: 'endsAt' });
    const forbidden = await call('POST', '/v1/announcements', { token: scenari, body: outage });
    expect(forbidden.res.status).toBe(403);
    expect(json(forbidden)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await call('POST', '/v1/announcements', { body: outage })).res.status).toBe(401);
    expect((await call('POST', '/v1/announcements', { token: student, body: outage })).res.status).toBe(403);

    const created = await call('POST', '/v1/announcements', { token: moderator, body: outage });
    const etag = created.res.headers.get('ETag')!;
    const id = json(created).id;
    const fixed = await call('PATCH', `/v1/announcements/${id}`, {
      token: moderator,
      body: { severity: 'degraded' },
      headers: { 'If-Match': etag },
    });
    expect(fixed.res.status, fixed.text).toBe(200);
    expect(json(fixed)).toMatchObject({ severity: 'degraded' });
    const stale = await call('PATCH', `/v1/announcements/${id}`, {
      token: moderator,
      body: { severity: 'outage' },
      headers: { 'If-Match': etag },
    });
    expect(stale.res.status).toBe(412);
    expect((await call('GET', '/v1/announcements/nope')).res.status).toBe(404);
    const resolved = await call('POST', `/v1/announcements/${id}/updates`, {
      token: moderator,
      body: { status: 'resolved', message: { fr: 'Rétabli' } },
    });
    expect(json(resolved)).toMatchObject({ state: 'past', phase: 'resolved' });
    const after = await call('POST', `/v1/announcements/${id}/updates`, {
      token: moderator,
      body: { status: 'monitoring', message: { fr: 'Encore' } },
    });
    expect(after.res.status).toBe(409);
    expect(json(after)).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('serves anonymous readers what is current: a change, a start and an end show at once', async () => {
    // Given a clock the test moves, and an anonymous portal that has read the list and the feed
    let now = new Date('2026-11-10T09:00:00Z');
    const { g, call, json } = await givenApi({ now: () => now });
    const moderator = await g.catalogue.upsertPerson({
      email: 'moodle.moderation@insa-lyon.fr',
      displayName: 'Modération Moodle',
    });
    const me = { personId: moderator.id };
    const active = async () =>
      AnnouncementPageSchema.parse(json(await call('GET', '/v1/announcements?state=active'))).items.map(
        (a) => a.title,
      );
    const feedTitles = async () =>
      (json(await call('GET', '/v1/announcements/feed.json')) as { items: { title: string }[] }).items.map(
        (i) => i.title,
      );
    expect(await active()).toEqual([]);
    const first = await g.announcements.create(me, {
      ...outage,
      severity: 'outage',
      endsAt: new Date('2026-11-10T12:00:00Z'),
    });
    expect(await active()).toEqual(['Moodle inaccessible']);
    const before = await feedTitles();

    // When the moderator corrects it (core, not this HTTP app): the next anonymous read shows it
    await g.announcements.correct(me, first.id, { title: { fr: 'Moodle très lent' } });
    expect(await active()).toEqual(['Moodle très lent']);
    expect(await feedTitles()).not.toEqual(before);

    // A maintenance announced ahead appears when it starts, and the outage leaves at its end
    await g.announcements.create(me, {
      title: { fr: 'Maintenance Moodle' },
      severity: 'maintenance',
      services: ['moodle'],
      startsAt: new Date('2026-11-10T11:00:00Z'),
    });
    expect(await active()).toEqual(['Moodle très lent']);
    now = new Date('2026-11-10T11:30:00Z');
    expect(await active()).toEqual(['Maintenance Moodle', 'Moodle très lent']);
    now = new Date('2026-11-10T12:30:00Z');
    expect(await active()).toEqual(['Maintenance Moodle']);

    // A reader with a token reads the same, never from what anonymous readers were served
    const token = (
      await g.tokens.create({ person: 'etudiant@insa-lyon.fr', name: 't', scopes: ['read'] }, 'local')
    ).token;
    const signedIn = json(await call('GET', '/v1/announcements?state=active', { token }));
    expect(signedIn.items.map((a: { title: string }) => a.title)).toEqual(['Maintenance Moodle']);
  });
});
