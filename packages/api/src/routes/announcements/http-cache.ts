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
  options: { version?: number } = {},
): Response {
  const lang = c.get('lang');
  const etag = etagFor(payload, lang, options.version);
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
