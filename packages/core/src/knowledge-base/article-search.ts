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
  /** One group per typed word: its alternatives as tsquery text and as plain words. */
  groups: { typed: string; tsquery: string; texts: string[]; primary: boolean }[];
  /** The text as typed, normalized, for trigram similarity on titles. */
  normalized: string;
  /** Every word of every alternative as each text search configuration reads it. */
  forms: WordForms;
}

/** The text search configurations queries are read in: articles in both, tickets in French. */
export const STEM_CONFIGS = ['fr_unaccent', 'en_unaccent'] as const;
export type StemConfig = (typeof STEM_CONFIGS)[number];

/**
 * A word as a text search configuration reads it: `to_tsquery(config, word)` as text (one quoted
 * lexeme such as `'gener'`, '' for a stop word) and its lexemes (for the estimates: those of
 * `to_tsvector(config, word)`, the same dictionaries).
 */
export interface WordForm {
  query: string;
  lexemes: string[];
}
export type WordForms = ReadonlyMap<string, Record<StemConfig, WordForm>>;

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

/** One row of the plan statement (see `planQuery`). */
interface PlanRow {
  tags: { code: string; synonyms: string[] }[];
  fixes: { typed: string; word: string }[];
  forms: { w: string; fr: string; en: string }[];
}

