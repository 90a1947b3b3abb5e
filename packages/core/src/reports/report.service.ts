import type { MikroORM } from '@mikro-orm/postgresql';
import type { ReadCache } from '../cache/read-cache.ts';
import { sql } from '../db/sql.ts';
import { inTransaction, withEm } from '../db/transaction.ts';
import { DomainError } from '../errors.ts';
import { consumeTimeline } from '../events/timeline-consumer.ts';
import type { PersonCaller } from '../people/authority.ts';
import type { Clock } from '../shared/clock.ts';
import { Coalesced } from '../shared/coalesced.ts';
import { parseInput } from '../shared/validation.ts';
import {
  REPORT_DIMENSIONS,
  REPORT_TIME_ZONE,
  type ReportDimension,
  type ReportFilters,
  type ReportInput,
  ReportInputSchema,
  type ReportResult,
  type ReportValue,
} from './report.schemas.ts';
import {
  assignSlices,
  cubeDifferences,
  lockRollup,
  nodeFor,
  rebuildCube,
  type SliceDimension,
} from './report-cube.ts';
import { REPORTS_CONSUMER, recomputeTickets } from './report-rollup.ts';

type Log = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;

/** Memory for one report's sorts and hashes (per statement node, one report at a time per connection). */
const REPORT_WORK_MEM = '64MB';

/** Which tickets a caller's reports count: all of them, or those of some services and teams. */
type Scope = { all: true } | { all: false; services: string[]; teams: string[] };

/**
 * A slice dimension: the column rows are grouped by (an id or a value), how a grouped value reads in
 * the result (a code, looked up once per result row rather than once per ticket), and how a filter
 * on it reads (`$` adds a parameter).
 */
const code = (table: string) => (column: string) => `(select code from ${table} where id = ${column})`;
const same = (column: string) => column;
const DIMENSIONS: Record<
  Exclude<ReportDimension, 'day'>,
  {
    key: string;
    label: (column: string) => string;
    filter: (values: string[], $: (v: unknown) => string) => string;
  }
> = {
  service: {
    key: 'f.service_id',
    label: code('service'),
    filter: (v, $) => `f.service_id in (select id from service where code = any(${$(v)}::text[]))`,
  },
  subService: {
    key: 'f.sub_service_id',
    label: code('service'),
    filter: (v, $) => `f.sub_service_id in (select id from service where code = any(${$(v)}::text[]))`,
  },
  type: { key: 'f.type', label: same, filter: (v, $) => `f.type = any(${$(v)}::text[])` },
  establishment: {
    key: 'f.establishment_id',
    label: code('establishment'),
    filter: (v, $) =>
      `f.establishment_id in (select id from establishment where code = any(${$(v)}::text[]))`,
  },
  team: {
    key: 'f.team_id',
    label: code('team'),
    filter: (v, $) => `f.team_id in (select id from team where code = any(${$(v)}::text[]))`,
  },
  channel: { key: 'f.channel', label: same, filter: (v, $) => `f.channel = any(${$(v)}::text[])` },
  priority: { key: 'f.priority', label: same, filter: (v, $) => `f.priority = any(${$(v)}::text[])` },
  provider: {
    key: 'f.provider_id',
    label: code('provider'),
    filter: (v, $) => `f.provider_id in (select id from provider where code = any(${$(v)}::text[]))`,
  },
  affiliation: {
    key: 'f.affiliation',
    label: same,
    filter: (v, $) => `f.affiliation = any(${$(v)}::text[])`,
  },
};

/**
 * Groups computed on keys (`inner`, whose columns are named after the dimensions), then labelled
 * and ordered by what the result shows.
 */
function labelled(groups: ReportDimension[], figures: string[], inner: string): string {
  const labels = groups.map((d) =>
    d === 'day' ? 'x."day"' : `${DIMENSIONS[d].label(`x."${d}"`)} as "${d}"`,
  );
  return `select ${[...labels, ...figures.map((n) => `x."${n}"`)].join(', ')} from (${inner}) x
   order by ${groups.map((_, i) => `${i + 1} nulls first`).join(', ')}`;
}

