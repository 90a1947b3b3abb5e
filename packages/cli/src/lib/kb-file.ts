import type { components } from '@guichet/api/client';
import { isScalar, LineCounter, parseDocument, stringify, visit } from 'yaml';
import type { FileError, Position } from './catalogue-file.ts';
import { t } from './messages.ts';

export type Article = components['schemas']['Article'];
export type ArticleFields = components['schemas']['CreateArticle'];

/** Front-matter keys holding text, lists of text, or text that may be null (`null` clears it). */
const TEXT = ['title', 'kind', 'summary', 'language', 'audience', 'owner'] as const;
const LISTS = ['services', 'tags', 'reviewers', 'linkedTickets'] as const;
const NULLABLE = [
  'symptom',
  'cause',
  'workaround',
  'solution',
  'linkedProblem',
  'reviewBy',
  'translation',
] as const;
/** Written by export for the reader, never sent: the workflow moves an article, not a file. */
const READ_ONLY = ['reference', 'status'] as const;
/** The order of the front matter as export writes it. */
export const FRONT_MATTER_KEYS = [
  'reference',
  'status',
  'title',
  'kind',
  'language',
  'audience',
  'summary',
  'services',
  'tags',
  'owner',
  'reviewers',
  'linkedProblem',
  'linkedTickets',
  'reviewBy',
  'translation',
  'symptom',
  'cause',
  'workaround',
  'solution',
] as const;

/** An article file (Markdown with YAML front matter) as read: what it sets, and where each thing sits. */
export interface ArticleFile {
  name: string;
  /** `reference` when the file names an existing article (written by export or after a create). */
  reference: string | null;
  /** The fields the file sets; a key left out is left as stored. */
  fields: Partial<ArticleFields>;
  /** Every problem of the file's form, at its place (empty when the file can be sent). */
  errors: FileError[];
  /** Position of a field as the server names it (`tags.1`, `body`). */
  locate: (field: string) => Position;
}

const FENCE = /^---[ \t]*$/;

/**
 * Reads an article file: `---`, YAML metadata, `---`, then the Markdown body. Every problem is
 * collected (syntax, unknown keys, a list where text is expected…), each at its line and column in
 * the file, so that a whole directory is checked before anything is sent.
 * @example parseArticleFile('vpn.md', '---\ntitle: VPN\nkind: how_to\n---\n# Installer\n')
 */
export function parseArticleFile(name: string, source: string): ArticleFile {
  const lines = source.replace(/^\uFEFF/, '').split('\n');
  const errors: FileError[] = [];
  const none: ArticleFile = {
    name,
    reference: null,
    fields: {},
    errors,
    locate: () => ({ line: 1, column: 1 }),
  };
  if (!FENCE.test(lines[0]?.replace(/\r$/, '') ?? '')) {
    errors.push({ line: 1, column: 1, message: t('kb_no_front_matter') });
    return none;
  }
  const close = lines.findIndex((l, i) => i > 0 && FENCE.test(l.replace(/\r$/, '')));
  if (close < 0) {
    errors.push({ line: 1, column: 1, message: t('kb_unclosed_front_matter') });
    return none;
  }
  const yamlText = lines.slice(1, close).join('\n');
  const body = lines
    .slice(close + 1)
    .join('\n')
    .trimEnd();
  const bodyAt: Position = { line: close + 2, column: 1 };
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  // The YAML starts on the file's second line.
  const at = (offset: number): Position => {
    const p = counter.linePos(offset);
    return { line: p.line + 1, column: p.col };
  };
  for (const e of doc.errors) errors.push({ ...at(e.pos[0]), message: e.message.split('\n')[0]! });
  const keyAt = (key: string): Position => {
    let found: Position | null = null;
    visit(doc, {
      Pair: (_k, pair) => {
        if (!found && isScalar(pair.key) && pair.key.value === key && pair.key.range)
          found = at(pair.key.range[0]);
      },
    });
    return found ?? { line: 2, column: 1 };
  };
  const locate = (field: string): Position => {
    const parts = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (parts[0] === 'body') return bodyAt;
    const node = doc.errors.length ? undefined : (doc.getIn(parts, true) as { range?: number[] } | undefined);
    if (node?.range) return at(node.range[0]!);
    return keyAt(String(parts[0]));
  };
  if (doc.errors.length) return { ...none, locate };
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (typeof data !== 'object' || Array.isArray(data)) {
    errors.push({ line: 2, column: 1, message: t('kb_front_matter_not_map') });
    return { ...none, locate };
  }
  const fields: Record<string, unknown> = {};
  const wrong = (key: string, expected: string) =>
    errors.push({ ...locate(key), message: t('kb_field_type', { field: key, expected }) });
  for (const [key, value] of Object.entries(data)) {
    if ((TEXT as readonly string[]).includes(key)) {
      if (typeof value === 'string') fields[key] = value;
      else wrong(key, t('kb_expected_text'));
    } else if ((LISTS as readonly string[]).includes(key)) {
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) fields[key] = value;
      else wrong(key, t('kb_expected_list'));
    } else if ((NULLABLE as readonly string[]).includes(key)) {
      // YAML reads an unquoted date as a Date: keep it as the ISO text the API takes.
      const v = value instanceof Date ? value.toISOString() : value;
      if (v === null || typeof v === 'string') fields[key] = v;
      else wrong(key, t('kb_expected_text_or_null'));
    } else if (!(READ_ONLY as readonly string[]).includes(key)) {
      errors.push({ ...keyAt(key), message: t('kb_unknown_key', { field: key }) });
    }
  }
  const reference = data.reference;
  if (reference !== undefined && typeof reference !== 'string') wrong('reference', t('kb_expected_text'));
  if (body !== '' || reference === undefined) fields.body = body;
  if (typeof reference !== 'string') {
    for (const key of ['title', 'kind'])
      if (data[key] === undefined)
        errors.push({ line: 2, column: 1, message: t('kb_missing_key', { field: key }) });
  }
  return {
    name,
    reference: typeof reference === 'string' ? reference : null,
    fields: fields as Partial<ArticleFields>,
    errors,
    locate,
  };
}

