import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql.ts';

/**
 * How a text typed by a person becomes a full-text query. Each word is one group of alternatives:
 * the word itself, the tag vocabulary's synonyms of it (`odt` → `libreoffice`, `writer`…) and, for a
 * word no article contains, the closest words that some article does contain by trigram similarity
 * ("opalle" → "opale"). Groups are OR-ed: an article matching more of them ranks higher (the rank
 * weighs title A > tags B > summary C > body D). Stemming and accents are the text search
 * configuration's business (`fr_unaccent`, `en_unaccent`), applied to the query in each language.
 */

/** One alternative of a word: what it is and why it is there (shown as "why it matched"). */
export interface Alternative {
  /** What the person typed. */
  typed: string;
  /** What is looked for (the typed word, a synonym or a correction); tsquery text. */
  query: string;
  /** The looked-for word as a person reads it. */
  term: string;
  kind: 'typed' | 'synonym' | 'correction';
  /** The tag the synonym comes from. */
  tag?: string;
}

export interface QueryPlan {
  /** The typed words, normalized (lower-case, no accents). */
  words: string[];
  alternatives: Alternative[];
  /** The whole query as tsquery text (groups OR-ed), or null when nothing searchable was typed. */
  tsquery: string | null;
  /** The text as typed, normalized, for trigram similarity on titles. */
  normalized: string;
}

/** Longest text and most words a query considers (the rest is ignored). */
const MAX_WORDS = 32;
const MAX_WORD_LENGTH = 64;

/** Lower-case, accents removed (as `unaccent` does for French and English letters). */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('œ', 'oe')
    .replaceAll('æ', 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replaceAll('ß', 'ss');
}

/** The distinct searchable words of a text, in order (letters and digits only: safe in a tsquery). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const w of normalize(text).split(/[^\p{L}\p{N}]+/u)) {
    if (w.length === 0 || w.length > MAX_WORD_LENGTH || out.includes(w)) continue;
    out.push(w);
    if (out.length >= MAX_WORDS) break;
  }
  return out;
}

/**
 * French stop words that `fr_unaccent` keeps: PostgreSQL's French list lacks "les", and its
 * accented entries ("à", "été", "même"…) no longer match once unaccent has run before the stemmer.
 * Left in a query, they match nearly every French article (in its title, weight A) and outrank the
 * words that matter, so a query ignores them.
 */
const QUERY_STOP_WORDS: ReadonlySet<string> = new Set([
  'les',
  'a',
  'meme',
  'ete',
  'etee',
  'etees',
  'etes',
  'etant',
  'etante',
  'etants',
  'etantes',
  'etais',
  'etait',
  'etions',
  'etiez',
  'etaient',
  'fumes',
  'futes',
  'fut',
  'eumes',
  'eutes',
  'eut',
]);

/** A multi-word synonym (`libre office`) as a phrase query; a single word as itself. */
function phrase(text: string): string | null {
  const parts = words(text);
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
}

/**
 * Plans the query for `text`: synonyms from the tag vocabulary, corrections from the articles'
 * words. Two small statements (both use indexes: the synonyms' GIN, the words' trigram GIN).
 */
export async function planQuery(em: EntityManager, text: string): Promise<QueryPlan> {
  const typed = words(text).filter((w) => !QUERY_STOP_WORDS.has(w));
  const normalized = typed.join(' ');
  if (typed.length === 0) return { words: [], alternatives: [], tsquery: null, normalized };
  const [tags, similar] = await Promise.all([
    sql<{ code: string; synonyms: string[] }>(
      em,
      // Multi-word synonyms ("open office") are looked for as phrases in the typed text.
      `select code, synonyms from kb_tag
        where code = any($1::text[]) or synonyms && $1::text[]
           or exists (select 1 from unnest(synonyms) as s where position(' ' || s || ' ' in $2::text) > 0)`,
      [typed, ` ${normalized} `],
    ),
    sql<{ typed: string; word: string }>(
      em,
      // Only words of 4 letters or more that no article contains are corrected: short words have
      // too few trigrams to be compared, and a word found as typed needs no correction.
      `select t.typed, w.word
         from unnest($1::text[]) as t(typed)
         cross join lateral (
           select k.word from kb_word k
            where k.word % t.typed and k.word <> t.typed and similarity(k.word, t.typed) >= 0.45
            order by similarity(k.word, t.typed) desc, k.word limit 2) w
        where length(t.typed) >= 4 and not exists (select 1 from kb_word x where x.word = t.typed)`,
      [typed],
    ),
  ]);
  const alternatives: Alternative[] = [];
  const groups: string[] = [];
  for (const word of typed) {
    const group: Alternative[] = [{ typed: word, query: word, term: word, kind: 'typed' }];
    for (const tag of tags) {
      const names = [tag.code, ...tag.synonyms];
      // The tag belongs to this word when a name of it is the word, or a phrase typed from it on.
      const spoken = ` ${normalized} `;
      const named = names.some((n) => {
        const parts = words(n);
        return parts.length === 1
          ? parts[0] === word
          : parts[0] === word && spoken.includes(` ${parts.join(' ')} `);
      });
      if (!named) continue;
      for (const name of names) {
        const q = phrase(name);
        if (q && !group.some((a) => a.query === q)) {
          group.push({ typed: word, query: q, term: name, kind: 'synonym', tag: tag.code });
        }
      }
    }
    for (const s of similar.filter((x) => x.typed === word)) {
      if (!group.some((a) => a.query === s.word)) {
        group.push({ typed: word, query: s.word, term: s.word, kind: 'correction' });
      }
    }
    alternatives.push(...group);
    groups.push(`(${group.map((a) => a.query).join(' | ')})`);
  }
  return { words: typed, alternatives, tsquery: groups.join(' | '), normalized };
}

