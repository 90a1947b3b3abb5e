import { type AnnouncementView, type Language, translate } from '@guichet/core';
import { escapeHtml, renderMarkdown } from '../articles/markdown.ts';
import { pick } from './schemas.ts';

/** Where the feed lives and what its entries link to (absolute URLs, from the request). */
export interface FeedLinks {
  self: string;
  /** The URL of one announcement. */
  item: (id: string) => string;
}

/** XML text and attribute values: every special character escaped, and characters XML 1.0 forbids dropped. */
export function escapeXml(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing what XML 1.0 cannot carry
  return escapeHtml(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''));
}

/** One formatter per language, made once: building an `Intl.DateTimeFormat` costs far more than formatting. */
const FORMATS = new Map<Language, Intl.DateTimeFormat>();

function when(lang: Language, date: Date): string {
  let format = FORMATS.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'Europe/Paris',
    });
    FORMATS.set(lang, format);
  }
  return format.format(date);
}

/** The entry's title: the severity first, as a status page shows it. */
function entryTitle(a: AnnouncementView, lang: Language): string {
  return `[${translate(lang, `announcement_severity.${a.severity}`)}] ${pick(a.title, lang)}`;
}

/** The entry's content as sanitized HTML: times, the body, then the updates, latest first. */
export function entryHtml(a: AnnouncementView, lang: Language): string {
  const state = translate(lang, `announcement_state.${a.state}`);
  const times = [when(lang, a.startsAt), a.endsAt ? when(lang, a.endsAt) : null].filter(Boolean).join(' → ');
  const parts = [`<p><strong>${escapeHtml(state)}</strong> · ${escapeHtml(times)}</p>`];
  const body = renderMarkdown(pick(a.body, lang));
  if (body) parts.push(body);
  if (a.updates.length > 0) {
    parts.push(`<h3>${escapeHtml(translate(lang, 'announcement.feed_updates'))}</h3><ul>`);
    for (const u of [...a.updates].reverse()) {
      const label = translate(lang, `announcement_phase.${u.status}`);
      parts.push(
        `<li><strong>${escapeHtml(label)}</strong> (${escapeHtml(when(lang, u.postedAt))}) ${renderMarkdown(pick(u.message, lang)) ?? ''}</li>`,
      );
    }
    parts.push('</ul>');
  }
  return parts.join('');
}

const EPOCH = new Date(0);
const latest = (items: readonly AnnouncementView[]) =>
  items.reduce((max, a) => (a.updatedAt > max ? a.updatedAt : max), EPOCH);

/** An Atom 1.0 feed (RFC 4287) of the announcements, in the reader's language. */
export function atomFeed(items: readonly AnnouncementView[], lang: Language, links: FeedLinks): string {
  const x = escapeXml;
  const entries = items.map(
    (a) => `  <entry>
    <id>urn:uuid:${a.id}</id>
    <title type="text">${x(entryTitle(a, lang))}</title>
    <published>${a.createdAt.toISOString()}</published>
    <updated>${a.updatedAt.toISOString()}</updated>
    <link rel="alternate" type="application/json" href="${x(links.item(a.id))}"/>
    <category term="${a.severity}" label="${x(translate(lang, `announcement_severity.${a.severity}`))}"/>
${a.services.map((s) => `    <category term="service:${x(s)}"/>\n`).join('')}    <content type="html">${x(entryHtml(a, lang))}</content>
  </entry>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
  <id>${x(links.self)}</id>
  <title type="text">${x(translate(lang, 'announcement.feed_title'))}</title>
  <updated>${latest(items).toISOString()}</updated>
  <author><name>Guichet</name></author>
  <link rel="self" type="application/atom+xml" href="${x(links.self)}"/>
${entries.join('')}</feed>
`;
}

/** A JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the announcements, in the reader's language. */
export function jsonFeed(items: readonly AnnouncementView[], lang: Language, links: FeedLinks): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: translate(lang, 'announcement.feed_title'),
    feed_url: links.self,
    language: lang,
    authors: [{ name: 'Guichet' }],
    items: items.map((a) => ({
      id: `urn:uuid:${a.id}`,
      url: links.item(a.id),
      title: entryTitle(a, lang),
      content_html: entryHtml(a, lang),
      date_published: a.createdAt.toISOString(),
      date_modified: a.updatedAt.toISOString(),
      tags: [a.severity, ...a.services.map((s) => `service:${s}`)],
      language: lang === 'en' && a.title.en ? 'en' : 'fr',
      _guichet: {
        severity: a.severity,
        state: a.state,
        phase: a.phase,
        starts_at: a.startsAt.toISOString(),
        ends_at: a.endsAt?.toISOString() ?? null,
        services: a.services,
        establishments: a.establishments,
      },
    })),
  });
}