/** A word's forms from its `to_tsquery` text in each configuration; its lexemes are the quoted ones. */
function formOf(fr: string, en: string): Record<StemConfig, WordForm> {
  const lexemes = (query: string) =>
    [...query.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"));
  return {
    fr_unaccent: { query: fr, lexemes: lexemes(fr) },
    en_unaccent: { query: en, lexemes: lexemes(en) },
  };
}

/** Words' forms a process keeps (a word's forms do not change), up to `WORD_FORM_CACHE_SIZE`. */
export type WordFormCache = Map<string, Record<StemConfig, WordForm>>;
const WORD_FORM_CACHE_SIZE = 20_000;

/**
 * What a query's words need from the database, in one statement: the tag vocabulary's entries
 * named by them (their synonyms), the corrections of the words no article contains, and how each
 * text search configuration reads every word of these (the typed words, the corrections, the tags'
 * names), so that the query is parsed here and not in a statement of its own (see `parseTiers`).
 * With `$3`, it also keeps parallel workers out of the rest of the transaction (see ArticleFinder).
 */
const PLAN_SQL = `with tags as (
    -- Multi-word synonyms ("open office") are looked for as phrases in the typed text.
    select code, synonyms from kb_tag
     where code = any($1::text[]) or synonyms && $1::text[]
        or exists (select 1 from unnest(synonyms) as s where position(' ' || s || ' ' in $2::text) > 0)),
  fixes as (
    -- Only words of 4 letters or more that no article contains are corrected: short words have too
    -- few trigrams to be compared, and a word found as typed needs no correction. Numbers and codes
    -- are never corrected ("erreur 503" is not "erreur 502"), so the words table has none.
    select t.typed, w.word
      from unnest($1::text[]) as t(typed)
      cross join lateral (
        select k.word from kb_word k
         where k.word % t.typed and k.word <> t.typed and similarity(k.word, t.typed) >= 0.45
         order by similarity(k.word, t.typed) desc, k.word limit 2) w
     where length(t.typed) >= 4 and t.typed !~ '[0-9]' and not exists (select 1 from kb_word x where x.word = t.typed)),
  terms as (
    select x as w from unnest($1::text[]) as x where x <> all($4::text[])
    union select word from fixes
    -- (unnest of an array, not regexp_split_to_table: estimated at 1,000 rows a name, that one
    -- made the statement cost enough for JIT compilation, 15 ms.)
    union select p from tags, unnest(array[code::text] || synonyms) as n, unnest(regexp_split_to_array(n, '[^[:alnum:]]+')) as p
     where p <> '')
select case when $3::boolean then set_config('max_parallel_workers_per_gather', '0', true) end as serial,
       (select coalesce(json_agg(json_build_object('code', code, 'synonyms', synonyms)), '[]') from tags) as tags,
       (select coalesce(json_agg(json_build_object('typed', typed, 'word', word)), '[]') from fixes) as fixes,
       (select coalesce(json_agg(json_build_object(
                 'w', w, 'fr', to_tsquery('fr_unaccent', w)::text, 'en', to_tsquery('en_unaccent', w)::text)), '[]')
          from terms) as forms`;

/**
 * Plans the query for `text`: synonyms from the tag vocabulary, corrections from the articles'
 * words, and every word's forms, in one statement (it uses indexes: the words' trigram GIN). The
 * words of `primary` (a part of `text`, such as a ticket's title) matter most when a large table is
 * searched (see `chooseCandidates`). `serial` keeps parallel workers out of the rest of the
 * transaction `em` is in (a search's statements are too short for their start to pay). The typed
 * words whose forms `cache` holds are not read again (1 ms for the 17 words of a suggestion).
 */
export async function planQuery(
  em: EntityManager,
  text: string,
  primary?: string,
  options: { serial?: boolean; cache?: WordFormCache } = {},
): Promise<QueryPlan> {
  const typed = words(text).filter((w) => !QUERY_STOP_WORDS.has(w));
  const first = primary === undefined ? null : new Set(words(primary));
  const normalized = typed.join(' ');
  if (typed.length === 0) {
    if (options.serial) await sql(em, `select set_config('max_parallel_workers_per_gather', '0', true)`);
    return { words: [], alternatives: [], tsquery: null, groups: [], normalized, forms: new Map() };
  }
  const cache = options.cache ?? new Map();
  const known = typed.filter((w) => cache.has(w));
  const [row] = await sql<PlanRow>(em, PLAN_SQL, [typed, ` ${normalized} `, options.serial ?? false, known]);
  const tags = row?.tags ?? [];
  const similar = row?.fixes ?? [];
  const forms = new Map<string, Record<StemConfig, WordForm>>(known.map((w) => [w, cache.get(w)!]));
  for (const f of row?.forms ?? []) forms.set(f.w, formOf(f.fr, f.en));
  const alternatives: Alternative[] = [];
  const groups: QueryPlan['groups'] = [];
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
    groups.push({
      typed: word,
      tsquery: `(${group.map((a) => a.query).join(' | ')})`,
      texts: group.map((a) => words(a.term).join(' ')),
      primary: first?.has(word) ?? true,
    });
  }
  // A tag's name the statement split otherwise than `words` does (a code with other letters):
  // those words are read in a statement of their own.
  const missing = [...new Set(alternatives.flatMap((a) => words(a.term)))].filter((w) => !forms.has(w));
  if (missing.length > 0) {
    const rows = await sql<{ w: string; fr: string; en: string }>(
      em,
      `select w, to_tsquery('fr_unaccent', w)::text as fr, to_tsquery('en_unaccent', w)::text as en
         from unnest($1::text[]) as w`,
      [missing],
    );
    for (const f of rows) forms.set(f.w, formOf(f.fr, f.en));
  }
  if (cache.size + forms.size > WORD_FORM_CACHE_SIZE) cache.clear();
  for (const [w, f] of forms) cache.set(w, f);
  return {
    words: typed,
    alternatives,
    tsquery: groups.map((g) => g.tsquery).join(' | '),
    groups,
    normalized,
    forms,
  };
}

/**
 * Which rows a search ranks. Ranking is cheap per row but a query's common words ("fichier",
 * "erreur") match most of a large knowledge base or ticket base, and ranking all of those is what
 * made a search slow. When the rows the query's words match are estimated (from PostgreSQL's own
 * statistics of the column) to be more than `budget`, the search ranks the rows that contain one
 * of its rarest words (`any`), and the rows that contain its commonest words together (`all`), up
 * to a number: the rows that contain only some common words would rank below those anyway. The
 * rank itself still counts every word. `pruned` says so; the title-closeness match (an unindexed
 * scan at that size) is then left out too, and typos are read through the corrections.
 */
export interface Candidates {
  /** Rows that contain any of these (tsquery text; '' for none). The whole query when not pruned. */
  any: string;
  /** Rows that contain all of these (tsquery text; '' for none). */
  all: string;
  pruned: boolean;
}

/**
 * Candidates parsed in each language (tsquery text of lexemes, '' for none). Statements take them
 * as `$n::tsquery` constants: the planner then estimates how many rows they match (written as
 * `to_tsquery(...)`, only STABLE, it cannot, and intersected a bitmap of 160,000 tickets with a
 * requester's 50), and `ts_rank` does not parse the query again for every row.
 */
