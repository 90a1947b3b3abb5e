import { escapeHtml } from '@guichet/core';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Authors write Markdown; readers get HTML rendered here, on the server, so that no portal has to
 * trust an author: markdown-it with raw HTML off (tags are shown as text), then sanitize-html with
 * an allowlist of formatting elements, links limited to http(s) and mailto, and no attribute that
 * runs script or styles the page. Links open without giving the opener away.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'em',
    'strong',
    's',
    'ul',
    'ol',
    'li',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'img',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
  },
  allowedStyles: {
    th: { 'text-align': [/^(left|right|center)$/] },
    td: { 'text-align': [/^(left|right|center)$/] },
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
  },
};

/**
 * Rendered texts by source, least recently used first: rendering and sanitising is a pure function
 * of the source and costs far more than the lookup, and the same announcement bodies and articles
 * are read over and over (a portal polling its feed). Bounded in entries and in source length.
 */
const rendered = new Map<string, string>();
const RENDERED_MAX = 1_000;
const RENDERED_SOURCE_MAX = 20_000;

/** Markdown to safe HTML. */
export function renderMarkdown(source: string | null): string | null {
  if (source === null) return null;
  const known = rendered.get(source);
  if (known !== undefined) {
    rendered.delete(source);
    rendered.set(source, known);
    return known;
  }
  const html = sanitizeHtml(markdown.render(source), SANITIZE);
  if (source.length <= RENDERED_SOURCE_MAX) {
    rendered.set(source, html);
    if (rendered.size > RENDERED_MAX) rendered.delete(rendered.keys().next().value as string);
  }
  return html;
}

/** Plain text to safe HTML (titles, snippets): every character escaped (core's). */
export { escapeHtml };
