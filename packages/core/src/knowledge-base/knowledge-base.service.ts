import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { ReadCache } from '../cache/read-cache.ts';
import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import { CatalogService } from '../catalogue/service.entity.ts';
import { sql } from '../db/sql.ts';
import { inTransaction, withEm } from '../db/transaction.ts';
import { DomainError, fieldError } from '../errors.ts';
import { type Language, translate } from '../i18n/messages.ts';
import { type Grants, isStaff, parties, rolesOnTicket, visibilitySql } from '../people/access.ts';
import type { PersonCaller } from '../people/authority.ts';
import { Person } from '../people/person.entity.ts';
import type { Clock } from '../shared/clock.ts';
import { isUuid } from '../shared/ids.ts';
import { parseInput } from '../shared/validation.ts';
import { Ticket } from '../tickets/ticket.entity.ts';
import { findTicketByReference } from '../tickets/ticket.store.ts';
import type { PersonRef } from '../tickets/ticket.views.ts';
import { Article, ArticleRevision, type ArticleSnapshot, ArticleTicketLink } from './article.entity.ts';
import {
  type ArticleAction,
  type ArticleRole,
  type ArticleRoleFacts,
  AUDIENCE_READERS,
  availableArticleActions,
  decideArticleAction,
  HISTORY_READERS,
  mayRead,
  rolesOnArticle,
} from './article.rules.ts';
import {
  type ArticleStatusInput,
  ArticleStatusInputSchema,
  type CreateArticleInput,
  CreateArticleInputSchema,
  type DeflectInput,
  DeflectInputSchema,
  type FromTicketInput,
  FromTicketInputSchema,
  type SearchArticlesInput,
  SearchArticlesInputSchema,
  type SuggestInput,
  SuggestInputSchema,
  type TagInput,
  TagInputSchema,
  type UpdateArticleInput,
  UpdateArticleInputSchema,
  type VoteInput,
  VoteInputSchema,
} from './article.schemas.ts';
import { type ArticleStatus, AUDIENCES, type Audience, type RevisionAction } from './article.types.ts';
import type {
  ArticleHit,
  ArticlePage,
  ArticleView,
  RevisionView,
  SuggestionsView,
  TagView,
  TicketHit,
} from './article.views.ts';
import {
  candidates,
  HEADLINE_OPTIONS,
  highlightSegments,
  type LexemeStats,
  lexemeStats,
  matchReason,
  type ParsedCandidates,
  planQuery,
  type QueryPlan,
  recordWords,
  type StemCache,
  words,
} from './article-search.ts';
import { KbSuggestion } from './kb-suggestion.entity.ts';
import { KbTag } from './kb-tag.entity.ts';

/** Who calls: a signed-in person through a credential, or nobody (the public FAQ). */
export type KbCaller = PersonCaller | 'anonymous';

export interface ArticleWriteOptions {
  /** Version the caller last saw (HTTP If-Match); a mismatch is CONFLICT, never a silent overwrite. */
  expectedVersion?: number;
}

/** The caller, with what every use case needs around them. */
interface Context {
  catalogue: CatalogueSnapshot;
  grants: Grants | null;
  facts: ArticleRoleFacts;
}

/** Content fields resolved to ids, ready to be set on an article. */
type Resolved = Partial<{
  title: string;
  summary: string;
  body: string;
  kind: Article['kind'];
  symptom: string | null;
  cause: string | null;
  workaround: string | null;
  solution: string | null;
  language: Article['language'];
  serviceIds: string[];
  tags: string[];
  audience: Audience;
  ownerId: string;
  reviewerIds: string[];
  linkedProblemId: string | null;
  linkedTicketIds: string[];
  reviewBy: Date | null;
  translationId: string | null;
}>;

const KNOWN_ERROR_FIELDS = ['symptom', 'cause', 'workaround', 'solution'] as const;
const REFERENCE = /^KB-\d{6,12}$/i;
const TICKET_REFERENCE = /^GU-\d{4}-\d{6,12}$/i;
/** Ticket statuses that may be duplicates of a ticket about to be written. */
const OPEN_TICKET_STATUSES = ['pending_approval', 'new', 'assigned', 'pending'];
/** Ticket statuses whose resolution can help with a ticket being worked on. */
const SOLVED_TICKET_STATUSES = ['resolved', 'closed'];
/** Rank weights, in PostgreSQL's order {D, C, B, A}: title > tags > summary > body. */
const WEIGHTS = '{0.1, 0.2, 0.4, 1.0}';

/**
 * Knowledge-base use cases: articles with their revisions, status workflow and votes, drafts from
 * resolved tickets, the tag vocabulary, search and suggestions. Every rule of who may read or do
 * what is in `article.rules.ts`; visibility in SQL mirrors it (`#visibility`), and each use case
 * runs in one transaction.
 */