export interface ParsedCandidates extends Candidates {
  anyFr: string;
  anyEn: string;
  allFr: string;
  allEn: string;
}

/** A plan's queries parsed: its candidate tiers, and each alternative (for "why it matched"). */
export interface ParsedPlan {
  tiers: ParsedCandidates[];
  /** `plan.alternatives[i].query` parsed in French and in English ('' for a stop word). */
  alternatives: { fr: string[]; en: string[] };
}

/** A node of a query text as `planQuery` writes them (words, `|`, `&`, `<->`, parentheses). */
type Node = { op: 'word'; word: string } | { op: '|' | '&' | '<->'; args: Node[] };

/** Reads a query text of words, `|`, `&`, `<->` and parentheses (tsquery's precedence); null if it is not one. */
function readQuery(text: string): Node | null {
  const tokens = text.match(/<->|[()|&]|[^\s()|&<>]+|\S/gu) ?? [];
  let at = 0;
  const binary = (op: '|' | '&' | '<->', next: () => Node | null) => (): Node | null => {
    const args: Node[] = [];
    for (;;) {
      const arg = next();
      if (!arg) return null;
      args.push(arg);
      if (tokens[at] !== op) break;
      at++;
    }
    return args.length === 1 ? args[0]! : { op, args };
  };
  const atom = (): Node | null => {
    const token = tokens[at++];
    if (token === '(') {
      const inner = or();
      return tokens[at++] === ')' ? inner : null;
    }
    return token !== undefined && /^[\p{L}\p{N}]+$/u.test(token) ? { op: 'word', word: token } : null;
  };
  const phrase = binary('<->', atom);
  const and = binary('&', phrase);
  const or = binary('|', and);
  const node = or();
  return node && at === tokens.length ? node : null;
}

/**
 * `to_tsquery(config, text)` as text, composed here from the words' forms, for the texts
 * `planQuery` writes: a stop word drops out of `|` and `&`, and out of a phrase with the distance
 * kept (`a <-> la <-> b` is `'a' <2> 'b'`), as PostgreSQL does. Undefined when a word's form is
 * not a single lexeme (then PostgreSQL parses it: see `parseTiers`). The same tree as
 * PostgreSQL's, so `ts_rank` ranks alike (a test compares them).
 */
export function composeQuery(text: string, config: StemConfig, forms: WordForms): string | undefined {
  if (text === '') return '';
  const tree = readQuery(text);
  if (!tree) return undefined;
  const simple = /^'[^'\\]+'$/;
  let unknown = false;
  const form = (word: string): string | null => {
    const f = forms.get(word)?.[config].query;
    if (f === undefined || (f !== '' && !simple.test(f))) unknown = true;
    return f ? f : null;
  };
  const wrap = (n: Node, t: string) => (n.op === 'word' ? t : `( ${t} )`);
  const compose = (n: Node): string | null => {
    if (n.op === 'word') return form(n.word);
    if (n.op === '<->') {
      // Only phrases of words (a synonym's words): leading and trailing stop words drop out, the
      // ones between two words widen the distance.
      let out: string | null = null;
      let gap = 0;
      for (const arg of n.args) {
        if (arg.op !== 'word') {
          unknown = true;
          return null;
        }
        const f = form(arg.word);
        if (f === null) {
          if (out !== null) gap++;
          continue;
        }
        out = out === null ? f : `${out} ${gap === 0 ? '<->' : `<${gap + 1}>`} ${f}`;
        gap = 0;
      }
      return out;
    }
    const parts = n.args.flatMap((arg) => {
      const t = compose(arg);
      return t === null ? [] : [wrap(arg, t)];
    });
    return parts.length === 0 ? null : parts.join(` ${n.op} `);
  };
  const out = compose(tree);
  return unknown ? undefined : (out ?? '');
}

/**
 * Parses the tiers' queries and the plan's alternatives in French and English: here from the
 * words' forms (see `composeQuery`), or, for a word that is not one lexeme, by PostgreSQL (one
 * statement).
 */