/** The fields of a stored article in the form of a file (people by e-mail, empty texts as given). */
export function articleFields(article: Article): ArticleFields & { body: string } {
  return {
    title: article.title,
    kind: article.kind,
    language: article.language,
    audience: article.audience,
    summary: article.summary,
    services: article.services,
    tags: article.tags,
    ...(article.owner ? { owner: article.owner.email } : {}),
    reviewers: article.reviewers.map((r) => r.email),
    linkedProblem: article.linkedProblem,
    linkedTickets: article.linkedTickets,
    reviewBy: article.reviewBy,
    translation: article.translation,
    symptom: article.symptom,
    cause: article.cause,
    workaround: article.workaround,
    solution: article.solution,
    body: article.body,
  };
}

/**
 * An article as a file that parseArticleFile reads back to the same fields (export → apply is a
 * no-op): the metadata as front matter in a fixed order, the Markdown body after it.
 */
export function articleToFile(article: Article): string {
  const fields: Record<string, unknown> = {
    reference: article.reference,
    status: article.status,
    ...articleFields(article),
  };
  const meta = Object.fromEntries(
    FRONT_MATTER_KEYS.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]]),
  );
  const yaml = stringify(meta, { lineWidth: 0 });
  return `---\n${yaml}---\n${article.body.trimEnd()}\n`;
}

/** The file with `reference: KB-…` added at the top of its front matter (after a create). */
export function withReference(source: string, reference: string): string {
  const newline = source.indexOf('\n');
  return `${source.slice(0, newline + 1)}reference: ${reference}\n${source.slice(newline + 1)}`;
}

/** One field that differs: its stored value and the file's. */
export interface FieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
}

/** What applying one file does. */
export interface FilePlan {
  file: string;
  reference: string | null;
  op: 'create' | 'update' | 'unchanged';
  fields: FieldChange[];
  /** The article's version the update is made against (If-Match). */
  version?: number;
}

const same = (a: unknown, b: unknown) =>
  JSON.stringify(typeof a === 'string' ? a.trimEnd() : (a ?? null)) ===
  JSON.stringify(typeof b === 'string' ? b.trimEnd() : (b ?? null));

/**
 * The plan of one file against the stored article (null: the file names none, so it is created).
 * Only the fields the file sets are compared; a field left out is left as stored.
 */
export function planFile(file: ArticleFile, current: Article | null): FilePlan {
  const entries = Object.entries(file.fields);
  if (!current)
    return {
      file: file.name,
      reference: null,
      op: 'create',
      fields: entries.filter(([f]) => f !== 'body').map(([field, to]) => ({ field, to })),
    };
  const stored = articleFields(current) as Record<string, unknown>;
  const fields = entries
    .filter(([field, to]) => !same(stored[field], to))
    .map(([field, to]) => ({ field, from: stored[field], to }));
  return {
    file: file.name,
    reference: current.reference,
    op: fields.length ? 'update' : 'unchanged',
    fields,
    version: current.version,
  };
}

/** The plan for people: `+ create`, `~ update` (field: from → to; the body said changed, not shown). */
export function renderKbPlan(plans: FilePlan[]): string {
  const sign = { create: '+', update: '~', unchanged: '=' } as const;
  const show = (v: unknown) =>
    v === null || v === undefined ? '∅' : typeof v === 'string' ? v : JSON.stringify(v);
  return plans
    .flatMap((p) => [
      `${sign[p.op]} ${t(`kb_op_${p.op}`)} ${p.file}${p.reference ? ` (${p.reference})` : ''}`,
      ...p.fields.map((f) =>
        f.field === 'body'
          ? `    body: ${t('kb_body_changed')}`
          : p.op === 'create'
            ? `    ${f.field}: ${show(f.to)}`
            : `    ${f.field}: ${show(f.from)} → ${show(f.to)}`,
      ),
    ])
    .join('\n');
}
