import type { components } from '@guichet/api/client';
import { type Connection, callApi } from './api.ts';
import { localDateTime } from './dates.ts';
import type { Article, ArticleFields } from './kb-file.ts';
import { heading as h, t } from './messages.ts';
import { type Column, renderTable } from './output.ts';
import { inert } from './terminal-text.ts';
import { word } from './vocabulary.ts';

export type ArticleHit = components['schemas']['ArticleHit'];
export type ArticlePage = components['schemas']['ArticlePage'];
export type ArticleRevision = components['schemas']['ArticleRevision'];
export type MatchReason = components['schemas']['MatchReason'];
export type Suggestions = components['schemas']['Suggestions'];
export type TicketHit = components['schemas']['TicketHit'];
export type Tag = components['schemas']['Tag'];
export type Vote = components['schemas']['Vote']['value'];
export type SuggestQuery = NonNullable<
  import('@guichet/api/client').paths['/v1/suggestions']['get']['parameters']['query']
>;
export type ArticleChanges = components['schemas']['UpdateArticle'];
export type SearchFilters = NonNullable<
  import('@guichet/api/client').paths['/v1/articles']['get']['parameters']['query']
>;

/** The If-Match header of an article version, as the API issues ETags (`"v3"`). */
const ifMatch = (version: number | undefined) =>
  version === undefined ? {} : { header: { 'if-match': `"v${version}"` } };

