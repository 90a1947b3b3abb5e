import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import { CatalogService } from '../catalogue/service.entity.ts';
import { sql } from '../db/sql.ts';
import { inTransaction, withEm } from '../db/transaction.ts';
import { DomainError, fieldError } from '../errors.ts';
import { type Grants, visibilitySql } from '../people/access.ts';
import { Person } from '../people/person.entity.ts';
import { isUuid } from '../shared/ids.ts';
import { parseInput } from '../shared/validation.ts';
import type { ArticleRoleFacts } from './article.rules.ts';
import {
  type SearchArticlesInput,
  SearchArticlesInputSchema,
  type SuggestInput,
  SuggestInputSchema,
} from './article.schemas.ts';
import type { ArticleHit, ArticlePage, SuggestionsView, TicketHit } from './article.views.ts';
import {
  candidates,
  HEADLINE_OPTIONS,
  highlightSegments,
  type LexemeStats,
  lexemeStats,
  matchReason,
  type ParsedCandidates,
  type ParsedPlan,
  planQuery,
  type QueryPlan,
  type WordFormCache,
} from './article-search.ts';
import { KbSuggestion } from './kb-suggestion.entity.ts';
import type { KbCaller } from './knowledge-base.service.ts';

/**
 * Finding articles: search, and suggestions before and during a ticket (articles and similar
 * tickets). The knowledge-base service hands it who the caller is and the visibility rule in SQL
 * (`article.rules.ts` as written once), so that nothing here decides who may read what.
 */

/** The caller, with what every use case needs around them. */
export interface Context {
  catalogue: CatalogueSnapshot;
  grants: Grants | null;
  facts: ArticleRoleFacts;
}

/** What the finder takes from the knowledge-base service. */
export interface FinderAccess {
  context(caller: KbCaller): Promise<Context>;
  /** The articles `ctx` may read, as one SQL condition on the article aliased `alias`. */
  visibility(ctx: Context, alias: string, params: unknown[]): string;
  /** The signed-in person's id (FORBIDDEN for an anonymous caller). */
  signedIn(ctx: Context): string;
}

export const TICKET_REFERENCE = /^GU-\d{4}-\d{6,12}$/i;
/** Ticket statuses that may be duplicates of a ticket about to be written. */
const OPEN_TICKET_STATUSES = ['pending_approval', 'new', 'assigned', 'pending'];
/** Ticket statuses whose resolution can help with a ticket being worked on. */
const SOLVED_TICKET_STATUSES = ['resolved', 'closed'];
/** Rank weights, in PostgreSQL's order {D, C, B, A}: title > tags > summary > body. */
const WEIGHTS = '{0.1, 0.2, 0.4, 1.0}';

export class ArticleFinder {
  readonly #orm: MikroORM;
  readonly #access: FinderAccess;

  constructor(orm: MikroORM, access: FinderAccess) {
    this.#orm = orm;
    this.#access = access;
  }