export async function parseTiers(
  em: EntityManager,
  plan: QueryPlan,
  tiers: Candidates[],
): Promise<ParsedPlan> {
  const texts = [...tiers.flatMap((t) => [t.any, t.all]), ...plan.alternatives.map((a) => a.query)];
  let parsed = texts.map((x) => ({
    fr: composeQuery(x, 'fr_unaccent', plan.forms),
    en: composeQuery(x, 'en_unaccent', plan.forms),
  }));
  if (parsed.some((p) => p.fr === undefined || p.en === undefined)) {
    parsed = await sql<{ fr: string; en: string }>(
      em,
      `select case when x = '' then '' else to_tsquery('fr_unaccent', x)::text end as fr,
              case when x = '' then '' else to_tsquery('en_unaccent', x)::text end as en
         from unnest($1::text[]) with ordinality as u(x, n) order by n`,
      [texts],
    );
  }
  const at = (i: number) => parsed[i] as { fr: string; en: string };
  const n = 2 * tiers.length;
  return {
    tiers: tiers.map((t, i) => ({
      ...t,
      anyFr: at(2 * i).fr,
      anyEn: at(2 * i).en,
      allFr: at(2 * i + 1).fr,
      allEn: at(2 * i + 1).en,
    })),
    alternatives: {
      fr: plan.alternatives.map((_a, i) => at(n + i).fr),
      en: plan.alternatives.map((_a, i) => at(n + i).en),
    },
  };
}

/** Rows ranked at most, as far as the statistics allow to keep to it (see `Candidates`). */
export const CANDIDATE_BUDGET = 500;

/** A group of the query with its estimated rows, for `chooseCandidates`. */
export interface GroupEstimate {
  tsquery: string;
  rows: number;
  /** Some lexeme of it is among the column's listed frequent ones (else it is rarer than those, or absent). */
  listed: boolean;
  /** The word comes from the text that matters most (a ticket's title rather than its description). */
  primary: boolean;
}

/**
 * Chooses the candidate queries from each group's estimated row count (pure, for tests): from the
 * narrowest to the whole query, each wider than the one before. A search runs the first and moves
 * to the next while it finds fewer rows than it shows (the estimates take words as independent,
 * and a person may only read some of the rows).
 */
export function chooseCandidates(
  groups: readonly GroupEstimate[],
  total: number,
  budget = CANDIDATE_BUDGET,
): Candidates[] {
  const whole: Candidates = { any: groups.map((g) => g.tsquery).join(' | '), all: '', pruned: false };
  if (groups.reduce((n, g) => n + g.rows, 0) <= budget) return [whole];
  // A group with no row (only stop words) matches nothing. A group rarer than any listed lexeme
  // is always a candidate: it is either rare (the best words to find a row by) or in no row at all.
  const rare = groups.filter((g) => g.rows > 0 && !g.listed).map((g) => g.tsquery);
  const listed = groups.filter((g) => g.rows > 0 && g.listed).sort((a, b) => a.rows - b.rows);
  let rows = 0;
  let n = 0;
  for (; n < listed.length && rows + listed[n]!.rows <= budget; n++) {
    rare.push(listed[n]!.tsquery);
    rows += listed[n]!.rows;
  }
  // The common words: the rows that contain the rarest of them together (the primary ones first),
  // as many of them as it takes for the estimate to fall within the budget, then fewer. The rare
  // words may be in no row at all (a name, a typo no correction reached): these rows keep the
  // search from finding nothing then.
  const rest = listed.slice(n);
  const common = [
    ...new Set((rest.some((g) => g.primary) ? rest.filter((g) => g.primary) : rest).map((g) => g.tsquery)),
  ];
  const shares = new Map(listed.map((g) => [g.tsquery, Math.min(1, g.rows / Math.max(total, 1))]));
  let together = 0;
  let estimate = Math.max(total, 1);
  for (const g of common) {
    together++;
    estimate *= shares.get(g) ?? 1;
    if (estimate <= budget && together > 1) break;
  }
  const tiers: Candidates[] = [];
  for (const k of new Set([together, 2, 1])) {
    if (k > together) continue;
    const all = common.slice(0, k).join(' & ');
    if (rare.length === 0 && all === '') continue;
    tiers.push({ any: rare.join(' | '), all, pruned: true });
  }
  tiers.push(whole);
  return tiers;
}

