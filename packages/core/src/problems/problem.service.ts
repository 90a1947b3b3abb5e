import type { MikroORM } from '@mikro-orm/postgresql';
import type { AnnouncementService } from '../announcements/announcement.service.ts';
import type { ReadCache } from '../cache/read-cache.ts';
import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import { sql } from '../db/sql.ts';
import { inTransaction, withEm } from '../db/transaction.ts';
import { DomainError, fieldError } from '../errors.ts';
import type { Language } from '../i18n/messages.ts';
import { Article } from '../knowledge-base/article.entity.ts';
import type { KnowledgeBaseService } from '../knowledge-base/knowledge-base.service.ts';
import { type Grants, parties, visibilitySql } from '../people/access.ts';
import type { PersonCaller } from '../people/authority.ts';
import { Person } from '../people/person.entity.ts';
import { parseInput } from '../shared/validation.ts';
import type { TicketService } from '../tickets/ticket.service.ts';
import type { TicketStatus } from '../tickets/ticket.types.ts';
import { ProblemRecord } from './problem.entity.ts';
import {
  availableProblemOperations,
  decideProblem,
  isProblemStaff,
  type ProblemOperation,
  type ProblemRole,
  problemRoles,
} from './problem.rules.ts';
import {
  type LinkIncidentInput,
  LinkIncidentInputSchema,
  type ResolveIncidentsInput,
  ResolveIncidentsInputSchema,
  type SuggestIncidentsInput,
  SuggestIncidentsInputSchema,
  type UpdateProblemInput,
  UpdateProblemInputSchema,
} from './problem.schemas.ts';
import type {
  AnnouncementOutcome,
  BatchOutcome,
  LinkedIncident,
  ProblemOfTicket,
  ProblemSummary,
  ProblemView,
  ResolveIncidentsReport,
  SuggestedIncident,
  SuggestionReason,
} from './problem.views.ts';

/** The ticket columns problem management reads. */
interface TicketRow {
  id: string;
  reference: string;
  type: string | null;
  status: TicketStatus;
  title: string;
  description: string;
  solution: string | null;
  service_id: string | null;
  sub_service_id: string | null;
  establishment_id: string | null;
  requester_id: string;
  agent_id: string | null;
  team_id: string | null;
  linked_problem_id: string | null;
  created_at: Date;
  resolved_at: Date | null;
  version: number;
}

const TICKET_COLUMNS = `t.id, t.reference, t.type, t.status, t.title, t.description, t.solution, t.service_id,
  t.sub_service_id, t.establishment_id, t.requester_id, t.agent_id, t.team_id, t.linked_problem_id,
  t.created_at, t.resolved_at, t.version`;

interface Context {
  caller: PersonCaller;
  catalogue: CatalogueSnapshot;
  grants: Grants;
}

/** A ticket with what the caller is on it. */
interface Seen {
  row: TicketRow;
  roles: Set<ProblemRole>;
}

const FINISHED: readonly TicketStatus[] = ['resolved', 'closed', 'rejected'];
/** A problem in these states has been solved (a rejected one has not). */
const DONE: readonly TicketStatus[] = ['resolved', 'closed'];
const OPEN_FOR_SUGGESTIONS: readonly TicketStatus[] = ['new', 'assigned', 'pending'];
/** Trigram similarity of titles from which they count as alike. */
const SIMILAR_TITLE = 0.3;
/** Shared word stems (title and description) from which two tickets count as alike. */
const SHARED_TERMS = 2;

/** Options of the batch resolution. */
export interface ResolveIncidentsOptions {
  /** Version of the problem ticket the caller last saw (HTTP If-Match). */
  expectedVersion?: number;
  /** Language of the refusal messages in the report (the caller's by default). */
  language?: Language;
}

/**
 * Problem management on top of tickets: the analysis record of a problem (root cause, workaround,
 * known-error article), links from incidents (the incident's `linkedProblem`, changed through the
 * ticket `edit` action so it is on the incident's timeline), the batch resolution of linked
 * incidents (each through its own `resolve`), and suggested links. Every ticket change goes through
 * `TicketService.act`: same rules, events, notifications and version checks as any other.
 */
export class ProblemService {
  readonly #orm: MikroORM;
  readonly #cache: ReadCache;
  readonly #tickets: TicketService;
  readonly #kb: KnowledgeBaseService;
  readonly #announcements: AnnouncementService;