/** The API calls of `guichet kb` (thin: every rule is the server's). */
export const kbApi = {
  search: ({ api, url }: Connection, query: SearchFilters): Promise<ArticlePage> =>
    callApi(url, api.GET('/v1/articles', { params: { query } })),
  /** Every article the caller may read matching the filters, page after page. */
  async all(connection: Connection, query: SearchFilters = {}): Promise<ArticleHit[]> {
    const hits: ArticleHit[] = [];
    let after: string | undefined;
    do {
      const page = await kbApi.search(connection, { ...query, limit: 100, ...(after ? { after } : {}) });
      hits.push(...page.items);
      after = page.next ?? undefined;
    } while (after);
    return hits;
  },
  get: ({ api, url }: Connection, reference: string): Promise<Article> =>
    callApi(url, api.GET('/v1/articles/{reference}', { params: { path: { reference } } })),
  create: ({ api, url }: Connection, body: ArticleFields): Promise<Article> =>
    callApi(url, api.POST('/v1/articles', { body })),
  edit: (
    { api, url }: Connection,
    input: { reference: string; changes: ArticleChanges; ifMatch?: number },
  ): Promise<Article> =>
    callApi(
      url,
      api.PATCH('/v1/articles/{reference}', {
        params: { path: { reference: input.reference }, ...ifMatch(input.ifMatch) },
        body: input.changes,
      }),
    ),
  action: (
    { api, url }: Connection,
    input: {
      reference: string;
      action: 'publish' | 'archive' | 'submit' | 'return-to-draft';
      comment?: string;
      audience?: ArticleFields['audience'];
      ifMatch?: number;
    },
  ): Promise<Article> =>
    callApi(
      url,
      api.POST(
        `/v1/articles/{reference}/actions/${input.action}` as '/v1/articles/{reference}/actions/publish',
        {
          params: { path: { reference: input.reference }, ...ifMatch(input.ifMatch) },
          body: {
            ...(input.comment !== undefined ? { comment: input.comment } : {}),
            ...(input.audience !== undefined ? { audience: input.audience } : {}),
          },
        },
      ),
    ),
  fromTicket: (
    { api, url }: Connection,
    input: { ticket: string; body: components['schemas']['ArticleFromTicket'] },
  ): Promise<Article> =>
    callApi(
      url,
      api.POST('/v1/tickets/{reference}/articles', {
        params: { path: { reference: input.ticket } },
        body: input.body,
      }),
    ),
  history: ({ api, url }: Connection, reference: string): Promise<ArticleRevision[]> =>
    callApi(url, api.GET('/v1/articles/{reference}/revisions', { params: { path: { reference } } })),
  /** Discards a draft that was never published (the server refuses any other). */
  delete: async ({ api, url }: Connection, input: { reference: string; ifMatch?: number }): Promise<void> => {
    await callApi(
      url,
      api.DELETE('/v1/articles/{reference}', {
        params: { path: { reference: input.reference }, ...ifMatch(input.ifMatch) },
      }),
    );
  },
  /**
   * Deletes a draft, after `confirm` has seen it when given (then only at the version it saw, so
   * that what was confirmed is what goes); false when `confirm` said no (nothing sent).
   */
  async discard(
    connection: Connection,
    input: { reference: string; ifMatch?: number; confirm?: (article: Article) => Promise<boolean> },
  ): Promise<boolean> {
    let version = input.ifMatch;
    if (input.confirm) {
      const article = await kbApi.get(connection, input.reference);
      if (!(await input.confirm(article))) return false;
      version ??= article.version;
    }
    await kbApi.delete(connection, {
      reference: input.reference,
      ...(version !== undefined ? { ifMatch: version } : {}),
    });
    return true;
  },
  vote: ({ api, url }: Connection, input: { reference: string; value: Vote }): Promise<Article> =>
    callApi(
      url,
      api.POST('/v1/articles/{reference}/votes', {
        params: { path: { reference: input.reference } },
        body: { value: input.value },
      }),
    ),
  suggest: ({ api, url }: Connection, query: SuggestQuery): Promise<Suggestions> =>
    callApi(url, api.GET('/v1/suggestions', { params: { query } })),
  deflect: async (
    { api, url }: Connection,
    input: { suggestion: string; article?: string },
  ): Promise<void> => {
    await callApi(
      url,
      api.POST('/v1/suggestions/{suggestionId}/deflect', {
        params: { path: { suggestionId: input.suggestion } },
        body: input.article !== undefined ? { article: input.article } : {},
      }),
    );
  },
  linked: ({ api, url }: Connection, ticket: string): Promise<ArticleHit[]> =>
    callApi(url, api.GET('/v1/tickets/{reference}/articles', { params: { path: { reference: ticket } } })),
  tags: ({ api, url }: Connection): Promise<Tag[]> => callApi(url, api.GET('/v1/tags')),
  /** Adds a tag or replaces its label and synonyms (PUT: the synonyms given are all it keeps). */
  putTag: ({ api, url }: Connection, tag: Tag): Promise<Tag> =>
    callApi(
      url,
      api.PUT('/v1/tags/{code}', {
        params: { path: { code: tag.code } },
        body: { label: tag.label, synonyms: tag.synonyms },
      }),
    ),
  restore: (
    { api, url }: Connection,
    input: { reference: string; revision: number; ifMatch?: number },
  ): Promise<Article> =>
    callApi(
      url,
      api.POST('/v1/articles/{reference}/revisions/{number}/restore', {
        params: { path: { reference: input.reference, number: input.revision }, ...ifMatch(input.ifMatch) },
      }),
    ),
};

/** The columns of search results. */
export const hitColumns: Column<ArticleHit>[] = [
  { header: 'REF', value: (a) => a.reference },
  { header: 'STATUS', value: (a) => word('articleStatus', a.status) },
  { header: 'KIND', value: (a) => word('articleKind', a.kind) },
  { header: 'LANGUAGE', value: (a) => a.language },
  { header: 'SERVICE', value: (a) => a.services.join(', ') },
  { header: 'TITLE', value: (a) => a.title, flexible: true },
];

/**
 * Why a result matched, in one line: the fields and the words found, then the synonyms and
 * corrections the server used, and a close title.
 * @example whyText({fields: ['title'], words: ['opale'], synonyms: [], corrections: []}) // 'titre : opale'
 */