/** A column's lexeme statistics: each frequent lexeme's share of rows, and the table's size. */
export interface LexemeStats {
  total: number;
  shares: ReadonlyMap<string, number>;
  /** The share of the rarest lexeme listed: any other lexeme is rarer. */
  floor: number;
}

/**
 * `table`'s `search_vector` statistics from PostgreSQL (`pg_stats.most_common_elems`, kept by
 * ANALYZE and autovacuum), or null before the table was ever analysed.
 */
export async function lexemeStats(
  em: EntityManager,
  table: 'article' | 'ticket',
): Promise<LexemeStats | null> {
  const [row] = await sql<{ elems: string[] | null; freqs: number[] | null; total: number }>(
    em,
    `select st.most_common_elems::text::text[] as elems, st.most_common_elem_freqs::float8[] as freqs,
            (select c.reltuples from pg_class c where c.oid = to_regclass($1))::float8 as total
       from pg_stats st
      where st.schemaname = current_schema() and st.tablename = $1 and st.attname = 'search_vector'`,
    [table],
  );
  if (!row?.elems || !row.freqs) return null;
  const freqs = row.freqs;
  const shares = new Map<string, number>(row.elems.map((e, i) => [e, freqs[i]!]));
  return { total: Math.max(0, row.total), shares, floor: row.freqs[row.elems.length] ?? 0 };
}

/**
 * The candidate queries for `plan` on a `search_vector` column with statistics `stats` (see
 * `Candidates`, `chooseCandidates`): each alternative's share is its rarest lexeme's (a phrase needs them all) in the
 * language it is most common in, a group's the sum of its alternatives'. Without statistics, the
 * whole query.
 */
export async function candidates(
  em: EntityManager,
  plan: QueryPlan,
  stats: LexemeStats | null,
  configs: readonly string[],
  budget = CANDIDATE_BUDGET,
): Promise<ParsedPlan> {
  if (!stats || !plan.tsquery)
    return parseTiers(em, plan, [{ any: plan.tsquery ?? '', all: '', pruned: false }]);
  const texts = plan.groups.flatMap((g, n) => g.texts.map((t, i) => ({ n, i, t })));
  const rows = texts.flatMap((x, k) =>
    STEM_CONFIGS.map((config) => ({
      k: k + 1,
      config,
      lexemes: [...new Set(x.t.split(' ').flatMap((w) => plan.forms.get(w)?.[config].lexemes ?? []))],
    })),
  );
  // A stop word in one language ("la", "des", "the") is left out: it is noise in the other too.
  const stop = new Set(rows.filter((r) => r.lexemes.length === 0).map((r) => r.k));
  const alternative = new Map<number, { share: number; listed: boolean }>();
  for (const r of rows) {
    if (stop.has(r.k) || !configs.includes(r.config)) continue;
    const share = Math.min(...r.lexemes.map((l) => stats.shares.get(l) ?? stats.floor / 2));
    const listed = r.lexemes.every((l) => stats.shares.has(l));
    const known = alternative.get(r.k);
    alternative.set(r.k, {
      share: Math.max(known?.share ?? 0, share),
      listed: (known?.listed ?? false) || listed,
    });
  }
  const groups = plan.groups.map((g, n): GroupEstimate => {
    let share = 0;
    let listed = false;
    texts.forEach((x, k) => {
      const a = x.n === n ? alternative.get(k + 1) : undefined;
      share += a?.share ?? 0;
      listed ||= a?.listed ?? false;
    });
    return { tsquery: g.tsquery, rows: Math.min(1, share) * stats.total, listed, primary: g.primary };
  });
  return parseTiers(em, plan, chooseCandidates(groups, stats.total, budget));
}

/**
 * Records an article's words (for corrections), in the use case's transaction. Words of 3 to 64
 * letters, lower-case, without accents, and without digits (see `planQuery`).
 */
export async function recordWords(em: EntityManager, text: string): Promise<void> {
  await sql(
    em,
    `insert into kb_word (word)
     select distinct w from regexp_split_to_table(guichet_unaccent(lower($1::text)), '[^[:alnum:]]+') as w
      where length(w) between 3 and 64 and w !~ '[0-9]'
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