  /**
   * Articles the caller may read, filtered, ranked by relevance to `q` (or newest first without
   * one), with snippets and why each matched; keyset-paginated (`after`), with the total count of
   * what the caller may read under these filters.
   */
  async search(
    caller: KbCaller,
    raw: SearchArticlesInput = {},
  ): Promise<ArticlePage & { total: number; totalCapped: boolean }> {
    const input = parseInput(SearchArticlesInputSchema, raw);
    const ctx = await this.#access.context(caller);
    return withEm(this.#orm, async (em) => {
      const plan = input.q ? await planQuery(em, input.q, undefined, { cache: this.#forms }) : null;
      const filters = (params: unknown[]): string[] => {
        const $ = (v: unknown) => {
          params.push(v);
          return `$${params.length}`;
        };
        const where = [this.#access.visibility(ctx, 'a', params)];
        if (input.service) {
          const root = ctx.catalogue.service(input.service, 'service');
          where.push(`a.service_ids && ${$(ctx.catalogue.descendants([root.id]))}::uuid[]`);
        }
        if (input.tag) where.push(`a.tags @> array[${$(input.tag)}::text]`);
        if (input.kind) where.push(`a.kind = ${$(input.kind)}`);
        if (input.language) where.push(`a.language = ${$(input.language)}`);
        if (input.status) where.push(`a.status = ${$(input.status)}`);
        if (input.audience) where.push(`a.audience = ${$(input.audience)}`);
        return where;
      };
      const fingerprint = JSON.stringify([
        input.q ?? '',
        input.service,
        input.tag,
        input.kind,
        input.language,
        input.status,
        input.audience,
      ]);
      const after = input.after ? decodeCursor(input.after, fingerprint) : null;
      if (plan && !plan.tsquery) return { items: [], next: null, total: 0, totalCapped: false };
      const parsed = plan ? await this.#candidates(em, plan, 'article') : null;
      const tiers = parsed?.tiers ?? [];
      let tier = Math.min(after?.tier ?? 0, Math.max(tiers.length - 1, 0));
      let rows: HitRow[] = [];
      let source: ((params: unknown[]) => string) | null = null;
      for (;;) {
        const params: unknown[] = [];
        const $ = (v: unknown) => {
          params.push(v);
          return `$${params.length}`;
        };
        if (plan) {
          const candidates = tiers[tier]!;
          source = (p) => articleCandidates(plan, candidates, filters(p), p);
          const from = source(params);
          const rank = rankSql(plan, candidates, tiers.at(-1)!, params);
          const cursor = after
            ? `where (s.rank, s.id) < (${$(after.rank)}::float8, ${$(after.id)}::uuid)`
            : '';
          // At most RANKED_CAP candidates are ranked (see `Candidates`); the window counts them all,
          // in the same pass, whatever page is asked for; the page's rows come with their details.
          const details = detailColumns(plan, parsed!, params);
          rows = await sql<HitRow>(
            em,
            `with s as (select ${HIT_COLUMNS}, ${rank} as rank, count(*) over ()::int as total,
                               (count(*) filter (where a.part = 1) over () >= ${RANKED_CAP} or count(*) filter (where a.part = 2) over () >= ${RANKED_CAP}) as capped
                          from ${from}),
                  p as (select * from s ${cursor} order by s.rank desc, s.id desc limit ${$(input.limit + 1)})
             select p.*, x.* from p cross join lateral (select ${details} from article d where d.id = p.id) x
              order by p.rank desc, p.id desc`,
            params,
            { prepare: false },
          );
          // A narrow candidate set that finds less than a page gives way to the next (first page only:
          // the next pages keep the first page's, named in the cursor).
          if (!after && rows.length <= input.limit && tier < tiers.length - 1) {
            tier++;
            continue;
          }
        } else {
          const where = filters(params);
          if (after) where.push(`(a.updated_at, a.id) < (${$(after.at)}::timestamptz, ${$(after.id)}::uuid)`);
          rows = await sql<HitRow>(
            em,
            `select ${HIT_COLUMNS}, 0::float8 as rank, a.updated_at::text as sort_key from article a
              where ${where.join(' and ')} order by a.updated_at desc, a.id desc limit ${$(input.limit + 1)}`,
            params,
          );
        }
        break;
      }
      const page = rows.slice(0, input.limit);
      let total = rows[0]?.total;
      let capped = rows[0]?.capped ?? false;
      if (total === undefined) {
        // No row on this page (or a listing without a query): counted apart, up to the cap.
        const countParams: unknown[] = [];
        const from = source
          ? source(countParams)
          : `(select a.*, 1 as part from article a where ${filters(countParams).join(' and ')} limit ${RANKED_CAP}) a`;
        const [count] = await sql<{ n: number; capped: boolean }>(
          em,
          `select count(*)::int as n, (count(*) filter (where a.part = 1) >= ${RANKED_CAP}
                  or count(*) filter (where a.part = 2) >= ${RANKED_CAP}) as capped from ${from}`,
          countParams,
          { prepare: !plan },
        );
        total = count?.n ?? 0;
        capped = count?.capped ?? false;
      }
      const last = page.at(-1);
      return {
        items: page.map((r) => this.hit(ctx, r, plan)),
        next:
          rows.length > input.limit && last
            ? encodeCursor(
                fingerprint,
                plan ? { rank: last.rank, id: last.id, tier } : { at: last.sort_key!, id: last.id },
              )
            : null,
        total,
        totalCapped: capped,
      };
    });
  }

  /**
   * What to read before writing a ticket: published articles the caller may read and the similar
   * open tickets they may see (possible duplicates), each with why it matched. For a ticket the
   * caller works on (`ticket`), articles and similar resolved tickets instead. Each call is recorded
   * (what was shown), so that `deflect` can later say it answered the person.
   */
  async suggest(caller: KbCaller, raw: SuggestInput): Promise<SuggestionsView> {
    const input = parseInput(SuggestInputSchema, raw);
    const ctx = await this.#access.context(caller);
    const me = this.#access.signedIn(ctx);
    const grants = ctx.grants!;
    return inTransaction(this.#orm, async (em) => {
      let text = `${input.title} ${input.description}`;
      let primary = input.title;
      let serviceCode = input.service;
      let ticketId: string | null = null;
      let statuses = OPEN_TICKET_STATUSES;
      if (input.ticket) {
        const scope = visibilitySql(ctx.catalogue, grants, 't', 2);
        const [ticket] = TICKET_REFERENCE.test(input.ticket)
          ? await sql<{ id: string; title: string; description: string; service_id: string | null }>(
              em,
              `select t.id, t.title, t.description, t.service_id from ticket t where t.reference = $1 and ${scope.sql}`,
              [input.ticket.toUpperCase(), ...scope.params],
            )
          : [];
        if (!ticket) throw new DomainError('TICKET_NOT_FOUND', { params: { reference: input.ticket } });
        ticketId = ticket.id;
        text = `${ticket.title} ${ticket.description} ${text}`;
        primary = `${ticket.title} ${primary}`;
        serviceCode ??= ticket.service_id
          ? (ctx.catalogue.codes.service(ticket.service_id) ?? undefined)
          : undefined;
        statuses = SOLVED_TICKET_STATUSES;
      }
      const service = serviceCode ? ctx.catalogue.service(serviceCode, 'service') : null;
      const serviceIds = service ? ctx.catalogue.descendants([service.id]) : [];
      // A suggestion's statements are short: parallel workers (whose start costs more than these
      // statements) are kept out of the transaction's plans, by the plan's own statement.
      const plan = await planQuery(em, text, primary, { serial: true, cache: this.#forms });
      const articles = plan.tsquery
        ? await this.#suggestArticles(em, ctx, plan, serviceIds, input.limit)
        : [];
      const tickets = plan.tsquery
        ? await this.#suggestTickets(em, ctx, plan, serviceIds, statuses, ticketId, input.limit)
        : [];
      const shown = em.create(KbSuggestion, {
        person: em.getReference(Person, me),
        text: text.trim().slice(0, 20_000),
        service: service ? em.getReference(CatalogService, service.id) : null,
        articleIds: articles.map((a) => a.id),
        ticketIds: tickets.map((t) => t.id),
      } as never);
      await em.flush();
      return {
        id: (shown as KbSuggestion).id,
        articles: articles.map((a) => a.hit),
        tickets: tickets.map((t) => t.hit),
      };
    });
  }

  /** Lexeme statistics per table, read again after `STATS_TTL_MS` (they change with ANALYZE only). */
  readonly #stats = new Map<'article' | 'ticket', { at: number; stats: Promise<LexemeStats | null> }>();

  /** Query words as the text search configurations read them (see `planQuery`). */
  readonly #forms: WordFormCache = new Map();

  /** The rows a search on `table` ranks (see `Candidates`). */
  async #candidates(em: EntityManager, plan: QueryPlan, table: 'article' | 'ticket'): Promise<ParsedPlan> {
    let cached = this.#stats.get(table);
    if (!cached || Date.now() - cached.at > STATS_TTL_MS) {
      cached = { at: Date.now(), stats: lexemeStats(em, table).catch(() => null) };
      this.#stats.set(table, cached);
    }
    const configs = table === 'article' ? ['fr_unaccent', 'en_unaccent'] : ['fr_unaccent'];
    return candidates(em, plan, await cached.stats, configs);
  }

  /** An article as a list item: its snippet and why it matched when it was searched for. */
  hit(ctx: Context, r: HitRow, plan: QueryPlan | null): ArticleHit {
    return {
      id: r.id,
      reference: r.reference,
      title: r.title,
      summary: r.summary,
      kind: r.kind,
      language: r.language,
      services: r.service_ids.map((id) => ctx.catalogue.codes.service(id) ?? '').filter(Boolean),
      tags: r.tags,
      audience: r.audience,
      status: r.status,
      updatedAt: new Date(r.updated_at).toISOString(),
      rank: Math.round(Number(r.rank) * 10_000) / 10_000,
      snippet: r.headline !== undefined ? highlightSegments(r.headline) : [],
      why:
        plan && r.found !== undefined ? matchReason(plan, r.found, r.fields ?? [], r.similarity ?? 0) : null,
    };
  }

  async #suggestArticles(
    em: EntityManager,
    ctx: Context,
    plan: QueryPlan,
    serviceIds: string[],
    limit: number,
  ): Promise<{ id: string; hit: ArticleHit }[]> {
    const parsed = await this.#candidates(em, plan, 'article');
    const tiers = parsed.tiers;
    let rows: HitRow[] = [];
    for (const [tier, candidates] of tiers.entries()) {
      const params: unknown[] = [];
      const $ = (v: unknown) => {
        params.push(v);
        return `$${params.length}`;
      };
      const from = articleCandidates(
        plan,
        candidates,
        [this.#access.visibility(ctx, 'a', params), `a.status = 'published'`],
        params,
      );
      const rank = rankSql(plan, candidates, tiers.at(-1)!, params);
      // An article about the service the person picked weighs a little more.
      const boost =
        serviceIds.length > 0
          ? ` + case when a.service_ids && ${$(serviceIds)}::uuid[] then 0.05 else 0 end`
          : '';
      const details = detailColumns(plan, parsed, params);
      rows = await sql<HitRow>(
        em,
        `with p as (select ${HIT_COLUMNS}, (${rank}${boost})::float8 as rank from ${from}
                     order by rank desc, a.id limit ${$(limit)})
         select p.*, x.* from p cross join lateral (select ${details} from article d where d.id = p.id) x
          order by p.rank desc, p.id`,
        params,
        { prepare: false },
      );
      // A narrow candidate set that finds fewer than asked gives way to the next.
      if (rows.length >= limit || tier === tiers.length - 1) break;
    }
    return rows.map((r) => ({ id: r.id, hit: this.hit(ctx, r, plan) }));
  }

  async #suggestTickets(
    em: EntityManager,
    ctx: Context,
    plan: QueryPlan,
    serviceIds: string[],
    statuses: string[],
    excludeId: string | null,
    limit: number,
  ): Promise<{ id: string; hit: TicketHit }[]> {
    const grants = ctx.grants!;
    // A person without staff profiles sees their own tickets only (a few dozen): the whole query
    // costs nothing there, and the narrower tiers would only add statements.
    const parsed = await this.#candidates(em, plan, 'ticket');
    const whole = parsed.tiers.at(-1)!;
    const tiers = parsed.tiers.slice(ctx.facts.staff ? 0 : -1);
    let rows: TicketHitRow[] = [];
    for (const [tier, candidates] of tiers.entries()) {
      const params: unknown[] = [];
      const $ = (v: unknown) => {
        params.push(v);
        return `$${params.length}`;
      };
      const where: string[] = [];
      if (!grants.functionalAdmin) {
        const scope = visibilitySql(ctx.catalogue, grants, 't', params.length + 1);
        params.push(...scope.params);
        where.push(scope.sql);
      }
      const query = $(whole.anyFr);
      where.push(`t.status = any(${$(statuses)}::text[])`);
      if (excludeId) where.push(`t.id <> ${$(excludeId)}::uuid`);
      // The candidates, as for articles (see `articleCandidates`), in French (tickets are).
      const any = candidates.any ? `t.search_vector @@ ${$(candidates.anyFr)}::tsquery` : null;
      const branches: string[] = [];
      if (any)
        branches.push(
          `(select t.* from ticket t where ${[...where, any].join(' and ')} limit ${RANKED_CAP})`,
        );
      if (candidates.all) {
        const all = [...where, `t.search_vector @@ ${$(candidates.allFr)}::tsquery`];
        if (any) all.push(`not ${any}`);
        branches.push(`(select t.* from ticket t where ${all.join(' and ')} limit ${RANKED_CAP})`);
      }
      if (branches.length === 0) break;
      const boost =
        serviceIds.length > 0
          ? ` + case when t.service_id = any(${$(serviceIds)}::uuid[]) then 0.05 else 0 end`
          : '';
      const alternatives = $(parsed.alternatives.fr);
      rows = await sql<TicketHitRow>(
        em,
        `with m as (
         select t.id, t.reference, t.title, t.description, t.status, t.service_id, t.search_vector,
                (ts_rank('${WEIGHTS}', t.search_vector, ${query}::tsquery)${boost})::float8 as rank
           from (${branches.join(' union all ')}) t
          order by rank desc, t.id limit ${$(limit)})
       select m.id, m.reference, m.title, m.status, m.service_id, m.rank,
              array(select m.search_vector @@ x
                      from unnest(${alternatives}::tsquery[]) with ordinality as u(x, n) order by n) as found,
              ts_filter(m.search_vector, '{a}') @@ ${query}::tsquery as in_title,
              ts_filter(m.search_vector, '{b}') @@ ${query}::tsquery as in_description,
              ts_headline('fr_unaccent', m.description, ${query}::tsquery, ${$(HEADLINE_OPTIONS)}) as headline
         from m order by m.rank desc, m.id`,
        params,
        { prepare: false },
      );
      // A narrow candidate set that finds fewer than asked gives way to the next.
      if (rows.length >= limit || tier === tiers.length - 1) break;
    }
    return rows.map((r) => ({
      id: r.id,
      hit: {
        reference: r.reference,
        title: r.title,
        status: r.status,
        service: r.service_id ? ctx.catalogue.codes.service(r.service_id) : null,
        rank: Math.round(Number(r.rank) * 10_000) / 10_000,
        snippet: highlightSegments(r.headline),
        why: matchReason(
          plan,
          r.found,
          [r.in_title ? 'title' : null, r.in_description ? 'description' : null].filter(
            (x): x is string => !!x,
          ),
          0,
        ),
      },
    }));
  }
}

/**
 * A search ranks (and counts) at most this many candidates of each kind (see `articleCandidates`):
 * only a query of common words that go together ("génération", "odt", "libreoffice" in 6,000
 * articles about exactly that) reaches it, and then the candidates are near ties. `totalCapped`
 * says so.
 */
const RANKED_CAP = 500;

/** How long lexeme statistics are kept before they are read again. */
const STATS_TTL_MS = 60_000;

interface TicketHitRow {
  id: string;
  reference: string;
  title: string;
  status: string;
  service_id: string | null;
  rank: number;
  found: boolean[];
  in_title: boolean;
  in_description: boolean;
  headline: string;
}

/** The columns of an article in a list. */
export const HIT_COLUMNS = `a.id, a.reference, a.title, a.summary, a.kind, a.language, a.service_ids, a.tags, a.audience,
  a.status, a.updated_at`;

/**
 * The columns of a candidate article: those of a list, and what ranks it. Not `a.*`: the candidates
 * (up to twice RANKED_CAP rows) are carried through a window and a sort, where the bodies' width
 * costs a few per cent of the ranking statement.
 */
const CANDIDATE_COLUMNS = `${HIT_COLUMNS}, a.search_vector`;

export interface HitRow {
  id: string;
  reference: string;
  title: string;
  summary: string;
  kind: string;
  language: string;
  service_ids: string[];
  tags: string[];
  audience: string;
  status: string;
  updated_at: Date;
  rank: number;
  sort_key?: string;
  total?: number;
  capped?: boolean;
  /** With a query (see `detailColumns`): which alternatives it contains, where, its snippet. */
  found?: boolean[];
  fields?: string[];
  headline?: string;
  similarity?: number;
}

/**
 * Per result, on the article aliased `d`: which of the plan's alternatives it contains (`found`,
 * in the plan's order), in which fields the query is (`fields`), its snippet (`headline`), and its
 * title's closeness to the typed text (`similarity`): "why it matched". Parsed queries only (see
 * `parseTiers`): `to_tsquery` in the statement would parse them again for every row.
 */
function detailColumns(plan: QueryPlan, parsed: ParsedPlan, params: unknown[]): string {
  const $ = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const whole = parsed.tiers.at(-1)!;
  const query = `(case when d.language = 'en' then ${$(whole.anyEn)}::tsquery else ${$(whole.anyFr)}::tsquery end)`;
  return `array(select d.search_vector @@ x
                  from unnest(case when d.language = 'en' then ${$(parsed.alternatives.en)}::tsquery[]
                                   else ${$(parsed.alternatives.fr)}::tsquery[] end) with ordinality as u(x, n)
                 order by n) as found,
          array_remove(array[
            case when ts_filter(d.search_vector, '{a}') @@ ${query} then 'title' end,
            case when ts_filter(d.search_vector, '{b}') @@ ${query} then 'tags' end,
            case when ts_filter(d.search_vector, '{c}') @@ ${query} then 'summary' end,
            case when ts_filter(d.search_vector, '{d}') @@ ${query} then 'body' end], null) as fields,
          ts_headline(guichet_kb_config(d.language),
            concat_ws(' … ', nullif(d.summary, ''), d.symptom, nullif(d.body, ''), d.workaround, d.solution),
            ${query}, ${$(HEADLINE_OPTIONS)}) as headline,
          word_similarity(${$(plan.normalized)}, guichet_unaccent(lower(d.title)))::float8 as similarity`;
}

/**
 * The candidate articles (see `Candidates`) under the conditions `where`, as a FROM item aliased
 * `a`: those that contain any of `any` (or, not pruned, whose title is close to the typed text),
 * and those that contain all of `all` and none of `any`, each part at most RANKED_CAP rows. The
 * conditions' parameters are in `params` already; the same text serves both parts.
 *
 * A part stops at RANKED_CAP rows through `row_number()` (its run condition ends the scan there,
 * PostgreSQL 15 and later) rather than LIMIT: under a LIMIT the planner costs a sequential scan as
 * stopping after the first RANKED_CAP matches and prefers it to the index for a few thousand
 * estimated matches, while each row costs several `@@` there (an English word that French articles
 * also contain: 35,000 rows read for 500, 30 ms instead of 10 in EXPLAIN ANALYZE on the benchmark).
 * Planned for every match, the part reads the index, and still stops at the cap.
 */
function articleCandidates(
  plan: QueryPlan,
  c: ParsedCandidates,
  where: readonly string[],
  params: unknown[],
): string {
  const $ = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const words = (fr: string, en: string) =>
    `((a.language = 'fr' and a.search_vector @@ ${$(fr)}::tsquery)
      or (a.language = 'en' and a.search_vector @@ ${$(en)}::tsquery))`;
  const parts: string[] = [];
  if (c.any) parts.push(words(c.anyFr, c.anyEn));
  if (!c.pruned) parts.push(`${$(plan.normalized)} <% guichet_unaccent(lower(a.title))`);
  const any = parts.length > 0 ? `(${parts.join(' or ')})` : null;
  const branches: string[] = [];
  if (any)
    branches.push(
      `(select * from (select ${CANDIDATE_COLUMNS}, 1 as part, row_number() over () as n from article a where ${[...where, any].join(' and ')}) c where c.n <= ${RANKED_CAP})`,
    );
  if (c.all) {
    const all = [...where, words(c.allFr, c.allEn)];
    if (any) all.push(`not ${any}`);
    branches.push(
      `(select * from (select ${CANDIDATE_COLUMNS}, 2 as part, row_number() over () as n from article a where ${all.join(' and ')}) c where c.n <= ${RANKED_CAP})`,
    );
  }
  return `(${branches.length > 0 ? branches.join(' union all ') : `select ${CANDIDATE_COLUMNS}, 1 as part, 0::bigint as n from article a where false`}) a`;
}

/**
 * Relevance: the weighted full-text rank of the whole query (`whole`), plus the title's trigram
 * closeness to the typed text unless the candidates are pruned (at that size it costs more than
 * the rest of the search; typos are read through the corrections then).
 */
function rankSql(
  plan: QueryPlan,
  candidates: ParsedCandidates,
  whole: ParsedCandidates,
  params: unknown[],
): string {
  params.push(whole.anyFr, whole.anyEn);
  const rank = `ts_rank('${WEIGHTS}', a.search_vector,
      case when a.language = 'en' then $${params.length}::tsquery else $${params.length - 1}::tsquery end)`;
  if (candidates.pruned) return `(${rank})::float8`;
  params.push(plan.normalized);
  return `(${rank} + 0.3 * word_similarity($${params.length}, guichet_unaccent(lower(a.title))))::float8`;
}

/** Cursors name the query and filters they belong to: a page is never continued under others. */
function encodeCursor(
  fingerprint: string,
  position: { rank: number; id: string; tier: number } | { at: string; id: string },
): string {
  return Buffer.from(JSON.stringify([fingerprint, position])).toString('base64url');
}

function decodeCursor(
  cursor: string,
  fingerprint: string,
): { rank?: number; at?: string; id: string; tier?: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.length === 2 && parsed[0] === fingerprint) {
    const p = parsed[1] as { rank?: unknown; at?: unknown; id?: unknown; tier?: unknown } | null;
    if (p && typeof p.id === 'string' && isUuid(p.id)) {
      if (typeof p.rank === 'number' && Number.isFinite(p.rank)) {
        const tier = typeof p.tier === 'number' && Number.isInteger(p.tier) && p.tier >= 0 ? p.tier : 0;
        return { rank: p.rank, id: p.id, tier };
      }
      if (typeof p.at === 'string' && /^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:\d{2})?|Z)$/.test(p.at)) {
        return { at: p.at, id: p.id };
      }
    }
  }
  throw fieldError('after', 'field.not_a_cursor');
}