  constructor(
    orm: MikroORM,
    cache: ReadCache,
    tickets: TicketService,
    kb: KnowledgeBaseService,
    announcements: AnnouncementService,
  ) {
    this.#orm = orm;
    this.#cache = cache;
    this.#tickets = tickets;
    this.#kb = kb;
    this.#announcements = announcements;
  }

  /** The problem as the caller may read it: the full record for staff, a public summary otherwise. */
  async get(caller: PersonCaller, reference: string): Promise<ProblemOfTicket> {
    const ctx = await this.#context(caller);
    const problem = await this.#problem(ctx, reference);
    return this.#viewOf(ctx, problem);
  }

  /** The problem an incident is linked to, as the caller may read it, or null. */
  async ofTicket(caller: PersonCaller, reference: string): Promise<ProblemOfTicket | null> {
    const ctx = await this.#context(caller);
    const incident = await this.#ticket(ctx, reference);
    if (!incident.row.linked_problem_id) return null;
    const [row] = await this.#rows(`t.id = $1`, [incident.row.linked_problem_id]);
    if (!row) return null;
    const seen = { row, roles: problemRoles(ctx.catalogue, ctx.grants, partiesOf(row)) };
    // Someone who sees the incident but not the problem (its requester) reads the public summary.
    return seen.roles.size > 0 ? this.#viewOf(ctx, seen) : this.#summaryOf(ctx, row, await this.#record(row));
  }