/** Business milliseconds as minutes, one decimal. */
const minutes = (column: string) => `round((${column} / 60000.0)::numeric, 1)`;
const median = (column: string) => `percentile_cont(0.5) within group (order by ${column})`;
const p90 = (column: string) => `percentile_cont(0.9) within group (order by ${column})`;

const sum = (column: string) => `coalesce(sum(${column}), 0)`;
const ratio = (part: string, whole: string) =>
  `round((100.0 * sum(${part}) / nullif(sum(${whole}), 0))::numeric, 1)`;

/**
 * The figures of each report: counters summed from the aggregate `c` (`cube`), or percentiles over
 * the facts `r` (`facts`); providers read escalations `e` and their slices `f`.
 */
const FIGURES: Record<
  Exclude<ReportResult['name'], 'knowledge-base'>,
  [name: string, expression: string, source: 'cube' | 'facts'][]
> = {
  volume: [
    ['created', sum('c.created'), 'cube'],
    ['resolved', sum('c.resolved'), 'cube'],
    ['closed', sum('c.closed'), 'cube'],
    ['reopened', sum('c.reopened'), 'cube'],
    ['rejected', sum('c.rejected'), 'cube'],
    ['escalated', sum('c.escalated'), 'cube'],
  ],
  // Computed by `backlogSql`: only the names are read here.
  backlog: [
    ['backlog', '', 'cube'],
    ['ageUnder1Day', '', 'cube'],
    ['age1To7Days', '', 'cube'],
    ['age7To30Days', '', 'cube'],
    ['ageOver30Days', '', 'cube'],
  ],
  times: [
    ['resolved', sum('c.r_count'), 'cube'],
    ['firstResponseMedianMinutes', minutes(median('r.first_response_ms')), 'facts'],
    ['firstResponseP90Minutes', minutes(p90('r.first_response_ms')), 'facts'],
    ['resolutionMedianMinutes', minutes(median('r.resolution_ms')), 'facts'],
    ['resolutionP90Minutes', minutes(p90('r.resolution_ms')), 'facts'],
    ['firstResponseCompliancePercent', ratio('c.r_fr_met', 'c.r_fr_target'), 'cube'],
    ['resolutionCompliancePercent', ratio('c.r_res_met', 'c.r_res_target'), 'cube'],
  ],
  quality: [
    ['created', sum('c.c_created'), 'cube'],
    ['reopened', sum('c.c_reopened'), 'cube'],
    ['reopenRatePercent', ratio('c.c_reopened', 'c.c_created'), 'cube'],
    ['approvalRejections', sum('c.c_rejected'), 'cube'],
    ['pendingTickets', sum('c.c_pending'), 'cube'],
    ['pendingMedianMinutes', minutes(median('r.pending_ms')), 'facts'],
  ],
  providers: [
    ['escalations', 'count(*)', 'facts'],
    ['open', 'count(*) filter (where e.ended_at is null)', 'facts'],
    [
      'durationMedianMinutes',
      minutes(`${median('extract(epoch from e.ended_at - e.escalated_at) * 1000')}`),
      'facts',
    ],
    [
      'durationP90Minutes',
      minutes(`${p90('extract(epoch from e.ended_at - e.escalated_at) * 1000')}`),
      'facts',
    ],
  ],
  affiliation: [['created', sum('c.c_created'), 'cube']],
};

/**
 * Which groups a grouped report lists: those with something counted in the period (an aggregate's
 * row may hold only other reports' counters, or zeros once a ticket moved to another slice).
 */
