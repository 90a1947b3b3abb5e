import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { ReadCache } from '../cache/read-cache.ts';
import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
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
import { NO_OUTBOUND, type Outbound } from '../webhooks/outbound.ts';
import type { ArticleWebhookType } from '../webhooks/webhook.rules.ts';
import { Article, ArticleRevision, type ArticleSnapshot, ArticleTicketLink } from './article.entity.ts';
import {
  type ArticleAction,
  type ArticleRole,
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
  type SuggestInput,
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
} from './article.views.ts';
import { ArticleFinder, type Context, HIT_COLUMNS, type HitRow, TICKET_REFERENCE } from './article-finder.ts';
import { recordWords, words } from './article-search.ts';
import { KbSuggestion } from './kb-suggestion.entity.ts';
import { KbTag } from './kb-tag.entity.ts';

/** Who calls: a signed-in person through a credential, or nobody (the public FAQ). */
export type KbCaller = PersonCaller | 'anonymous';

export interface ArticleWriteOptions {
  /** Version the caller last saw (HTTP If-Match); a mismatch is CONFLICT, never a silent overwrite. */
  expectedVersion?: number;
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

/**
 * Knowledge-base use cases: articles with their revisions, status workflow and votes, drafts from
 * resolved tickets, the tag vocabulary, search and suggestions (found by `ArticleFinder`, in
 * article-finder.ts, with this service's visibility rule). Every rule of who may read or do
 * what is in `article.rules.ts`; visibility in SQL mirrors it (`#visibility`), and each use case
 * runs in one transaction.
 */
export class KnowledgeBaseService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #cache: ReadCache;
  readonly #finder: ArticleFinder;
  readonly #outbound: Outbound;

  /** `outbound` sends publications and archivings out (webhooks) in their transaction. */
  constructor(orm: MikroORM, clock: Clock, cache: ReadCache, outbound: Outbound = NO_OUTBOUND) {
    this.#orm = orm;
    this.#clock = clock;
    this.#cache = cache;
    this.#outbound = outbound;
    this.#finder = new ArticleFinder(orm, {
      context: (caller) => this.#context(caller),
      visibility: (ctx, alias, params) => this.#visibility(ctx, alias, params),
      signedIn: (ctx) => this.#signedIn(ctx),
    });
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
    let sent = false;
    const view = await this.#write(async (em) => {
      const article = await this.#load(em, ctx, reference);
      this.#checkVersion(article, options);
      const before = { status: article.status, audience: article.audience };
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
      // Out go a publication, to those who may now read it, and the archiving of a published
      // article, to those who could read it until then (a draft archived was never news).
      if (input.action === 'publish') sent = await this.#send(em, article, 'article.published', article);
      if (input.action === 'archive' && before.status === 'published')
        sent = await this.#send(em, article, 'article.archived', before);
      return this.#view(em, ctx, article);
    });
    if (sent) this.#outbound.kick();
    return view;
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
      return rows.map((r) => this.#finder.hit(ctx, r, null));
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

  /** See `ArticleFinder.search`. */
  search(
    caller: KbCaller,
    raw: SearchArticlesInput = {},
  ): Promise<ArticlePage & { total: number; totalCapped: boolean }> {
    return this.#finder.search(caller, raw);
  }

  /** See `ArticleFinder.suggest`. */
  suggest(caller: KbCaller, raw: SuggestInput): Promise<SuggestionsView> {
    return this.#finder.suggest(caller, raw);
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
    return { catalogue, grants, facts: factsOf(catalogue, grants) };
  }

  /**
   * Sends an article event out in the change's transaction: what anyone allowed may read of it
   * (no body, no internal fields), to the subscriptions whose owner may read the article as it is
   * in `readAs` (an internal article reaches only owners who are staff: with today's profiles, every
   * administrator; an unpublished one only its writers, publishers and functional admins).
   */
  async #send(
    em: EntityManager,
    article: Article,
    type: ArticleWebhookType,
    readAs: { status: ArticleStatus; audience: Audience },
  ): Promise<boolean> {
    const catalogue = await this.#cache.catalogue();
    const codes = catalogue.codes;
    const parties = this.#partiesOf(article);
    const queued = await this.#outbound.enqueue(em, {
      type,
      data: {
        article: {
          id: article.id,
          reference: article.reference,
          title: article.title,
          summary: article.summary,
          kind: article.kind,
          language: article.language,
          audience: article.audience,
          status: article.status,
          services: article.serviceIds.map((id) => codes.service(id)).filter((c): c is string => !!c),
          tags: [...article.tags],
          publishedAt: article.publishedAt?.toISOString() ?? null,
          revision: article.revision,
          updatedAt: article.updatedAt.toISOString(),
          path: `/v1/articles/${article.reference}`,
        },
      },
      serviceIds: [...article.serviceIds],
      readableBy: (grants) => mayRead(readAs, rolesOnArticle(factsOf(catalogue, grants), parties)),
    });
    return queued > 0;
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
}

/** What decides a signed-in person's roles on articles, from their grants. */
function factsOf(catalogue: CatalogueSnapshot, grants: Grants): Context['facts'] {
  const handled = servicesHandledBy(catalogue, grants.technicianOf);
  const publisherServices = new Set(catalogue.descendants(grants.moderatorOf));
  return {
    personId: grants.person.id,
    staff:
      grants.functionalAdmin ||
      grants.technicalAdmin ||
      grants.moderatorOf.size + grants.approverOf.size + grants.technicianOf.size > 0,
    functionalAdmin: grants.functionalAdmin,
    writesGeneralArticles: grants.moderatorOf.size + grants.technicianOf.size > 0,
    writerServices: new Set([...publisherServices, ...catalogue.descendants(handled)]),
    publisherServices,
  };
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