export function whyText(why: MatchReason | null | undefined): string {
  if (!why) return '';
  const parts: string[] = [];
  const fields = why.fields.map((f) => word('matchField', f)).join(', ');
  if (fields || why.words.length)
    parts.push([fields, why.words.join(', ')].filter(Boolean).join(t('kb_why_separator')));
  for (const s of why.synonyms) parts.push(t('kb_why_synonym', { word: s.word, term: s.term, tag: s.tag }));
  for (const c of why.corrections) parts.push(t('kb_why_correction', { typed: c.typed, read: c.read }));
  if (why.titleSimilarity !== undefined)
    parts.push(t('kb_why_title', { score: Math.round(why.titleSimilarity * 100) }));
  return parts.join(' ; ');
}

/** The columns of suggested articles. */
export const suggestedArticleColumns: Column<ArticleHit>[] = [
  { header: 'REF', value: (a) => a.reference },
  { header: 'KIND', value: (a) => word('articleKind', a.kind) },
  { header: 'TITLE', value: (a) => a.title, flexible: true },
  { header: 'WHY', value: (a) => whyText(a.why), flexible: true },
];

/** The columns of similar tickets. */
export const ticketHitColumns: Column<TicketHit>[] = [
  { header: 'REF', value: (h) => h.reference },
  { header: 'STATUS', value: (h) => word('status', h.status) },
  { header: 'SERVICE', value: (h) => h.service },
  { header: 'TITLE', value: (h) => h.title, flexible: true },
  { header: 'WHY', value: (h) => whyText(h.why), flexible: true },
];

/** The columns of the tag vocabulary. */
export const tagColumns: Column<Tag>[] = [
  { header: 'CODE', value: (g) => g.code },
  { header: 'LABEL', value: (g) => g.label },
  { header: 'SYNONYMS', value: (g) => g.synonyms.join(', '), flexible: true },
];

/** An article's votes in one line, with the caller's own. */
export function renderVotes(article: Article): string {
  return t(article.votes.mine ? 'kb_votes_mine' : 'kb_votes', {
    reference: article.reference,
    helpful: article.votes.helpful,
    notHelpful: article.votes.notHelpful,
    mine: article.votes.mine ? word('vote', article.votes.mine) : '',
  });
}

/** The columns of an article's revisions. */
export const revisionColumns: Column<ArticleRevision>[] = [
  { header: 'REVISION', value: (r) => r.number },
  { header: 'WHEN', value: (r) => localDateTime(r.createdAt) },
  {
    header: 'ACTION',
    value: (r) => word('revisionAction', r.action) + (r.restoredFrom ? ` (${r.restoredFrom})` : ''),
  },
  { header: 'AUTHOR', value: (r) => r.author.email },
  { header: 'CHANGES', value: (r) => r.changes.join(', '), flexible: true },
];

/**
 * Markdown made readable in a terminal, whoever wrote it: escape sequences and control characters
 * removed (lib/terminal-text.ts), headings underlined and in capitals for the first level, list
 * items as bullets, quotes ruled, links as their text and target, raw HTML tags dropped outside
 * code; emphasis marks kept as they are (Markdown is written to be read as text). Code blocks are
 * indented and left exactly as written.
 * @example markdownForTerminal('## Étapes\n- voir [la doc](https://doc.example)')
 * // 'Étapes\n──────\n• voir la doc <https://doc.example>'
 */