const PRESENT: Record<'volume' | 'times' | 'quality' | 'affiliation', string> = {
  volume: ['created', 'resolved', 'closed', 'reopened', 'rejected', 'escalated']
    .map((c) => `sum(c.${c}) <> 0`)
    .join(' or '),
  times: 'sum(c.r_count) > 0',
  quality: 'sum(c.c_created) > 0',
  affiliation: 'sum(c.c_created) > 0',
};

/** Figures per group (columns named after the dimensions, `day` from `dayColumn`). */
function grouped(
  groups: ReportDimension[],
  dayColumn: string,
  figures: string[],
  from: string,
  where: string[],
  having?: string,
): string {
  const select = groups.map((d) => `${d === 'day' ? dayColumn : DIMENSIONS[d].key} as "${d}"`);
  return `select ${[...select, ...figures].join(', ')} from ${from} where ${where.join(' and ')}
    ${groups.length > 0 ? `group by ${groups.map((_, i) => i + 1).join(', ')}` : ''}
    ${having ? `having ${having}` : ''}`;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

/**
 * The aggregate's rows of a period not grouped by day: whole months from the monthly rows, the days
 * before the first whole month and after the last one from the daily rows.
 */
function periodSql(from: string, to: string, $: (v: unknown) => string): string {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const first = from.endsWith('-01')
    ? start
    : Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth() + 1, 1);
  const after = end + DAY_MS;
  const last = Date.UTC(new Date(after).getUTCFullYear(), new Date(after).getUTCMonth(), 1); // first day after the whole months
  if (first >= last) return `c.grain = 0 and c.period between ${$(from)}::date and ${$(to)}::date`;
  const parts = [
    `(c.grain = 1 and c.period >= ${$(isoDay(first))}::date and c.period < ${$(isoDay(last))}::date)`,
  ];
  if (start < first)
    parts.push(`(c.grain = 0 and c.period >= ${$(from)}::date and c.period < ${$(isoDay(first))}::date)`);
  if (last <= end)
    parts.push(`(c.grain = 0 and c.period >= ${$(isoDay(last))}::date and c.period <= ${$(to)}::date)`);
  return `(${parts.join(' or ')})`;
}

/**
 * Reports over the rollup (`report-rollup.ts`), which a timeline consumer keeps: every figure is
 * exact, read from per-ticket facts and day counters in one statement. Functional admins see every
 * ticket; moderators the tickets of their services (and sub-services), technicians those of their
 * teams; requesters nothing (FORBIDDEN). A filter outside the caller's scope gives empty rows.
 */