/**
 * Records an article's words (for corrections), in the use case's transaction. Words of 3 to 64
 * letters, lower-case, without accents.
 */
export async function recordWords(em: EntityManager, text: string): Promise<void> {
  await sql(
    em,
    `insert into kb_word (word)
     select distinct w from regexp_split_to_table(guichet_unaccent(lower($1::text)), '[^[:alnum:]]+') as w
      where length(w) between 3 and 64
     on conflict do nothing`,
    [text],
    { prepare: false },
  );
}

/** Private-use characters marking highlighted words in `ts_headline` output (never in text). */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_STOP = '\uE001';

/**
 * `ts_headline` options: fragments of whole words (it never cuts one), the matches marked with the
 * private-use characters above, which `highlightSegments` turns into segments.
 */
export const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** A snippet as segments: plain text, and the words that matched (render them as you like). */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

/** Splits a `ts_headline` output into segments (no markup: safe to render as text anywhere). */
export function highlightSegments(headline: string): SnippetSegment[] {
  const out: SnippetSegment[] = [];
  let rest = headline;
  while (rest.length > 0) {
    const start = rest.indexOf(HIGHLIGHT_START);
    if (start === -1) {
      out.push({ text: rest, match: false });
      break;
    }
    if (start > 0) out.push({ text: rest.slice(0, start), match: false });
    const stop = rest.indexOf(HIGHLIGHT_STOP, start + 1);
    const end = stop === -1 ? rest.length : stop;
    out.push({ text: rest.slice(start + 1, end), match: true });
    rest = stop === -1 ? '' : rest.slice(stop + 1);
  }
  return out
    .map((s) => ({ ...s, text: s.text.replaceAll(HIGHLIGHT_START, '').replaceAll(HIGHLIGHT_STOP, '') }))
    .filter((s) => s.text.length > 0);
}

/** Why a result matched, from the alternatives it contains and the fields they are in. */
export interface MatchReason {
  /** Fields of the result that contain the query (title, tags, summary, body / title, description). */
  fields: string[];
  /** Typed words found (as typed, or through a synonym or a correction). */
  words: string[];
  synonyms: { word: string; tag: string; term: string }[];
  corrections: { typed: string; read: string }[];
  /** The title is close to the typed text (trigram word similarity, 0–1), when that counted. */
  titleSimilarity?: number;
}

/** Builds the reason from which alternatives a result contains (`found[i]` for `alternatives[i]`). */
export function matchReason(
  plan: QueryPlan,
  found: readonly boolean[],
  fields: string[],
  titleSimilarity: number,
): MatchReason {
  const hits = plan.alternatives.filter((_a, i) => found[i]);
  const reason: MatchReason = {
    fields,
    words: [...new Set(hits.map((a) => a.typed))],
    synonyms: hits
      .filter((a) => a.kind === 'synonym')
      .map((a) => ({ word: a.typed, tag: a.tag ?? '', term: a.term })),
    corrections: hits.filter((a) => a.kind === 'correction').map((a) => ({ typed: a.typed, read: a.term })),
  };
  if (titleSimilarity >= 0.6) reason.titleSimilarity = Math.round(titleSimilarity * 100) / 100;
  return reason;
}