  /** Changes the problem's analysis; `expectedVersion` is the record's (0 before its first write). */
  async update(
    caller: PersonCaller,
    reference: string,
    raw: UpdateProblemInput,
    options: { expectedVersion?: number } = {},
  ): Promise<ProblemView> {
    const input = parseInput(UpdateProblemInputSchema, raw);
    const ctx = await this.#context(caller);
    const problem = await this.#problem(ctx, reference);
    this.#decide('edit', problem);
    let articleId: string | null | undefined;
    if (input.knownErrorArticle === null) articleId = null;
    else if (input.knownErrorArticle !== undefined) {
      articleId = await this.#readableArticle(caller, input.knownErrorArticle);
      if (!articleId) {
        throw fieldError('knownErrorArticle', 'field.unknown', { value: input.knownErrorArticle });
      }
    }
    await inTransaction(this.#orm, async (em) => {
      let record = await em.findOne(ProblemRecord, { ticket: problem.row.id });
      const actual = record?.version ?? 0;
      if (options.expectedVersion !== undefined && options.expectedVersion !== actual) {
        throw new DomainError('CONFLICT', {
          rule: 'problem_stale_version',
          params: { expected: options.expectedVersion, actual },
        });
      }
      if (!record) {
        record = em.create(ProblemRecord, {
          ticket: problem.row.id,
          rootCause: null,
          workaround: null,
          knownErrorArticle: null,
        });
      }
      if (input.rootCause !== undefined) record.rootCause = input.rootCause || null;
      if (input.rootCauseVisibility) record.rootCauseVisibility = input.rootCauseVisibility;
      if (input.workaround !== undefined) record.workaround = input.workaround || null;
      if (input.workaroundVisibility) record.workaroundVisibility = input.workaroundVisibility;
      if (articleId !== undefined) {
        record.knownErrorArticle = articleId ? em.getReference(Article, articleId) : null;
      }
      record.updatedBy = em.getReference(Person, ctx.grants.person.id);
      await em.flush();
    });
    const view = await this.#viewOf(ctx, problem);
    return view as ProblemView;
  }

  /**
   * Links an incident to the problem through the incident's own `edit` (recorded on its timeline).
   * Linking it again to the same problem changes nothing; an incident already on another problem is
   * CONFLICT (unlink it first).
   */
  async link(caller: PersonCaller, reference: string, raw: LinkIncidentInput): Promise<LinkedIncident> {
    const input = parseInput(LinkIncidentInputSchema, raw);
    const ctx = await this.#context(caller);
    const problem = await this.#problem(ctx, reference);
    this.#decide('link', problem);
    const incident = await this.#ticket(ctx, input.incident).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'TICKET_NOT_FOUND') {
        throw fieldError('incident', 'field.unknown', { value: input.incident });
      }
      throw error;
    });
    if (incident.row.type === 'problem' || incident.row.id === problem.row.id) {
      throw fieldError('incident', 'field.problem_not_linkable', { value: incident.row.reference });
    }
    if (incident.row.linked_problem_id === problem.row.id) return this.#linked(ctx, incident.row);
    if (incident.row.linked_problem_id) {
      const [other] = await this.#rows('t.id = $1', [incident.row.linked_problem_id]);
      throw new DomainError('CONFLICT', {
        rule: 'incident_has_problem',
        params: { incident: incident.row.reference, problem: other?.reference ?? '?' },
      });
    }
    await this.#tickets.act(
      caller,
      incident.row.reference,
      { action: 'edit', changes: { linkedProblem: problem.row.reference } },
      { expectedVersion: incident.row.version },
    );
    return this.#linked(ctx, { ...incident.row });
  }

  /** Unlinks an incident from the problem through the incident's own `edit`. */
  async unlink(caller: PersonCaller, reference: string, incidentReference: string): Promise<void> {
    const ctx = await this.#context(caller);
    const problem = await this.#problem(ctx, reference);
    this.#decide('unlink', problem);
    const incident = await this.#ticket(ctx, incidentReference);
    if (incident.row.linked_problem_id !== problem.row.id) {
      throw new DomainError('NOT_FOUND', {
        rule: 'incident_not_linked',
        params: { incident: incident.row.reference, problem: problem.row.reference },
      });
    }
    await this.#tickets.act(
      caller,
      incident.row.reference,
      { action: 'edit', changes: { linkedProblem: null } },
      { expectedVersion: incident.row.version },
    );
  }

  /** The linked incidents the caller may see (a requester: only their own), oldest first. */
  async incidents(caller: PersonCaller, reference: string): Promise<LinkedIncident[]> {
    const ctx = await this.#context(caller);
    const problem = await this.#problem(ctx, reference);
    const rows = await this.#visibleLinked(ctx, problem.row.id);
    return rows.map((r) => this.#linkedView(ctx, r));
  }

  /**
   * Resolves every open linked incident the caller may see with the problem's solution, each through
   * its own `resolve` (its own rules, events, notifications, version check and transaction): one
   * refused incident leaves the others resolved. Already resolved or closed incidents are skipped,
   * so running it again is safe. With `resolveProblem`, the problem is resolved first (a refusal
   * there stops everything before any incident is touched). With `announcementMessage`, every
   * announcement linked to the problem that is not resolved yet then gets a `resolved` update with
   * it, each through `AnnouncementService.addUpdate` (its own rules, version check and transaction).
   */
  async resolveIncidents(
    caller: PersonCaller,
    reference: string,
    raw: ResolveIncidentsInput = {},
    options: ResolveIncidentsOptions = {},
  ): Promise<ResolveIncidentsReport> {
    const input = parseInput(ResolveIncidentsInputSchema, raw);
    const ctx = await this.#context(caller);
    const lang = options.language ?? ctx.grants.person.language;
    const problem = await this.#problem(ctx, reference);
    this.#decide('resolve_incidents', problem);
    if (options.expectedVersion !== undefined && options.expectedVersion !== problem.row.version) {
      throw new DomainError('CONFLICT', {
        rule: 'stale_version',
        params: { expected: options.expectedVersion, actual: problem.row.version },
      });
    }
    const problemService = this.#code(ctx, problem.row.service_id);
    let solution = input.solution ?? (FINISHED.includes(problem.row.status) ? problem.row.solution : null);
    let problemOutcome: 'resolved' | 'unchanged' = 'unchanged';
    let problemStatus: string = problem.row.status;
    // Telling everyone it is over while the problem is still open would be wrong: refuse up front.
    if (input.announcementMessage && !DONE.includes(problem.row.status) && !input.resolveProblem) {
      throw fieldError('announcementMessage', 'field.announcement_problem_open');
    }
    if (input.resolveProblem && !FINISHED.includes(problem.row.status)) {
      if (!input.solution) throw fieldError('solution', 'field.required');
      const service = input.service ?? problemService;
      if (!service) throw fieldError('service', 'field.required');
      const resolved = await this.#tickets.act(
        caller,
        problem.row.reference,
        {
          action: 'resolve',
          service,
          ...(input.service ? {} : subServiceOf(ctx, problem.row)),
          solution: input.solution,
        },
        { expectedVersion: problem.row.version },
      );
      problemOutcome = 'resolved';
      problemStatus = resolved.status;
      solution = resolved.solution;
    }
    if (!solution) throw fieldError('solution', 'field.required');
    const linked = await this.#visibleLinked(ctx, problem.row.id);
    const total = await this.#linkedCount(problem.row.id);
    const outcomes: BatchOutcome[] = [];
    for (const incident of linked) {
      if (FINISHED.includes(incident.status)) {
        outcomes.push({ reference: incident.reference, outcome: 'skipped', status: incident.status });
        continue;
      }
      const service = this.#code(ctx, incident.service_id) ?? problemService;
      try {
        const view = await this.#tickets.act(
          caller,
          incident.reference,
          {
            action: 'resolve',
            // An incident with no service yet takes the problem's.
            service: service ?? '',
            ...(incident.service_id ? subServiceOf(ctx, incident) : {}),
            solution,
          },
          { expectedVersion: incident.version },
        );
        outcomes.push({ reference: incident.reference, outcome: 'resolved', status: view.status });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.push({
          reference: incident.reference,
          outcome: 'refused',
          code: error.code,
          rule: error.details.rule ?? error.details.fields?.[0]?.rule ?? null,
          message: error.localized(lang),
        });
      }
    }
    return {
      problem: { reference: problem.row.reference, status: problemStatus, outcome: problemOutcome },
      incidents: outcomes,
      notVisible: total - linked.length,
      announcements: await this.#resolveAnnouncements(
        caller,
        problem.row.id,
        input.announcementMessage,
        lang,
      ),
    };
  }

  /**
   * Posts a `resolved` update with `message` to each announcement linked to the problem that is not
   * resolved yet, one by one (a refusal, e.g. a technician who may not publish, leaves the others);
   * without a message, lists them as still `open`.
   */
  async #resolveAnnouncements(
    caller: PersonCaller,
    problemId: string,
    message: ResolveIncidentsInput['announcementMessage'],
    lang: Language,
  ): Promise<AnnouncementOutcome[]> {
    const open = await withEm(this.#orm, (em) =>
      sql<{ id: string; version: number }>(
        em,
        `select id, version from announcement
          where linked_ticket_id = $1 and phase is distinct from 'resolved' order by created_at, id`,
        [problemId],
      ),
    );
    const outcomes: AnnouncementOutcome[] = [];
    for (const a of open) {
      if (!message) {
        outcomes.push({ id: a.id, outcome: 'open' });
        continue;
      }
      try {
        await this.#announcements.addUpdate(
          caller,
          a.id,
          { status: 'resolved', message },
          { expectedVersion: a.version },
        );
        outcomes.push({ id: a.id, outcome: 'resolved' });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.push({
          id: a.id,
          outcome: 'refused',
          code: error.code,
          rule: error.details.rule ?? error.details.fields?.[0]?.rule ?? null,
          message: error.localized(lang),
        });
      }
    }
    return outcomes;
  }

  /**
   * Open incidents the caller may see, not linked to any problem, on the problem's service (or its
   * sub-services), created within `windowDays` of the problem, whose title is alike (trigram
   * similarity) or which share word stems with it (the tickets' French full-text vectors), each
   * with why it was suggested.
   */
  async suggest(
    caller: PersonCaller,
    reference: string,
    raw: SuggestIncidentsInput = {},
  ): Promise<SuggestedIncident[]> {
    const input = parseInput(SuggestIncidentsInputSchema, raw);
    const ctx = await this.#context(caller);
    const problem = await this.#problem(ctx, reference);
    this.#decide('suggest', problem);
    const root = problem.row.service_id;
    if (!root) return [];
    const services = ctx.catalogue.descendants([root]);
    const params: unknown[] = [
      problem.row.id,
      problem.row.title,
      `${problem.row.title} ${problem.row.description}`,
      problem.row.created_at,
      `${input.windowDays} days`,
      services,
      OPEN_FOR_SUGGESTIONS,
    ];
    const scope = visibilitySql(ctx.catalogue, ctx.grants, 't', params.length + 1);
    params.push(...scope.params);
    const rows = await withEm(this.#orm, (em) =>
      sql<{
        reference: string;
        title: string;
        status: string;
        service_id: string | null;
        created_at: Date;
        title_similarity: number;
        terms: string[];
        days: number;
      }>(
        em,
        `select * from (
           select t.reference, t.title, t.status, t.service_id, t.created_at,
                  similarity(t.title, $2)::float8 as title_similarity,
                  array(select unnest(tsvector_to_array(t.search_vector))
                        intersect
                        select unnest(tsvector_to_array(to_tsvector('fr_unaccent', $3)))
                        order by 1) as terms,
                  round((abs(extract(epoch from t.created_at - $4::timestamptz)) / 86400)::numeric, 1)::float8 as days
             from ticket t
            where t.id <> $1::uuid
              and t.status = any($7::text[])
              and t.type is distinct from 'problem'
              and t.linked_problem_id is null
              and t.service_id = any($6::uuid[])
              and t.created_at between $4::timestamptz - $5::interval and $4::timestamptz + $5::interval
              and ${scope.sql}
         ) s
         where s.title_similarity >= ${SIMILAR_TITLE} or cardinality(s.terms) >= ${SHARED_TERMS}
         order by s.title_similarity + 0.1 * cardinality(s.terms) desc, s.created_at, s.reference
         limit ${input.limit}`,
        params,
        { prepare: false },
      ),
    );
    return rows.map((r) => {
      const service = this.#code(ctx, r.service_id);
      const reasons: SuggestionReason[] = [
        { kind: 'same_service', value: service ?? '' },
        { kind: 'time_window', value: r.days },
      ];
      if (r.title_similarity >= SIMILAR_TITLE) {
        reasons.push({ kind: 'similar_title', value: round(r.title_similarity) });
      }
      if (r.terms.length >= SHARED_TERMS) {
        reasons.push({ kind: 'shared_terms', value: r.terms.length, terms: r.terms });
      }
      return {
        reference: r.reference,
        title: r.title,
        status: r.status,
        service,
        createdAt: new Date(r.created_at).toISOString(),
        score: round(r.title_similarity + 0.1 * r.terms.length),
        reasons,
      };
    });
  }

  async #context(caller: PersonCaller): Promise<Context> {
    const [catalogue, grants] = await Promise.all([
      this.#cache.catalogue(),
      this.#cache.grants(caller.personId),
    ]);
    return { caller, catalogue, grants };
  }

  async #rows(where: string, params: unknown[]): Promise<TicketRow[]> {
    return withEm(this.#orm, (em) =>
      sql<TicketRow>(em, `select ${TICKET_COLUMNS} from ticket t where ${where}`, params),
    );
  }

  /** A ticket the caller may see; any other is "not found", whether it exists or not. */
  async #ticket(ctx: Context, reference: string): Promise<Seen> {
    const ref = reference.trim().toUpperCase();
    const [row] = REFERENCE.test(ref) ? await this.#rows('t.reference = $1', [ref]) : [];
    const roles = row ? problemRoles(ctx.catalogue, ctx.grants, partiesOf(row)) : new Set<ProblemRole>();
    if (!row || roles.size === 0) {
      throw new DomainError('TICKET_NOT_FOUND', {
        params: { reference: reference.replaceAll('\u0000', '') },
      });
    }
    return { row, roles };
  }

  async #problem(ctx: Context, reference: string): Promise<Seen> {
    const seen = await this.#ticket(ctx, reference);
    if (seen.row.type !== 'problem') {
      throw new DomainError('NOT_FOUND', {
        rule: 'not_a_problem',
        params: { reference: seen.row.reference },
      });
    }
    return seen;
  }

  #decide(operation: ProblemOperation, problem: Seen): void {
    const refusal = decideProblem(operation, problem.row.status, problem.roles);
    if (refusal) throw new DomainError(refusal.code, refusal.details);
  }

  async #record(row: TicketRow): Promise<ProblemRecord | null> {
    return withEm(this.#orm, (em) => em.findOne(ProblemRecord, { ticket: row.id }));
  }

  /** The article's id when the caller may read it. */
  async #readableArticle(caller: PersonCaller, reference: string): Promise<string | null> {
    try {
      return (await this.#kb.get(caller, reference)).id;
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) {
        return null;
      }
      throw error;
    }
  }

  /** The known-error article's reference, when the caller may read it. */
  async #articleReference(caller: PersonCaller, record: ProblemRecord | null): Promise<string | null> {
    const id = record?.knownErrorArticle?.id;
    if (!id) return null;
    const [row] = await withEm(this.#orm, (em) =>
      sql<{ reference: string }>(em, 'select reference from article where id = $1', [id]),
    );
    if (!row) return null;
    return (await this.#readableArticle(caller, row.reference)) ? row.reference : null;
  }

  async #viewOf(ctx: Context, problem: Seen): Promise<ProblemOfTicket> {
    const record = await this.#record(problem.row);
    if (!isProblemStaff(problem.roles)) return this.#summaryOf(ctx, problem.row, record);
    const row = problem.row;
    return {
      view: 'staff',
      problem: {
        ...this.#ref(ctx, row),
        solution: row.solution,
        resolvedAt: row.resolved_at ? new Date(row.resolved_at).toISOString() : null,
      },
      rootCause: record?.rootCause ?? null,
      rootCauseVisibility: record?.rootCauseVisibility ?? 'internal',
      workaround: record?.workaround ?? null,
      workaroundVisibility: record?.workaroundVisibility ?? 'public',
      knownErrorArticle: await this.#articleReference(ctx.caller, record),
      incidentCount: (await this.#visibleLinked(ctx, row.id)).length,
      version: record?.version ?? 0,
      updatedAt: record ? record.updatedAt.toISOString() : null,
      operations: availableProblemOperations(row.status, problem.roles),
    };
  }

  async #summaryOf(ctx: Context, row: TicketRow, record: ProblemRecord | null): Promise<ProblemOfTicket> {
    const summary: ProblemSummary = {
      problem: this.#ref(ctx, row),
      workaround: record?.workaroundVisibility === 'public' ? (record.workaround ?? null) : null,
      rootCause: record?.rootCauseVisibility === 'public' ? (record.rootCause ?? null) : null,
      knownErrorArticle: await this.#articleReference(ctx.caller, record),
    };
    return { view: 'public', ...summary };
  }

  #ref(ctx: Context, row: TicketRow) {
    return {
      reference: row.reference,
      title: row.title,
      status: row.status,
      service: this.#code(ctx, row.service_id),
    };
  }

  #code(ctx: Context, serviceId: string | null): string | null {
    return serviceId ? ctx.catalogue.codes.service(serviceId) : null;
  }

  async #visibleLinked(ctx: Context, problemId: string): Promise<TicketRow[]> {
    const scope = visibilitySql(ctx.catalogue, ctx.grants, 't', 2);
    return withEm(this.#orm, (em) =>
      sql<TicketRow>(
        em,
        `select ${TICKET_COLUMNS}, t.updated_at from ticket t
          where t.linked_problem_id = $1 and ${scope.sql} order by t.created_at, t.reference`,
        [problemId, ...scope.params],
      ),
    );
  }

  async #linkedCount(problemId: string): Promise<number> {
    const [row] = await withEm(this.#orm, (em) =>
      sql<{ n: number }>(em, 'select count(*)::int as n from ticket where linked_problem_id = $1', [
        problemId,
      ]),
    );
    return row?.n ?? 0;
  }

  async #linked(ctx: Context, row: TicketRow): Promise<LinkedIncident> {
    const [fresh] = await this.#rows('t.id = $1', [row.id]);
    return this.#linkedView(ctx, fresh ?? row);
  }

  #linkedView(ctx: Context, r: TicketRow): LinkedIncident {
    return {
      reference: r.reference,
      title: r.title,
      status: r.status,
      type: r.type,
      service: this.#code(ctx, r.service_id),
      establishment: r.establishment_id ? ctx.catalogue.codes.establishment(r.establishment_id) : null,
      createdAt: new Date(r.created_at).toISOString(),
      resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
    };
  }
}

function partiesOf(row: TicketRow) {
  return parties({
    requesterId: row.requester_id,
    agentId: row.agent_id,
    teamId: row.team_id,
    serviceId: row.service_id,
    subServiceId: row.sub_service_id,
  });
}

/** The ticket's own sub-service for its resolution, when it has one. */
function subServiceOf(ctx: Context, row: TicketRow): { subService?: string } {
  const code = row.sub_service_id ? ctx.catalogue.codes.service(row.sub_service_id) : null;
  return code ? { subService: code } : {};
}

const round = (n: number) => Math.round(n * 100) / 100;

/** What references look like, in any case. */
const REFERENCE = /^GU-\d{4}-\d{6,12}$/i;