export class ReportService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #cache: ReadCache;
  readonly #runner: Coalesced;

  constructor(orm: MikroORM, clock: Clock, cache: ReadCache, log: Log) {
    this.#orm = orm;
    this.#clock = clock;
    this.#cache = cache;
    this.#runner = new Coalesced(
      async () => {
        await this.refresh();
      },
      (error) => log('error', 'reports rollup failed, the next event retries', { error: String(error) }),
    );
  }

  /** Updates the rollup soon, in the background. */
  kick(): void {
    this.#runner.kick();
  }

  async idle(): Promise<void> {
    await this.#runner.idle();
  }

  async close(): Promise<void> {
    await this.#runner.close();
  }

  /** Recomputes the rows of every ticket whose timeline changed since the last pass; returns events read. */
  async refresh(pageSize = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const page = await consumeTimeline(this.#orm, REPORTS_CONSUMER, pageSize, async (em, events) => {
        await recomputeTickets(
          em,
          events.map((e) => e.ticketId),
          this.#clock.now(),
        );
      });
      total += page.consumed;
      if (!page.more) return total;
    }
  }

  /**
   * Rebuilds the rollup from scratch (after a restore, or to take a change of targets or calendars
   * into account for finished tickets), in batches; the consumer's cursor moves to the timeline's end.
   */
  async rebuild(batch = 1000): Promise<number> {
    await inTransaction(this.#orm, async (em) => {
      await sql(
        em,
        `insert into timeline_cursor (consumer, tx, event_id, updated_at)
         select $1, coalesce(max(tx), '0'::xid8), coalesce(max(id), 0), now() from ticket_event
         on conflict (consumer) do update set tx = excluded.tx, event_id = excluded.event_id, updated_at = now()`,
        [REPORTS_CONSUMER],
      );
      await sql(em, 'truncate report_cube, report_ticket_day, report_escalation, report_ticket_fact');
    });
    let after = '00000000-0000-0000-0000-000000000000';
    let count = 0;
    for (;;) {
      const ids = await withEm(this.#orm, (em) =>
        sql<{ id: string }>(em, 'select id from ticket where id > $1 order by id limit $2', [after, batch]),
      );
      if (ids.length === 0) break;
      await inTransaction(this.#orm, (em) =>
        recomputeTickets(
          em,
          ids.map((r) => r.id),
          this.#clock.now(),
        ),
      );
      count += ids.length;
      after = ids[ids.length - 1]!.id;
    }
    // Events written during the rebuild are read again by the next pass (recomputing is idempotent).
    await this.refresh();
    return count;
  }

  /** A named report for the caller (see the class comment for who sees what). */
  async report(caller: PersonCaller, raw: ReportInput): Promise<ReportResult> {
    const input = parseInput(ReportInputSchema, raw);
    const scope = await this.#scope(caller, input.name === 'knowledge-base');
    const params: unknown[] = [];
    const $ = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // Parameters are added where used (an unused one has no type for PostgreSQL).
    let bounds: { start: string; end: string } | null = null;
    const period = () => {
      bounds ??= {
        start: `(${$(input.from)}::date::timestamp at time zone '${REPORT_TIME_ZONE}')`,
        end: `((${$(input.to)}::date + 1)::timestamp at time zone '${REPORT_TIME_ZONE}')`,
      };
      return bounds;
    };
    const by = input.by;
    const result = (columns: string[], rows: Record<string, unknown>[]): ReportResult => ({
      name: input.name,
      from: input.from,
      to: input.to,
      by,
      columns,
      rows: rows.map((r) =>
        Object.fromEntries(
          columns.map((c) => [
            c,
            (REPORT_DIMENSIONS as readonly string[]).includes(c)
              ? r[c] == null
                ? null
                : String(r[c])
              : normalise(r[c]),
          ]),
        ),
      ),
    });
    if (input.name === 'knowledge-base') {
      return result(...(await this.#knowledgeBase(scope, by, period().start, period().end, $, params)));
    }
    const filters = filtersSql(input.filters, $);
    // The backlog is a figure per day: `day` is always one of its groups.
    const groups: ReportDimension[] =
      input.name === 'backlog' && !by.includes('day')
        ? ['day', ...by]
        : input.name === 'providers' && !by.includes('provider')
          ? [...by, 'provider']
          : input.name === 'affiliation' && !by.includes('affiliation')
            ? [...by, 'affiliation']
            : by;
    const keys = groups.filter((d): d is SliceDimension => d !== 'day');
    const byDay = groups.includes('day');
    const figures = FIGURES[input.name];
    const names = figures.map(([n]) => n);
    let statement: string;
    if (input.name === 'providers') {
      const where = [
        scopeSql(scope, $),
        ...filters,
        `e.escalated_at >= ${period().start} and e.escalated_at < ${period().end}`,
      ];
      const day = `to_char(e.escalated_at at time zone '${REPORT_TIME_ZONE}', 'YYYY-MM-DD')`;
      statement = labelled(
        groups,
        names,
        grouped(
          groups,
          day,
          figures.map(([n, e]) => `${e} as "${n}"`),
          // The escalation carries its ticket's finest slice: no read of the facts.
          'report_escalation e join report_slice f on f.id = e.slice_id',
          where,
        ),
      );
    } else {
      // Counters from the aggregate's coarsest node holding the groups, the filters and the scope.
      const needed = new Set<SliceDimension>([
        ...keys,
        ...(Object.keys(input.filters) as SliceDimension[]).filter((d) => input.filters[d] !== undefined),
        ...(scope.all ? [] : (['service', 'subService', 'team'] as const)),
      ]);
      const cube = `report_cube c join report_slice f on f.id = c.slice_id`;
      const cubeWhere = [`c.node = ${nodeFor(needed)}`, scopeSql(scope, $), ...filters];
      if (input.name === 'backlog') {
        const start = `${$(input.from)}::date`;
        cubeWhere.push(
          `((c.grain = 1 and c.period < date_trunc('month', ${start})::date) or (c.grain = 0 and c.period >= date_trunc('month', ${start})::date and c.period <= ${$(input.to)}::date))`,
        );
        statement = labelled(groups, names, backlogSql(keys, cube, cubeWhere, $(input.from), $(input.to)));
      } else {
        cubeWhere.push(
          byDay
            ? `c.grain = 0 and c.period between ${$(input.from)}::date and ${$(input.to)}::date`
            : periodSql(input.from, input.to, $),
        );
        const counted = figures.filter(([, , source]) => source === 'cube');
        const present = PRESENT[input.name];
        const counters = grouped(
          groups,
          `to_char(c.period, 'YYYY-MM-DD')`,
          counted.map(([n, e]) => `${e} as "${n}"`),
          cube,
          cubeWhere,
          groups.length > 0 ? present : undefined,
        );
        const exact = figures.filter(([, , source]) => source === 'facts');
        let inner = counters;
        if (exact.length > 0) {
          // Percentiles are not additive: read from the facts of the period (covering indexes).
          const [column, only] =
            input.name === 'times' ? ['r.resolved_at', 'true'] : ['r.created_at', 'r.pending_ms > 0'];
          const factWhere = [
            scopeSql(scope, $),
            ...filters,
            `${column} >= ${period().start} and ${column} < ${period().end}`,
            only,
          ];
          const percentiles = grouped(
            groups,
            `to_char(${column} at time zone '${REPORT_TIME_ZONE}', 'YYYY-MM-DD')`,
            exact.map(([n, e]) => `${e} as "${n}"`),
            'report_ticket_fact r join report_slice f on f.id = r.slices[1]',
            factWhere,
          );
          const on = groups.map((d) => `a."${d}" is not distinct from b."${d}"`);
          inner = `select ${[...groups.map((d) => `a."${d}"`), ...names.map((n) => (exact.some(([e]) => e === n) ? `b."${n}"` : `a."${n}"`))].join(', ')}
            from (${counters}) a left join (${percentiles}) b on ${on.length > 0 ? on.join(' and ') : 'true'}`;
        }
        statement = groups.length > 0 ? labelled(groups, names, inner) : inner;
      }
    }
    const rows = await inTransaction(this.#orm, async (em) => {
      // Percentiles sort the period's values: in memory, not in temporary files (a year of an
      // establishment group's resolutions is a few hundred thousand values, 30–40 MB).
      await sql(em, `set local work_mem = '${REPORT_WORK_MEM}'`);
      return sql<Record<string, unknown>>(em, statement, params, { prepare: false });
    });
    return result([...groups, ...names], rows);
  }

  /**
   * Recomputes the aggregate (slices and counters) from the facts as they are, set-based, in one
   * transaction: for facts written in bulk without the consumer (a benchmark, a restore). Its
   * statements read every fact: over a large database, run it from a Guichet created with a long
   * `statementTimeoutMs`.
   */
  async rebuildAggregate(): Promise<void> {
    await inTransaction(this.#orm, async (em) => {
      await lockRollup(em);
      await assignSlices(em);
      await rebuildCube(em);
    });
  }

  /**
   * Checks the aggregate against a from-scratch sum of the facts: the number of rows that differ
   * (0 when exact). Reads every fact (see `rebuildAggregate` on timeouts): for tests, benchmarks and
   * an operator's doubt, not a hot path.
   */
  async verify(): Promise<number> {
    return withEm(this.#orm, (em) => cubeDifferences(em));
  }

  /**
   * Counts per top-level service for `/metrics`: tickets in the backlog now, and open tickets whose
   * first-response or resolution target is breached now. Counts only, nothing of any ticket.
   */
  async gauges(): Promise<{ service: string; backlog: number; breached: number }[]> {
    const now = this.#clock.now().toISOString();
    const rows = await withEm(this.#orm, (em) =>
      sql<{ service: string; backlog: string; breached: string }>(
        em,
        `select coalesce(s.code, 'none') as service, count(*) as backlog,
                count(*) filter (where f.first_response_breached or f.resolution_breached
                                    or f.first_response_due_at <= $1::timestamptz or f.resolution_due_at <= $1::timestamptz) as breached
           from report_ticket_fact f left join service s on s.id = f.service_id
          where f.backlog @> $1::timestamptz
          group by 1 order by 1`,
        [now],
      ),
    );
    return rows.map((r) => ({
      service: r.service,
      backlog: Number(r.backlog),
      breached: Number(r.breached),
    }));
  }

  async #scope(caller: PersonCaller, knowledgeBase: boolean): Promise<Scope> {
    if (caller.via) throw new DomainError('FORBIDDEN', { rule: 'act_as_not_allowed' });
    const grants = await this.#cache.grants(caller.personId);
    if (grants.functionalAdmin) return { all: true };
    const catalogue = await this.#cache.catalogue();
    const services = catalogue.descendants(grants.moderatorOf);
    const teams = knowledgeBase ? [] : [...grants.technicianOf];
    if (services.length === 0 && teams.length === 0) {
      throw new DomainError('FORBIDDEN', { rule: 'reports_staff_only' });
    }
    return { all: false, services, teams };
  }

  async #knowledgeBase(
    scope: Scope,
    by: ReportDimension[],
    start: string,
    end: string,
    $: (v: unknown) => string,
    params: unknown[],
  ): Promise<[string[], Record<string, unknown>[]]> {
    const day = by.includes('day');
    const service = by.includes('service');
    const inScope = (column: string) =>
      scope.all ? 'true' : `${column} = any(${$(scope.services)}::uuid[])`;
    // One row per event (suggestion shown, deflection, article used on a ticket, vote), then grouped.
    const statement = `with facts as (
        select k.created_at as at, k.service_id, 'suggestion' as kind from kb_suggestion k
         where k.created_at >= ${start} and k.created_at < ${end} and ${inScope('k.service_id')}
        union all
        select k.deflected_at, k.service_id, 'deflection' from kb_suggestion k
         where k.deflected_at >= ${start} and k.deflected_at < ${end} and ${inScope('k.service_id')}
        union all
        select l.created_at, t.service_id, 'used:' || l.article_id from article_ticket_link l join ticket t on t.id = l.ticket_id
         where l.created_at >= ${start} and l.created_at < ${end} and ${inScope('t.service_id')}
        union all
        select v.created_at, a.service_ids[1], 'vote:' || v.value from article_vote v join article a on a.id = v.article_id
         where v.created_at >= ${start} and v.created_at < ${end}
           and ${scope.all ? 'true' : `a.service_ids && ${$(scope.services)}::uuid[]`})
      select ${day ? `to_char(at at time zone '${REPORT_TIME_ZONE}', 'YYYY-MM-DD') as "day",` : ''}
             ${service ? `(select code from service where id = service_id) as "service",` : ''}
             count(*) filter (where kind = 'suggestion') as "suggestions",
             count(*) filter (where kind = 'deflection') as "deflections",
             count(distinct kind) filter (where kind like 'used:%') as "articlesUsed",
             count(*) filter (where kind = 'vote:helpful') as "votesHelpful",
             count(*) filter (where kind = 'vote:not_helpful') as "votesNotHelpful"
        from facts
        ${day || service ? `group by ${[day ? 1 : 0, service ? (day ? 2 : 1) : 0].filter(Boolean).join(', ')} order by 1` : ''}`;
    const rows = await withEm(this.#orm, (em) =>
      sql<Record<string, unknown>>(em, statement, params, { prepare: false }),
    );
    const groups = by.filter((d) => d === 'day' || d === 'service');
    return [
      [...groups, 'suggestions', 'deflections', 'articlesUsed', 'votesHelpful', 'votesNotHelpful'],
      rows,
    ];
  }
}