export class KnowledgeBaseService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #cache: ReadCache;

  constructor(orm: MikroORM, clock: Clock, cache: ReadCache) {
    this.#orm = orm;
    this.#clock = clock;
    this.#cache = cache;
  }

  async create(caller: KbCaller, raw: CreateArticleInput): Promise<ArticleView> {
    const input = parseInput(CreateArticleInputSchema, raw);
    const ctx = await this.#context(caller);
    const me = this.#signedIn(ctx);
    return this.#write(async (em) => {
      const resolved = await this.#resolve(em, ctx, input);
      const serviceIds = resolved.serviceIds ?? [];
      this.#decide(ctx, 'create', null, { serviceIds, ownerId: me, reviewerIds: [] });
      const article = await this.#newArticle(em, {
        ...resolved,
        title: input.title,
        kind: input.kind,
        ownerId: resolved.ownerId ?? me,
      });
      await this.#revise(em, article, 'created', me, ['*']);
      await this.#linkTickets(em, article, resolved.linkedTicketIds ?? [], me, 'related');
      await this.#linkTranslation(em, article, resolved.translationId);
      await em.flush();
      return this.#view(em, ctx, article);
    });
  }

  async get(caller: KbCaller, reference: string): Promise<ArticleView> {
    const ctx = await this.#context(caller);
    return inTransaction(this.#orm, async (em) => this.#view(em, ctx, await this.#load(em, ctx, reference)));
  }

  /** Changes the fields given; writes a revision naming them. */
  async update(
    caller: KbCaller,
    reference: string,
    raw: UpdateArticleInput,
    options: ArticleWriteOptions = {},
  ): Promise<ArticleView> {
    const input = parseInput(UpdateArticleInputSchema, raw);
    const ctx = await this.#context(caller);
    const me = this.#signedIn(ctx);
    return this.#write(async (em) => {
      const article = await this.#load(em, ctx, reference);
      this.#checkVersion(article, options);
      this.#decide(ctx, 'edit', article);
      const resolved = await this.#resolve(em, ctx, input, article);
      // Moving the article to other services needs the right to write for those too.
      if (resolved.serviceIds) {
        this.#decide(ctx, 'edit', article, { ...this.#partiesOf(article), serviceIds: resolved.serviceIds });
      }
      const changes = this.#apply(em, article, resolved);
      if (resolved.linkedTicketIds) {
        const before = await em.find(ArticleTicketLink, { article });
        const kept = new Set(resolved.linkedTicketIds);
        const removed = before.filter((l) => !kept.has(l.ticket.id) && l.relation !== 'source');
        const added = resolved.linkedTicketIds.filter((id) => !before.some((l) => l.ticket.id === id));
        if (removed.length + added.length > 0) changes.push('linkedTickets');
        for (const l of removed) em.remove(l);
        await this.#linkTickets(em, article, added, me, 'related');
      }
      if (
        resolved.translationId !== undefined &&
        resolved.translationId !== (article.translation?.id ?? null)
      ) {
        await this.#linkTranslation(em, article, resolved.translationId);
        changes.push('translation');
      }
      if (changes.length === 0) return this.#view(em, ctx, article);
      await this.#revise(em, article, 'edited', me, changes);
      await em.flush();
      return this.#view(em, ctx, article);
    });
  }

  /** submit, publish, return_to_draft, archive: the status workflow. */
  async changeStatus(
    caller: KbCaller,
    reference: string,
    raw: ArticleStatusInput,
    options: ArticleWriteOptions = {},
  ): Promise<ArticleView> {
    const input = parseInput(ArticleStatusInputSchema, raw);
    const ctx = await this.#context(caller);
    const me = this.#signedIn(ctx);
    return this.#write(async (em) => {
      const article = await this.#load(em, ctx, reference);
      this.#checkVersion(article, options);
      const to = this.#decide(ctx, input.action, article) as ArticleStatus;
      const changes = article.status !== to ? ['status'] : [];
      article.status = to;
      if (input.action === 'publish') {
        article.publishedAt = this.#clock.now();
        if (input.audience && input.audience !== article.audience) {
          article.audience = input.audience;
          changes.push('audience');
        }
      }
      const action: RevisionAction =
        input.action === 'submit'
          ? 'submitted'
          : input.action === 'publish'
            ? 'published'
            : input.action === 'archive'
              ? 'archived'
              : 'returned_to_draft';
      await this.#revise(em, article, action, me, changes);
      await em.flush();
      return this.#view(em, ctx, article);
    });
  }

  /** Discards a draft that was never published (its revisions go with it). */
  async delete(caller: KbCaller, reference: string, options: ArticleWriteOptions = {}): Promise<void> {
    const ctx = await this.#context(caller);
    this.#signedIn(ctx);
    await inTransaction(this.#orm, async (em) => {
      const article = await this.#load(em, ctx, reference);
      this.#checkVersion(article, options);
      this.#decide(ctx, 'delete', article);
      if (article.publishedAt) {
        throw new DomainError('INVALID_TRANSITION', { rule: 'article_was_published' });
      }
      await sql(em, 'delete from article where id = $1', [article.id]);
    });
  }

  /** The article's revisions, newest first (for those who read its drafts). */
  async revisions(caller: KbCaller, reference: string): Promise<RevisionView[]> {
    const ctx = await this.#context(caller);
    return inTransaction(this.#orm, async (em) => {
      const article = await this.#history(em, ctx, reference);
      const revisions = await em.find(
        ArticleRevision,
        { article },
        { orderBy: { number: 'desc' }, populate: ['author'] },
      );
      return Promise.all(revisions.map((r) => this.#revisionView(em, r)));
    });
  }

  async revision(caller: KbCaller, reference: string, number: number): Promise<RevisionView> {
    const ctx = await this.#context(caller);
    return inTransaction(this.#orm, async (em) => {
      const article = await this.#history(em, ctx, reference);
      const revision = await em.findOne(ArticleRevision, { article, number }, { populate: ['author'] });
      if (!revision) throw new DomainError('NOT_FOUND', { rule: 'revision_not_found', params: { number } });
      return this.#revisionView(em, revision);
    });
  }

  /**
   * Brings back the content of revision `number` as a new revision (history is never rewritten).
   * The status stays, except that restoring an archived article makes it a draft again.
   */
  async restore(
    caller: KbCaller,
    reference: string,
    number: number,
    options: ArticleWriteOptions = {},
  ): Promise<ArticleView> {
    const ctx = await this.#context(caller);
    const me = this.#signedIn(ctx);
    return this.#write(async (em) => {
      const article = await this.#load(em, ctx, reference);
      this.#checkVersion(article, options);
      const to = this.#decide(ctx, 'restore', article) as ArticleStatus;
      const revision = await em.findOne(ArticleRevision, { article, number });
      if (!revision) throw new DomainError('NOT_FOUND', { rule: 'revision_not_found', params: { number } });
      const s = revision.snapshot;
      const changes = this.#apply(em, article, {
        title: s.title,
        summary: s.summary,
        body: s.body,
        kind: s.kind as Article['kind'],
        symptom: s.symptom,
        cause: s.cause,
        workaround: s.workaround,
        solution: s.solution,
        language: s.language as Article['language'],
        serviceIds: s.serviceIds,
        tags: await this.#existingTags(em, s.tags),
        audience: s.audience as Audience,
        ownerId: s.ownerId,
        reviewerIds: s.reviewerIds,
        linkedProblemId: s.linkedProblemId,
        reviewBy: s.reviewBy ? new Date(s.reviewBy) : null,
      });
      if (article.status !== to) {
        article.status = to;
        changes.push('status');
      }
      await this.#revise(em, article, 'restored', me, changes, number);
      await em.flush();
      return this.#view(em, ctx, article);
    });
  }

  /** "Helpful / not helpful" on the current revision of a published article; voting again changes the vote. */
  async vote(caller: KbCaller, reference: string, raw: VoteInput): Promise<ArticleView> {
    const input = parseInput(VoteInputSchema, raw);
    const ctx = await this.#context(caller);
    const me = this.#signedIn(ctx);
    return inTransaction(this.#orm, async (em) => {
      const article = await this.#load(em, ctx, reference);
      this.#decide(ctx, 'vote', article);
      await sql(
        em,
        `insert into article_vote (id, created_at, updated_at, article_id, revision, person_id, value)
         values ($1, $2, $2, $3, $4, $5, $6)
         on conflict (article_id, revision, person_id) do update set value = excluded.value, updated_at = excluded.updated_at`,
        [crypto.randomUUID(), this.#clock.now(), article.id, article.revision, me, input.value],
      );
      return this.#view(em, ctx, article);
    });
  }

  /**
   * Writes a draft known error from a resolved or closed ticket the caller is staff on: its title,
   * the symptom from its description and its public conversation (never internal notes), its
   * solution, service, sub-service and the vocabulary's tags found in it. The article and the ticket
   * are linked both ways and the ticket's timeline records it, in one transaction.
   */
  async createFromTicket(
    caller: KbCaller,
    ticketReference: string,
    raw: FromTicketInput = {},
  ): Promise<ArticleView> {
    const input = parseInput(FromTicketInputSchema, raw);
    const ctx = await this.#context(caller);
    const me = this.#signedIn(ctx);
    const grants = ctx.grants!;
    const notFound = () =>
      new DomainError('TICKET_NOT_FOUND', {
        params: { reference: ticketReference.replaceAll('\u0000', '') },
      });
    if (!TICKET_REFERENCE.test(ticketReference.trim())) throw notFound();
    return inTransaction(this.#orm, async (em) => {
      const ticket = await findTicketByReference(em, ticketReference);
      if (!ticket) throw notFound();
      const roles = rolesOnTicket(
        ctx.catalogue,
        grants,
        parties({
          requesterId: ticket.requester_id,
          agentId: ticket.agent_id,
          teamId: ticket.team_id,
          serviceId: ticket.service_id,
          subServiceId: ticket.sub_service_id,
        }),
      );
      if (roles.size === 0) throw notFound();
      if (!isStaff({ personId: me, roles }))
        throw new DomainError('FORBIDDEN', { rule: 'ticket_staff_only' });
      if (ticket.status !== 'resolved' && ticket.status !== 'closed') {
        throw new DomainError('INVALID_TRANSITION', {
          rule: 'ticket_not_resolved',
          params: { status: ticket.status },
        });
      }
      const serviceIds = [ticket.service_id, ticket.sub_service_id].filter((x): x is string => !!x);
      this.#decide(ctx, 'create', null, { serviceIds, ownerId: me, reviewerIds: [] });
      const language: Language = input.language ?? grants.person.language;
      const conversation = await sql<{ type: string; data: Record<string, unknown> }>(
        em,
        `select type, data from ticket_event
          where ticket_id = $1 and visibility = 'public'
            and type in ('info_requested', 'public_reply', 'requester_replied')
          order by id`,
        [ticket.id],
      );
      const lines = conversation.map((e) => {
        const who = e.type === 'requester_replied' ? 'kb.conversation.requester' : 'kb.conversation.staff';
        const text = String(e.data.body ?? e.data.question ?? '');
        return `${translate(language, who)} : ${text}`;
      });
      const symptom = [ticket.description, ...lines].join('\n\n');
      const tags =
        input.tags !== undefined
          ? await this.#tagCodes(em, input.tags)
          : await this.#tagsFound(em, `${ticket.title} ${ticket.description}`);
      const article = await this.#newArticle(em, {
        title: input.title ?? ticket.title,
        summary: input.summary,
        kind: 'known_error',
        symptom,
        solution: ticket.solution,
        language,
        serviceIds,
        tags,
        audience: input.audience ?? 'internal',
        ownerId: me,
        // A problem ticket is the problem its known error documents.
        linkedProblemId: ticket.type === 'problem' ? ticket.id : ticket.linked_problem_id,
      });
      await this.#revise(em, article, 'created_from_ticket', me, ['*']);
      await this.#linkTickets(em, article, [ticket.id], me, 'source');
      await em.flush();
      await sql(
        em,
        `insert into ticket_event (ticket_id, type, actor_id, visibility, data, created_at)
         values ($1, 'article_created', $2, 'internal', $3::jsonb, $4)`,
        [
          ticket.id,
          me,
          // Staff are never acted for (act-as reaches requesters only): no `via` to record here.
          JSON.stringify({ article: article.reference, title: article.title }),
          this.#clock.now(),
        ],
      );
      return this.#view(em, ctx, article);
    });
  }

  /** The articles linked to a ticket the caller may see, that the caller may read. */
  async forTicket(caller: KbCaller, ticketReference: string): Promise<ArticleHit[]> {
    const ctx = await this.#context(caller);
    const grants = this.#grantsOf(ctx);
    if (!TICKET_REFERENCE.test(ticketReference.trim())) {
      throw new DomainError('TICKET_NOT_FOUND', {
        params: { reference: ticketReference.replaceAll('\u0000', '') },
      });
    }
    return withEm(this.#orm, async (em) => {
      const scope = visibilitySql(ctx.catalogue, grants, 't', 2);
      const [ticket] = await sql<{ id: string }>(
        em,
        `select t.id from ticket t where t.reference = $1 and ${scope.sql}`,
        [ticketReference.trim().toUpperCase(), ...scope.params],
      );
      if (!ticket) throw new DomainError('TICKET_NOT_FOUND', { params: { reference: ticketReference } });
      const params: unknown[] = [ticket.id];
      const visible = this.#visibility(ctx, 'a', params);
      const rows = await sql<HitRow>(
        em,
        `select ${HIT_COLUMNS}, 0::float8 as rank from article a
           join article_ticket_link l on l.article_id = a.id
          where l.ticket_id = $1 and ${visible}
          order by a.updated_at desc, a.id`,
        params,
      );
      return rows.map((r) => this.#hit(ctx, r, null, null));
    });
  }

  // Tags ------------------------------------------------------------------------------------------

  async tags(caller: KbCaller): Promise<TagView[]> {
    await this.#context(caller);
    return withEm(this.#orm, async (em) => {
      const tags = await em.find(KbTag, {}, { orderBy: { code: 'asc' } });
      return tags.map((t) => ({ code: t.code, label: t.label, synonyms: [...t.synonyms] }));
    });
  }

  /** Adds a tag or replaces its label and synonyms (moderators and functional admins). */
  async upsertTag(caller: KbCaller, raw: TagInput): Promise<TagView> {
    const input = parseInput(TagInputSchema, raw);
    const ctx = await this.#context(caller);
    const grants = this.#grantsOf(ctx);
    if (!grants.functionalAdmin && grants.moderatorOf.size === 0) {
      throw new DomainError('FORBIDDEN', { rule: 'tag_vocabulary_moderators_only' });
    }
    const synonyms = [
      ...new Set(input.synonyms.map((s) => words(s).join(' ')).filter((s) => s && s !== input.code)),
    ];
    return inTransaction(this.#orm, async (em) => {
      let tag = await em.findOne(KbTag, { code: input.code });
      if (!tag) tag = em.create(KbTag, { code: input.code, label: input.label, synonyms });
      else {
        tag.label = input.label;
        tag.synonyms = synonyms;
      }
      await em.flush();
      await recordWords(em, [input.code, ...synonyms].join(' '));
      return { code: tag.code, label: tag.label, synonyms: [...tag.synonyms] };
    });
  }

  // Search and suggestions ------------------------------------------------------------------------

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
    const ctx = await this.#context(caller);
    return withEm(this.#orm, async (em) => {
      const plan = input.q ? await planQuery(em, input.q) : null;
      const filters = (params: unknown[]): string[] => {
        const $ = (v: unknown) => {
          params.push(v);
          return `$${params.length}`;
        };
        const where = [this.#visibility(ctx, 'a', params)];
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
      const tiers = plan ? await this.#candidates(em, plan, 'article') : [];
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
          // in the same pass, whatever page is asked for.
          rows = await sql<HitRow>(
            em,
            `with s as (select ${HIT_COLUMNS}, ${rank} as rank, count(*) over ()::int as total,
                               (count(*) filter (where a.part = 1) over () >= ${RANKED_CAP} or count(*) filter (where a.part = 2) over () >= ${RANKED_CAP}) as capped
                          from ${from})
             select * from s ${cursor} order by s.rank desc, s.id desc limit ${$(input.limit + 1)}`,
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
      const details = plan
        ? await this.#details(
            em,
            plan,
            page.map((r) => r.id),
          )
        : new Map();
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
        items: page.map((r) => this.#hit(ctx, r, plan, details.get(r.id) ?? null)),
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
    const ctx = await this.#context(caller);
    const me = this.#signedIn(ctx);
    const grants = ctx.grants!;
    return inTransaction(this.#orm, async (em) => {
      await serial(em);
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
      const plan = await planQuery(em, text, primary);
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

  /** The person gave up writing the ticket after suggestion `id` (optionally naming the article that answered). */
  async deflect(caller: KbCaller, suggestionId: string, raw: DeflectInput = {}): Promise<void> {
    const input = parseInput(DeflectInputSchema, raw);
    const ctx = await this.#context(caller);
    const me = this.#signedIn(ctx);
    const notFound = () => new DomainError('NOT_FOUND', { rule: 'suggestion_not_found' });
    if (!isUuid(suggestionId)) throw notFound();
    await inTransaction(this.#orm, async (em) => {
      const shown = await em.findOne(KbSuggestion, { id: suggestionId, person: me });
      if (!shown) throw notFound();
      if (input.article) {
        const article = await this.#load(em, ctx, input.article);
        if (!shown.articleIds.includes(article.id))
          throw fieldError('article', 'field.not_suggested', { value: input.article });
        shown.deflectedBy = article;
      }
      shown.deflectedAt ??= this.#clock.now();
      await em.flush();
    });
  }

  // Internals -------------------------------------------------------------------------------------

  async #context(caller: KbCaller): Promise<Context> {
    const catalogue = await this.#cache.catalogue();
    if (caller === 'anonymous') {
      return {
        catalogue,
        grants: null,
        facts: {
          personId: null,
          staff: false,
          functionalAdmin: false,
          writesGeneralArticles: false,
          writerServices: new Set(),
          publisherServices: new Set(),
        },
      };
    }
    const grants = await this.#cache.grants(caller.personId);
    const handled = servicesHandledBy(catalogue, grants.technicianOf);
    const publisherServices = new Set(catalogue.descendants(grants.moderatorOf));
    return {
      catalogue,
      grants,
      facts: {
        personId: grants.person.id,
        staff:
          grants.functionalAdmin ||
          grants.technicalAdmin ||
          grants.moderatorOf.size + grants.approverOf.size + grants.technicianOf.size > 0,
        functionalAdmin: grants.functionalAdmin,
        writesGeneralArticles: grants.moderatorOf.size + grants.technicianOf.size > 0,
        writerServices: new Set([...publisherServices, ...catalogue.descendants(handled)]),
        publisherServices,
      },
    };
  }

  /** A writing use case in one transaction; a concurrent change of the article is CONFLICT. */
  async #write<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.#orm, work);
    } catch (error) {
      // Two writers of one article: the second's version check fails (concurrent_update), or its
      // revision number is taken first (the revision's unique key).
      const revisionTaken =
        error instanceof DomainError &&
        error.code === 'DUPLICATE' &&
        error.details.params?.entity === 'article_revision';
      if (revisionTaken || (error instanceof DomainError && error.details.rule === 'concurrent_update')) {
        throw new DomainError('CONFLICT', { rule: 'article_concurrent_update' }, { cause: error });
      }
      throw error;
    }
  }

  #signedIn(ctx: Context): string {
    if (!ctx.facts.personId) throw new DomainError('FORBIDDEN', { rule: 'sign_in_required' });
    return ctx.facts.personId;
  }

  #grantsOf(ctx: Context): Grants {
    this.#signedIn(ctx);
    return ctx.grants!;
  }

  #partiesOf(article: Article) {
    return {
      serviceIds: [...article.serviceIds],
      ownerId: article.owner.id,
      reviewerIds: [...article.reviewerIds],
    };
  }

  #roles(ctx: Context, article: Article): Set<ArticleRole> {
    return rolesOnArticle(ctx.facts, this.#partiesOf(article));
  }

  /** Applies the rules table; throws its refusal. Returns the status the action leads to. */
  #decide(
    ctx: Context,
    action: ArticleAction,
    article: Article | null,
    parties?: { serviceIds: readonly string[]; ownerId: string | null; reviewerIds: readonly string[] },
  ): ArticleStatus | 'deleted' {
    const roles = rolesOnArticle(ctx.facts, parties ?? this.#partiesOf(article!));
    const outcome = decideArticleAction(action, article?.status ?? null, roles);
    if (!outcome.ok) {
      if (ctx.facts.personId === null) throw new DomainError('FORBIDDEN', { rule: 'sign_in_required' });
      throw new DomainError(outcome.refusal.code, {
        rule: outcome.refusal.rule,
        params: { action, status: article?.status ?? '' },
      });
    }
    return outcome.to;
  }

  #checkVersion(article: Article, options: ArticleWriteOptions): void {
    if (options.expectedVersion !== undefined && options.expectedVersion !== article.version) {
      throw new DomainError('CONFLICT', {
        rule: 'article_stale_version',
        params: { expected: options.expectedVersion, actual: article.version },
      });
    }
  }

  /** The article under `reference` if the caller may read it; otherwise exactly like a missing one. */
  async #load(em: EntityManager, ctx: Context, reference: string): Promise<Article> {
    const ref = reference.trim().toUpperCase();
    const notFound = () =>
      new DomainError('NOT_FOUND', {
        rule: 'article_not_found',
        params: { reference: reference.replaceAll('\u0000', '') },
      });
    if (!REFERENCE.test(ref)) throw notFound();
    const article = await em.findOne(
      Article,
      { reference: ref },
      { populate: ['translation', 'linkedProblem'] },
    );
    if (!article || !mayRead(article, this.#roles(ctx, article))) throw notFound();
    return article;
  }

  /** The article, if the caller may read its history; else as if it did not exist. */
  async #history(em: EntityManager, ctx: Context, reference: string): Promise<Article> {
    const article = await this.#load(em, ctx, reference);
    const roles = this.#roles(ctx, article);
    if (!HISTORY_READERS.some((r) => roles.has(r))) {
      throw new DomainError('NOT_FOUND', { rule: 'article_not_found', params: { reference } });
    }
    return article;
  }

  /** Input (codes, emails, references) resolved to ids, with the field named on any failure. */
  async #resolve(
    em: EntityManager,
    ctx: Context,
    input: Partial<Record<string, unknown>> & UpdateArticleInput,
    current?: Article,
  ): Promise<Resolved> {
    const r: Resolved = {};
    const out = r as Record<string, unknown>;
    for (const key of ['title', 'summary', 'body', 'kind', 'language', 'audience'] as const) {
      if (input[key] !== undefined) out[key] = input[key];
    }
    for (const key of KNOWN_ERROR_FIELDS) {
      const v = input[key];
      if (v !== undefined) out[key] = v === '' ? null : v;
    }
    const kind = r.kind ?? current?.kind;
    if (kind !== 'known_error') {
      for (const key of KNOWN_ERROR_FIELDS) {
        const v = r[key] ?? (r.kind && current ? null : current?.[key]);
        if (v) throw fieldError(key, 'field.known_error_only');
      }
      if (current && r.kind) for (const key of KNOWN_ERROR_FIELDS) r[key] = null;
    }
    if (input.services) {
      const ids = input.services.map((code, i) => ctx.catalogue.service(code, `services.${i}`).id);
      r.serviceIds = [...new Set(ids)];
    }
    if (input.tags) r.tags = await this.#tagCodes(em, input.tags);
    if (input.owner !== undefined) r.ownerId = await this.#staffPerson(em, input.owner, 'owner');
    if (input.reviewers) {
      const ids: string[] = [];
      for (const [i, key] of input.reviewers.entries())
        ids.push(await this.#staffPerson(em, key, `reviewers.${i}`));
      r.reviewerIds = [...new Set(ids)];
    }
    if (input.linkedProblem !== undefined) {
      r.linkedProblemId =
        input.linkedProblem === null
          ? null
          : await this.#visibleTicket(em, ctx, input.linkedProblem, 'linkedProblem');
    }
    if (input.linkedTickets) {
      const ids: string[] = [];
      for (const [i, ref] of input.linkedTickets.entries())
        ids.push(await this.#visibleTicket(em, ctx, ref, `linkedTickets.${i}`));
      r.linkedTicketIds = [...new Set(ids)];
    }
    if (input.reviewBy !== undefined)
      r.reviewBy = input.reviewBy === null ? null : new Date(input.reviewBy as Date);
    if (input.translation !== undefined) {
      if (input.translation === null) r.translationId = null;
      else {
        const other = await this.#load(em, ctx, input.translation).catch(() => {
          throw fieldError('translation', 'field.unknown', { value: input.translation! });
        });
        const language = r.language ?? current?.language ?? 'fr';
        if (other.id === current?.id || other.language === language) {
          throw fieldError('translation', 'field.same_language', { value: input.translation });
        }
        r.translationId = other.id;
      }
    }
    return r;
  }

  async #tagCodes(em: EntityManager, codes: readonly string[]): Promise<string[]> {
    const unique = [...new Set(codes.map((c) => c.trim().toLowerCase()))];
    if (unique.length === 0) return [];
    const found = await em.find(KbTag, { code: { $in: unique } }, { fields: ['code'] });
    const missing = unique.find((c) => !found.some((t) => t.code === c));
    if (missing)
      throw fieldError(
        `tags.${codes.findIndex((c) => c.trim().toLowerCase() === missing)}`,
        'field.unknown',
        { value: missing },
      );
    return unique;
  }

  /** Tags of a snapshot that still exist (a restore never fails on a tag removed since). */
  async #existingTags(em: EntityManager, codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const found = await em.find(KbTag, { code: { $in: [...codes] } }, { fields: ['code'] });
    return codes.filter((c) => found.some((t) => t.code === c));
  }

  /** The vocabulary's tags whose code or a synonym appears in `text`. */
  async #tagsFound(em: EntityManager, text: string): Promise<string[]> {
    const typed = words(text);
    const phrase = ` ${typed.join(' ')} `;
    const tags = await sql<{ code: string; synonyms: string[] }>(
      em,
      'select code, synonyms from kb_tag order by code',
    );
    return tags
      .filter((t) => [t.code, ...t.synonyms].some((n) => phrase.includes(` ${words(n).join(' ')} `)))
      .map((t) => t.code)
      .slice(0, 30);
  }

  async #staffPerson(em: EntityManager, key: string, field: string): Promise<string> {
    const [row] = await sql<{ id: string; staff: boolean }>(
      em,
      `select p.id, exists (select 1 from profile_grant g where g.person_id = p.id) as staff
         from person p where p.active and ${isUuid(key) ? 'p.id = $1::uuid' : 'p.email = $1'}`,
      [isUuid(key) ? key : key.trim().toLowerCase()],
    );
    if (!row) throw fieldError(field, 'field.unknown', { value: key });
    if (!row.staff) throw fieldError(field, 'field.not_staff', { value: key });
    return row.id;
  }

  /** A ticket the caller may see, by reference; an invisible one is unknown to them. */
  async #visibleTicket(em: EntityManager, ctx: Context, reference: string, field: string): Promise<string> {
    const grants = this.#grantsOf(ctx);
    const scope = visibilitySql(ctx.catalogue, grants, 't', 2);
    const [row] = TICKET_REFERENCE.test(reference)
      ? await sql<{ id: string }>(em, `select t.id from ticket t where t.reference = $1 and ${scope.sql}`, [
          reference.toUpperCase(),
          ...scope.params,
        ])
      : [];
    if (!row) throw fieldError(field, 'field.unknown', { value: reference });
    return row.id;
  }

  async #newArticle(
    em: EntityManager,
    r: Resolved & { title: string; kind: Article['kind']; ownerId: string },
  ): Promise<Article> {
    const [seq] = await sql<{ n: string }>(em, `select nextval('article_number_seq')::text as n`);
    const n = seq!.n;
    const article = em.create(Article, {
      reference: `KB-${n.padStart(6, '0')}`,
      title: r.title,
      summary: r.summary ?? '',
      body: r.body ?? '',
      kind: r.kind,
      symptom: r.symptom ?? null,
      cause: r.cause ?? null,
      workaround: r.workaround ?? null,
      solution: r.solution ?? null,
      language: r.language ?? 'fr',
      serviceIds: r.serviceIds ?? [],
      tags: r.tags ?? [],
      audience: r.audience ?? 'internal',
      status: 'draft',
      owner: em.getReference(Person, r.ownerId),
      reviewerIds: r.reviewerIds ?? [],
      linkedProblem: r.linkedProblemId ? em.getReference(Ticket, r.linkedProblemId) : null,
      reviewBy: r.reviewBy ?? null,
      publishedAt: null,
      revision: 0,
    } as never) as Article;
    return article;
  }

  /** Sets resolved fields on the article; returns the names of those that changed. */
  #apply(em: EntityManager, article: Article, r: Resolved): string[] {
    const changes: string[] = [];
    const set = <K extends keyof Article>(
      name: string,
      key: K,
      value: Article[K] | undefined,
      same = Object.is,
    ) => {
      if (value === undefined || same(article[key], value)) return;
      article[key] = value;
      changes.push(name);
    };
    const sameList = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    set('title', 'title', r.title);
    set('summary', 'summary', r.summary);
    set('body', 'body', r.body);
    set('kind', 'kind', r.kind);
    for (const key of KNOWN_ERROR_FIELDS) set(key, key, r[key]);
    set('language', 'language', r.language);
    set('services', 'serviceIds', r.serviceIds, sameList);
    set('tags', 'tags', r.tags, sameList);
    set('audience', 'audience', r.audience);
    set('reviewers', 'reviewerIds', r.reviewerIds, sameList);
    if (r.ownerId !== undefined && r.ownerId !== article.owner.id) {
      article.owner = em.getReference(Person, r.ownerId) as never;
      changes.push('owner');
    }
    if (r.linkedProblemId !== undefined && r.linkedProblemId !== (article.linkedProblem?.id ?? null)) {
      article.linkedProblem = (
        r.linkedProblemId ? em.getReference(Ticket, r.linkedProblemId) : null
      ) as never;
      changes.push('linkedProblem');
    }
    if (
      r.reviewBy !== undefined &&
      (r.reviewBy?.getTime() ?? null) !== (article.reviewBy?.getTime() ?? null)
    ) {
      article.reviewBy = r.reviewBy;
      changes.push('reviewBy');
    }
    return changes;
  }

  /** Writes the next revision (content snapshot after the change) and the article's words. */
  async #revise(
    em: EntityManager,
    article: Article,
    action: RevisionAction,
    authorId: string,
    changes: string[],
    restoredFrom: number | null = null,
  ): Promise<void> {
    article.revision += 1;
    em.create(ArticleRevision, {
      article,
      number: article.revision,
      action,
      author: em.getReference(Person, authorId),
      changes: changes[0] === '*' ? ['*'] : [...new Set(changes)],
      snapshot: snapshotOf(article),
      restoredFrom,
    } as never);
    await recordWords(
      em,
      [article.title, article.tags.join(' '), article.summary, article.symptom ?? '', article.body].join(' '),
    );
  }

  async #linkTickets(
    em: EntityManager,
    article: Article,
    ticketIds: readonly string[],
    by: string,
    relation: 'source' | 'related',
  ): Promise<void> {
    for (const id of ticketIds) {
      em.create(ArticleTicketLink, {
        article,
        ticket: em.getReference(Ticket, id),
        relation,
        createdBy: em.getReference(Person, by),
      } as never);
    }
  }

  /** Links two articles as translations of each other (and unlinks their former partners). */
  async #linkTranslation(
    em: EntityManager,
    article: Article,
    otherId: string | null | undefined,
  ): Promise<void> {
    if (otherId === undefined) return;
    const former = article.translation;
    if (former && former.id !== otherId) former.translation = null;
    if (otherId === null) {
      article.translation = null;
      return;
    }
    const other = await em.findOneOrFail(Article, { id: otherId }, { populate: ['translation'] });
    if (other.translation && other.translation.id !== article.id) other.translation.translation = null;
    other.translation = article;
    article.translation = other;
  }

  /** The article as the caller sees it. */
  async #view(em: EntityManager, ctx: Context, article: Article): Promise<ArticleView> {
    // References set by this use case (a linked problem, a translation) are not loaded yet.
    await em.populate(article, ['linkedProblem', 'translation']);
    const roles = this.#roles(ctx, article);
    const staff = roles.has('staff');
    const people = staff ? await this.#people(em, [article.owner.id, ...article.reviewerIds]) : new Map();
    const links = staff
      ? await sql<{ reference: string }>(
          em,
          `select t.reference from article_ticket_link l join ticket t on t.id = l.ticket_id
            where l.article_id = $1 order by l.created_at, t.reference`,
          [article.id],
        )
      : [];
    const [votes] = await sql<{ helpful: number; not_helpful: number; mine: string | null }>(
      em,
      `select count(*) filter (where value = 'helpful')::int as helpful,
              count(*) filter (where value = 'not_helpful')::int as not_helpful,
              max(value) filter (where person_id = $3::uuid) as mine
         from article_vote where article_id = $1 and revision = $2`,
      [article.id, article.revision, ctx.facts.personId],
    );
    const translation =
      article.translation && mayRead(article.translation, this.#roles(ctx, article.translation))
        ? article.translation.reference
        : null;
    const codes = (ids: readonly string[]) =>
      ids.map((id) => ctx.catalogue.codes.service(id) ?? '').filter(Boolean);
    return {
      id: article.id,
      reference: article.reference,
      title: article.title,
      summary: article.summary,
      body: article.body,
      kind: article.kind,
      symptom: article.symptom ?? null,
      cause: article.cause ?? null,
      workaround: article.workaround ?? null,
      solution: article.solution ?? null,
      language: article.language,
      translation,
      services: codes(article.serviceIds),
      tags: [...article.tags],
      audience: article.audience,
      status: article.status,
      owner: staff ? (people.get(article.owner.id) ?? null) : null,
      reviewers: staff
        ? article.reviewerIds.map((id) => people.get(id)).filter((p): p is PersonRef => !!p)
        : [],
      linkedTickets: links.map((l) => l.reference),
      linkedProblem: staff ? (article.linkedProblem?.reference ?? null) : null,
      reviewBy: staff ? (article.reviewBy?.toISOString() ?? null) : null,
      publishedAt: article.publishedAt?.toISOString() ?? null,
      revision: article.revision,
      version: article.version,
      createdAt: article.createdAt.toISOString(),
      updatedAt: article.updatedAt.toISOString(),
      votes: { helpful: votes?.helpful ?? 0, notHelpful: votes?.not_helpful ?? 0, mine: votes?.mine ?? null },
      actions: availableArticleActions(article.status, roles),
    };
  }

  async #people(em: EntityManager, ids: readonly string[]): Promise<Map<string, PersonRef>> {
    const rows = await sql<{ id: string; email: string; display_name: string }>(
      em,
      'select id, email, display_name from person where id = any($1::uuid[])',
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, email: r.email, displayName: r.display_name }]));
  }

  async #revisionView(em: EntityManager, r: ArticleRevision): Promise<RevisionView> {
    const catalogue = await this.#cache.catalogue();
    const s = r.snapshot;
    const people = await this.#people(em, [s.ownerId, ...s.reviewerIds]);
    const refs = await sql<{ id: string; reference: string }>(
      em,
      `select id, reference from ticket where id = any($1::uuid[])
       union all select id, reference from article where id = any($1::uuid[])`,
      [[s.linkedProblemId, s.translationId].filter((x): x is string => !!x)],
    );
    const ref = (id: string | null) => (id ? (refs.find((x) => x.id === id)?.reference ?? null) : null);
    const { serviceIds, ownerId, reviewerIds, linkedProblemId, translationId, ...rest } = s;
    return {
      number: r.number,
      action: r.action,
      author: { id: r.author.id, email: r.author.email, displayName: r.author.displayName },
      changes: [...r.changes],
      restoredFrom: r.restoredFrom ?? null,
      createdAt: r.createdAt.toISOString(),
      content: {
        ...rest,
        services: serviceIds.map((id) => catalogue.codes.service(id) ?? '').filter(Boolean),
        owner: people.get(ownerId)?.email ?? null,
        reviewers: reviewerIds.map((id) => people.get(id)?.email).filter(Boolean),
        linkedProblem: ref(linkedProblemId),
        translation: ref(translationId),
      },
    };
  }

  /**
   * Which articles (aliased `alias`) the caller may read, as one SQL condition; values are pushed
   * onto `params`. It says in SQL what `mayRead` says of one article, from the same tables.
   */
  #visibility(ctx: Context, alias: string, params: unknown[]): string {
    const $ = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const f = ctx.facts;
    // The roles that do not depend on the article: what decides the published articles one reads.
    const base = new Set<ArticleRole>(f.personId === null ? ['anonymous'] : ['reader']);
    if (f.staff) base.add('staff');
    if (f.functionalAdmin) base.add('functional_admin');
    // Functional admins read everything (and no parameter may be left unused).
    if (f.functionalAdmin) return 'true';
    const audiences = AUDIENCES.filter((a) => AUDIENCE_READERS[a].some((r) => base.has(r)));
    const published = `(${alias}.status = 'published' and ${alias}.audience = any(${$(audiences)}::text[]))`;
    if (f.personId === null || !f.staff) return published;
    // Writers, publishers, owners and reviewers read the unpublished ones (UNPUBLISHED_READERS).
    const me = $(f.personId);
    const unpublished = [
      `${alias}.service_ids && ${$([...f.writerServices])}::uuid[]`,
      `${alias}.owner_id = ${me}::uuid`,
      `${me}::uuid = any(${alias}.reviewer_ids)`,
    ];
    if (f.writesGeneralArticles) unpublished.push(`cardinality(${alias}.service_ids) = 0`);
    return `(${published} or (${alias}.status <> 'published' and (${unpublished.join(' or ')})))`;
  }

  /** Lexeme statistics per table, read again after `STATS_TTL_MS` (they change with ANALYZE only). */
  readonly #stats = new Map<'article' | 'ticket', { at: number; stats: Promise<LexemeStats | null> }>();
  /** Query words stemmed in French and English (see `candidates`). */
  readonly #stems: StemCache = new Map();

  /** The rows a search on `table` ranks (see `Candidates`). */
  async #candidates(
    em: EntityManager,
    plan: QueryPlan,
    table: 'article' | 'ticket',
  ): Promise<ParsedCandidates[]> {
    let cached = this.#stats.get(table);
    if (!cached || Date.now() - cached.at > STATS_TTL_MS) {
      cached = { at: Date.now(), stats: lexemeStats(em, table).catch(() => null) };
      this.#stats.set(table, cached);
    }
    const configs = table === 'article' ? ['fr_unaccent', 'en_unaccent'] : ['fr_unaccent'];
    return candidates(em, plan, await cached.stats, configs, this.#stems);
  }

  /** Per result: which alternatives it contains, in which fields (for "why"), and its snippet. */
  async #details(
    em: EntityManager,
    plan: QueryPlan,
    ids: string[],
  ): Promise<Map<string, { found: boolean[]; fields: string[]; headline: string; similarity: number }>> {
    if (ids.length === 0) return new Map();
    const rows = await sql<{
      id: string;
      found: boolean[];
      fields: string[];
      headline: string;
      similarity: number;
    }>(
      em,
      `select a.id,
              array(select a.search_vector @@ to_tsquery(guichet_kb_config(a.language), x)
                      from unnest($2::text[]) with ordinality as u(x, n) order by n) as found,
              array_remove(array[
                case when ts_filter(a.search_vector, '{a}') @@ q.query then 'title' end,
                case when ts_filter(a.search_vector, '{b}') @@ q.query then 'tags' end,
                case when ts_filter(a.search_vector, '{c}') @@ q.query then 'summary' end,
                case when ts_filter(a.search_vector, '{d}') @@ q.query then 'body' end], null) as fields,
              ts_headline(guichet_kb_config(a.language),
                concat_ws(' … ', nullif(a.summary, ''), a.symptom, nullif(a.body, ''), a.workaround, a.solution),
                q.query, $4) as headline,
              word_similarity($3, guichet_unaccent(lower(a.title)))::float8 as similarity
         from article a
         cross join lateral (select to_tsquery(guichet_kb_config(a.language), $5) as query) q
        where a.id = any($1::uuid[])`,
      [ids, plan.alternatives.map((x) => x.query), plan.normalized, HEADLINE_OPTIONS, plan.tsquery],
      { prepare: false },
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  #hit(
    ctx: Context,
    r: HitRow,
    plan: QueryPlan | null,
    d: { found: boolean[]; fields: string[]; headline: string; similarity: number } | null,
  ): ArticleHit {
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
      snippet: d ? highlightSegments(d.headline) : [],
      why: plan && d ? matchReason(plan, d.found, d.fields, d.similarity) : null,
    };
  }

  async #suggestArticles(
    em: EntityManager,
    ctx: Context,
    plan: QueryPlan,
    serviceIds: string[],
    limit: number,
  ): Promise<{ id: string; hit: ArticleHit }[]> {
    const tiers = await this.#candidates(em, plan, 'article');
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
        [this.#visibility(ctx, 'a', params), `a.status = 'published'`],
        params,
      );
      const rank = rankSql(plan, candidates, tiers.at(-1)!, params);
      // An article about the service the person picked weighs a little more.
      const boost =
        serviceIds.length > 0
          ? ` + case when a.service_ids && ${$(serviceIds)}::uuid[] then 0.05 else 0 end`
          : '';
      rows = await sql<HitRow>(
        em,
        `select ${HIT_COLUMNS}, (${rank}${boost})::float8 as rank from ${from}
          order by rank desc, a.id limit ${$(limit)}`,
        params,
        { prepare: false },
      );
      // A narrow candidate set that finds fewer than asked gives way to the next.
      if (rows.length >= limit || tier === tiers.length - 1) break;
    }
    const details = await this.#details(
      em,
      plan,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({ id: r.id, hit: this.#hit(ctx, r, plan, details.get(r.id) ?? null) }));
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
    const staff =
      grants.functionalAdmin ||
      grants.technicianOf.size + grants.moderatorOf.size + grants.approverOf.size > 0;
    const tiers = (await this.#candidates(em, plan, 'ticket')).slice(staff ? 0 : -1);
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
      const query = $(plan.tsquery);
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
      const alternatives = $(plan.alternatives.map((a) => a.query));
      rows = await sql<TicketHitRow>(
        em,
        `with m as (
         select t.id, t.reference, t.title, t.description, t.status, t.service_id, t.search_vector,
                (ts_rank('${WEIGHTS}', t.search_vector, ${$(tiers.at(-1)!.anyFr)}::tsquery)${boost})::float8 as rank
           from (${branches.join(' union all ')}) t
          order by rank desc, t.id limit ${$(limit)})
       select m.id, m.reference, m.title, m.status, m.service_id, m.rank,
              array(select m.search_vector @@ to_tsquery('fr_unaccent', x)
                      from unnest(${alternatives}::text[]) with ordinality as u(x, n) order by n) as found,
              ts_filter(m.search_vector, '{a}') @@ to_tsquery('fr_unaccent', ${query}) as in_title,
              ts_filter(m.search_vector, '{b}') @@ to_tsquery('fr_unaccent', ${query}) as in_description,
              ts_headline('fr_unaccent', m.description, to_tsquery('fr_unaccent', ${query}), ${$(HEADLINE_OPTIONS)}) as headline
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
 * A search is a few short statements: parallel workers (whose start costs more than these
 * statements) are kept out of the transaction's plans.
 */
async function serial(em: EntityManager): Promise<void> {
  await sql(em, 'set local max_parallel_workers_per_gather = 0');
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
const HIT_COLUMNS = `a.id, a.reference, a.title, a.summary, a.kind, a.language, a.service_ids, a.tags, a.audience,
  a.status, a.updated_at`;

interface HitRow {
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
}

/**
 * The candidate articles (see `Candidates`) under the conditions `where`, as a FROM item aliased
 * `a`: those that contain any of `any` (or, not pruned, whose title is close to the typed text),
 * and those that contain all of `all` and none of `any`, each part at most RANKED_CAP rows. The
 * conditions' parameters are in `params` already; the same text serves both parts.
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
      `(select a.*, 1 as part from article a where ${[...where, any].join(' and ')} limit ${RANKED_CAP})`,
    );
  if (c.all) {
    const all = [...where, words(c.allFr, c.allEn)];
    if (any) all.push(`not ${any}`);
    branches.push(`(select a.*, 2 as part from article a where ${all.join(' and ')} limit ${RANKED_CAP})`);
  }
  return `(${branches.length > 0 ? branches.join(' union all ') : 'select a.*, 1 as part from article a where false'}) a`;
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

/** The services a set of teams handles: those routed to them by default or by a rule, with sub-services. */
function servicesHandledBy(catalogue: CatalogueSnapshot, teamIds: ReadonlySet<string>): string[] {
  if (teamIds.size === 0) return [];
  const roots = new Set<string>();
  for (const s of catalogue.services.values())
    if (s.defaultTeamId && teamIds.has(s.defaultTeamId)) roots.add(s.id);
  for (const r of catalogue.rules) if (r.matchServiceId && teamIds.has(r.teamId)) roots.add(r.matchServiceId);
  return catalogue.descendants(roots);
}

function snapshotOf(a: Article): ArticleSnapshot {
  return {
    title: a.title,
    summary: a.summary,
    body: a.body,
    kind: a.kind,
    symptom: a.symptom ?? null,
    cause: a.cause ?? null,
    workaround: a.workaround ?? null,
    solution: a.solution ?? null,
    language: a.language,
    serviceIds: [...a.serviceIds],
    tags: [...a.tags],
    audience: a.audience,
    status: a.status,
    ownerId: a.owner.id,
    reviewerIds: [...a.reviewerIds],
    linkedProblemId: a.linkedProblem?.id ?? null,
    reviewBy: a.reviewBy?.toISOString() ?? null,
    translationId: a.translation?.id ?? null,
  };
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