export function markdownForTerminal(markdown: string): string {
  let fenced = false;
  return inert(markdown)
    .split('\n')
    .flatMap((raw) => {
      if (/^\s*(```|~~~)/.test(raw)) {
        fenced = !fenced;
        return [];
      }
      if (fenced) return [`    ${raw}`];
      const line = inlineForTerminal(raw);
      const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
      if (heading) {
        const text = heading[2]!;
        const level = heading[1]!.length;
        if (level === 1) return [text.toUpperCase(), '═'.repeat([...text].length)];
        if (level === 2) return [text, '─'.repeat([...text].length)];
        return [text];
      }
      if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return ['─'.repeat(20)];
      const item = /^(\s*)[-*+]\s+(.*)$/.exec(line);
      if (item) return [`${item[1]}• ${item[2]}`];
      const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
      if (quote) return [`│ ${quote[1]}`];
      return [line];
    })
    .join('\n');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** One line outside code blocks: links as text, HTML tags and comments dropped, code spans untouched. */
function inlineForTerminal(line: string): string {
  return line
    .split(/(`+[^`]*`+)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/<!--.*?(-->|$)/g, '')
            .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?\/?>/g, '')
            .replace(
              /!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g,
              (_m, text: string, url: string) =>
                text.trim() && text.trim() !== url ? `${text.trim()} <${url}>` : `<${url}>`,
            )
            .replace(/&(amp|lt|gt|quot|apos|nbsp|#\d{1,6});/g, (_m, name: string) =>
              name.startsWith('#') ? inert(String.fromCodePoint(Number(name.slice(1)))) : ENTITIES[name]!,
            ),
    )
    .join('');
}

/** An article for the terminal: its labelled metadata, then its known-error fields and body. */
export function renderArticle(article: Article): string {
  const label = (key: Parameters<typeof h>[0]) => h(key).padEnd(14);
  const lines = [
    `${label('Article')}${article.reference}  ${article.title}`,
    `${label('Status')}${word('articleStatus', article.status)}${article.publishedAt ? `  (${h('Published').toLowerCase()} ${localDateTime(article.publishedAt)})` : ''}`,
    `${label('Kind')}${word('articleKind', article.kind)}`,
    `${label('Language')}${article.language}${article.translation ? `  → ${article.translation}` : ''}`,
    `${label('Audience')}${word('audience', article.audience)}`,
  ];
  if (article.services.length) lines.push(`${label('Services')}${article.services.join(', ')}`);
  if (article.tags.length) lines.push(`${label('Tags')}${article.tags.join(', ')}`);
  if (article.owner) lines.push(`${label('Owner')}${article.owner.displayName} <${article.owner.email}>`);
  if (article.linkedProblem) lines.push(`${label('Linked problem')}${article.linkedProblem}`);
  lines.push(
    `${label('Revision')}${article.revision} (${h('version')} ${article.version}), ${h('Updated').toLowerCase()} ${localDateTime(article.updatedAt)}`,
    `${label('Votes')}+${article.votes.helpful} −${article.votes.notHelpful}`,
  );
  if (article.actions.length) lines.push(`${label('Actions')}${article.actions.join(', ')}`);
  const sections: [Parameters<typeof h>[0], string | null][] = [
    ['Summary', article.summary || null],
    ['Symptom', article.symptom],
    ['Cause', article.cause],
    ['Workaround', article.workaround],
    ['Solution', article.solution],
  ];
  for (const [key, text] of sections) if (text) lines.push('', h(key), markdownForTerminal(text));
  if (article.body.trim()) lines.push('', markdownForTerminal(article.body.trimEnd()));
  // Titles, summaries and tags are people's text too.
  return inert(lines.join('\n'));
}

/**
 * Suggestions for the terminal: the articles, then the similar tickets (already solved ones when
 * asked for a ticket), each with why it matched.
 */
export function renderSuggestions(suggestions: Suggestions, forTicket: boolean): string {
  const section = <R>(title: string, rows: R[], columns: Column<R>[]) =>
    [title, rows.length ? renderTable(rows, columns) : t('kb_suggested_none')].join('\n');
  return [
    section(t('kb_suggested_articles'), suggestions.articles, suggestedArticleColumns),
    section(
      t(forTicket ? 'kb_suggested_solved_tickets' : 'kb_suggested_tickets'),
      suggestions.tickets,
      ticketHitColumns,
    ),
  ].join('\n\n');
}