/**
 * The backlog at the end of each day of the period, per group, with ages, as running sums of the
 * aggregate's dated changes (`report-cube.ts`: each open period of a ticket enters an age bucket on
 * one day and leaves it on another). Changes before the period are summed into its first day, from
 * the monthly rows of the months before and the daily rows of the first month. Same rows as
 * counting `backlog @> end(d)` day by day (tested): days without any ticket are listed only when
 * the report is by day alone.
 */
function backlogSql(
  keys: SliceDimension[],
  cube: string,
  where: string[],
  fromParam: string,
  toParam: string,
): string {
  const from = `${fromParam}::date`;
  const to = `${toParam}::date`;
  const keyList = (prefix: string) => keys.map((d) => `${prefix}."${d}"`);
  const changes = `select ${[...keys.map((d) => `${DIMENSIONS[d].key} as "${d}"`), `greatest(c.period, ${from}) as day`].join(', ')},
        ${[0, 1, 2, 3].map((k) => `sum(c.b${k}) as d${k}`).join(', ')}
      from ${cube} where ${where.join(' and ')}
     group by ${keys
       .map((_, i) => i + 1)
       .concat(keys.length + 1)
       .join(', ')}`;
  const partition = keys.length > 0 ? `partition by ${keyList('k').join(', ')} ` : '';
  const running = [0, 1, 2, 3]
    .map((k) => `sum(coalesce(c.d${k}, 0)) over (${partition}order by s.day) as c${k}`)
    .join(', ');
  const joined = keys.map((d) => `c."${d}" is not distinct from k."${d}"`);
  const columns = ['day', ...keys].map((d) =>
    d === 'day' ? `to_char(t.day, 'YYYY-MM-DD') as "day"` : `t."${d}"`,
  );
  return `with changes as (${changes})
    select ${[...columns, 't.c0 + t.c1 + t.c2 + t.c3 as "backlog"', 't.c0 as "ageUnder1Day"', 't.c1 as "age1To7Days"', 't.c2 as "age7To30Days"', 't.c3 as "ageOver30Days"'].join(', ')}
      from (select ${[...keyList('k'), 's.day', running].join(', ')}
              from (${keys.length > 0 ? `select distinct ${keyList('c').join(', ')} from changes c` : 'select 1'}) k
              cross join generate_series(${from}, ${to}, interval '1 day') s(day)
              left join changes c on c.day = s.day::date${joined.length > 0 ? ` and ${joined.join(' and ')}` : ''}) t
     ${keys.length > 0 ? 'where t.c0 + t.c1 + t.c2 + t.c3 > 0' : ''}`;
}

function scopeSql(scope: Scope, $: (v: unknown) => string): string {
  if (scope.all) return 'true';
  const services = $(scope.services);
  return `(f.service_id = any(${services}::uuid[]) or f.sub_service_id = any(${services}::uuid[]) or f.team_id = any(${$(scope.teams)}::uuid[]))`;
}

function filtersSql(filters: ReportFilters, $: (v: unknown) => string): string[] {
  return Object.entries(filters)
    .filter((entry): entry is [keyof ReportFilters, string[]] => Array.isArray(entry[1]))
    .map(([dimension, values]) => DIMENSIONS[dimension].filter(values, $));
}

/** Counts come back as strings (bigint) and decimals as strings (numeric): numbers in the result. */
function normalise(value: unknown): ReportValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return String(value);
}
