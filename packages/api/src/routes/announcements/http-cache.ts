import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/app-env.ts';

/** How long a shared cache (a portal's proxy, a CDN) may serve an anonymous read without asking again. */
export const PUBLIC_MAX_AGE_SECONDS = 30;

/**
 * The ETag of a representation: a hash of exactly what is sent (so a state that changed with the
 * clock changes it too), prefixed with the announcement's version when there is one, so that the
 * same ETag serves If-Match on a correction.
 */
export function etagFor(payload: string, lang: string, version?: number): string {
  const hash = createHash('sha256')
    .update(lang)
    .update('\n')
    .update(payload)
    .digest('base64url')
    .slice(0, 22);
  return version === undefined ? `"${hash}"` : `"v${version}-${hash}"`;
}

/** Whether If-None-Match names this ETag (or `*`); weak comparison, as RFC 9110 asks for GET. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(etag));
}

/**
 * Sends a readable representation with its validators: ETag, `304 Not Modified` when the caller
 * already has it, `Vary` on what changes it, and `Cache-Control`: public with a short max-age for
 * anonymous readers (what they get is the same for everyone), never stored by a shared cache once a
 * token is sent (the app's `/v1` default, `no-store`, applies).
 */
export function sendCacheable(
  c: Context<AppEnv>,
  payload: string,
  contentType: string,
  options: { version?: number; etag?: string } = {},
): Response {
  const lang = c.get('lang');
  const etag = options.etag ?? etagFor(payload, lang, options.version);
  c.header('ETag', etag);
  c.header('Vary', 'Accept-Language, Authorization');
  c.header('Content-Language', lang);
  if (!c.get('caller')) c.header('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
  if (notModified(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
  return c.body(payload, 200, { 'Content-Type': contentType });
}

/** The version an If-Match names (`"v3"` or one of our `"v3-…"` ETags), or null when it names none we issued. */
export function versionFromIfMatch(header: string | undefined): number | null | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"v(\d+)(?:-[A-Za-z0-9_-]+)?"$/.exec(header.trim());
  return match ? Number(match[1]) : null;
}

/** What a reading route rendered. */
export interface Rendered {
  payload: string;
  contentType: string;
  version?: number;
}

interface Remembered extends Rendered {
  revision: string;
  etag: string;
}

/**
 * Rendered anonymous reads of each Guichet (tests run several in one process) by route, language and
 * URL (feeds carry absolute links), oldest first.
 */
const rememberedBy = new WeakMap<object, Map<string, Remembered>>();
const REMEMBERED_MAX = 500;

/**
 * Sends what `render` produces, as `sendCacheable` does. For an anonymous reader (what they get is
 * the same for everyone) it is remembered by this process under the announcements' public revision
 * (`AnnouncementService.publicRevision`, read first): the next anonymous read of the same URL in the
 * same language, until any announcement changes, starts or ends, costs one small query instead of
 * loading, rendering and hashing everything again, which is what a portal polling its feed and
 * hundreds of readers need. Readers with a token are never served from it.
 */
export async function sendRendered(
  c: Context<AppEnv>,
  route: string,
  render: () => Promise<Rendered>,
): Promise<Response> {
  if (c.get('caller')) {
    const r = await render();
    return sendCacheable(c, r.payload, r.contentType, { version: r.version });
  }
  const guichet = c.get('guichet');
  let remembered = rememberedBy.get(guichet);
  if (!remembered) {
    remembered = new Map();
    rememberedBy.set(guichet, remembered);
  }
  const revision = await guichet.announcements.publicRevision();
  const lang = c.get('lang');
  const key = `${route}\n${lang}\n${c.req.url}`;
  let hit = remembered.get(key);
  if (hit?.revision !== revision) {
    const r = await render();
    hit = { ...r, revision, etag: etagFor(r.payload, lang, r.version) };
    remembered.delete(key);
    remembered.set(key, hit);
    if (remembered.size > REMEMBERED_MAX) remembered.delete(remembered.keys().next().value as string);
  }
  return sendCacheable(c, hit.payload, hit.contentType, { etag: hit.etag });
}
