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

/** Markdown to safe HTML. */
export function renderMarkdown(source: string | null): string | null {
  if (source === null) return null;
  return sanitizeHtml(markdown.render(source), SANITIZE);
}

/** Plain text to safe HTML (titles, snippets): every character escaped (core's). */
export { escapeHtml };
