import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql.ts';
import { REPORT_TIME_ZONE, type ReportDimension } from './report.schemas.ts';

/**
 * The reports' aggregate: additive counters per slice × day and slice × month, kept by the timeline
 * consumer in the same transaction as the per-ticket facts it is the sum of. A slice is one
 * combination of the slice dimensions; each ticket counts in five of them, one per node of the
 * lattice below (every dimension; its queue with establishment, type and priority; the requester's
 * side without the queue; its queue; nothing), so a report reads the coarsest node that still holds
 * what it groups, filters and scopes by (nodes are listed from the finest to the coarsest).
 * Before a ticket's facts are recomputed its contributions are subtracted, and after they are added
 * again: the aggregate always equals a from-scratch sum of the facts (`rebuildCube`, tested).
 * Percentiles are not additive: they are read from the facts (`report.service.ts`).
 */

/** The dimensions a slice keeps (every report dimension but `day`). */
export type SliceDimension = Exclude<ReportDimension, 'day'>;

/** The lattice, finest first; a node lists the dimensions its slices keep (the others are null). */
export const CUBE_NODES: readonly (readonly SliceDimension[])[] = [
  [
    'service',
    'subService',
    'type',
    'establishment',
    'team',
    'channel',
    'priority',
    'provider',
    'affiliation',
  ],
  ['service', 'subService', 'team', 'establishment', 'type', 'priority'],
  ['establishment', 'type', 'priority', 'channel', 'affiliation'],
  ['service', 'subService', 'team'],
  [],
];

/** Fact column of each dimension (the slice table has the same columns). */
export const SLICE_COLUMNS: Record<SliceDimension, string> = {
  service: 'service_id',
  subService: 'sub_service_id',
  type: 'type',
  establishment: 'establishment_id',
  team: 'team_id',
  channel: 'channel',
  priority: 'priority',
  provider: 'provider_id',
  affiliation: 'affiliation',
};
const ALL = CUBE_NODES[0]!;

/** The coarsest node holding every dimension in `needed`. */
export function nodeFor(needed: Iterable<SliceDimension>): number {
  const set = new Set(needed);
  for (let n = CUBE_NODES.length - 1; n >= 0; n--) {
    if ([...set].every((d) => CUBE_NODES[n]!.includes(d))) return n;
  }
  return 0;
}

/** The counters, in the order of the table's columns. */
export const CUBE_COUNTERS = [
  // Events per day (from the day rows): the volume report.
  'created',
  'resolved',
  'closed',
  'reopened',
  'rejected',
  'escalated',
  // Changes of the backlog per age bucket (+1 entering, -1 leaving): the backlog is their running sum.
  'b0',
  'b1',
  'b2',
  'b3',
  // Tickets by the day they were created: quality and affiliation.
  'c_created',
  'c_reopened',
  'c_rejected',
  'c_pending',
  // Tickets by the day they were (last) resolved: times.
  'r_count',
  'r_fr_target',
  'r_fr_met',
  'r_res_target',
  'r_res_met',
] as const;

type SliceValues = Record<SliceDimension, string | null>;

const keyOf = (node: number, values: SliceValues) =>
  [node, ...CUBE_NODES[node]!.map((d) => values[d] ?? '')].join('|');

/** The SQL text of the same key, from a row aliased `r` with the fact's columns. */
const keySql = (node: number) =>
  [`'${node}'`, ...CUBE_NODES[node]!.map((d) => `coalesce(r.${SLICE_COLUMNS[d]}::text, '')`)].join(
    ` || '|' || `,
  );

/**
 * The ids of a ticket's slices, one per node (finest first), created when new. Existing slices are
 * only read: an upsert that rewrote them would update the same few rows on every recomputation.
 * The rollup has one writer at a time (`lockRollup`), so a slice missing from the snapshot is
 * inserted here and returned by the insert.
 */
export async function slicesOf(em: EntityManager, values: SliceValues): Promise<number[]> {
  const nodes = CUBE_NODES.map((_, n) => n);
  const column = (d: SliceDimension) => nodes.map((n) => (CUBE_NODES[n]!.includes(d) ? values[d] : null));
  const rows = await sql<{ id: number; node: number }>(
    em,
    `with wanted as (
       select * from unnest($1::smallint[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::uuid[],
          $8::text[], $9::text[], $10::uuid[], $11::text[])
          as w(node, key, service_id, sub_service_id, type, establishment_id, team_id, channel, priority, provider_id,
               affiliation)),
     found as (select s.id, s.node, s.key from report_slice s where s.key in (select key from wanted)),
     added as (
       insert into report_slice (node, key, service_id, sub_service_id, type, establishment_id, team_id, channel,
          priority, provider_id, affiliation)
       select * from wanted w where w.key not in (select key from found)
       on conflict (key) do nothing
       returning id, node)
     select id, node from found union all select id, node from added`,
    [nodes, nodes.map((n) => keyOf(n, values)), ...ALL.map((d) => column(d))],
  );
  return nodes.map((n) => {
    const row = rows.find((r) => Number(r.node) === n);
    if (!row) throw new Error(`report slice ${keyOf(n, values)} was neither found nor inserted`);
    return Number(row.id);
  });
}

/**
 * Creates the slices of every fact and sets the facts' `slices` and their escalations' `slice_id`,
 * set-based (a rebuild or a benchmark that writes facts without the consumer).
 */
export async function assignSlices(em: EntityManager): Promise<void> {
  for (let n = 0; n < CUBE_NODES.length; n++) {
    const kept = CUBE_NODES[n]!;
    await sql(
      em,
      `insert into report_slice (node, key, ${ALL.map((d) => SLICE_COLUMNS[d]).join(', ')})
       select distinct ${n}, ${keySql(n)}, ${ALL.map((d) => (kept.includes(d) ? `r.${SLICE_COLUMNS[d]}` : `null::${SLICE_COLUMNS[d].endsWith('_id') ? 'uuid' : 'text'}`)).join(', ')}
         from report_ticket_fact r
       on conflict (key) do nothing`,
      [],
      { prepare: false },
    );
  }
  await sql(
    em,
    `update report_ticket_fact r set slices = array[${CUBE_NODES.map(
      (_, n) => `(select id from report_slice s where s.key = ${keySql(n)})`,
    ).join(', ')}]`,
    [],
    { prepare: false },
  );
  await sql(
    em,
    'update report_escalation e set slice_id = r.slices[1] from report_ticket_fact r where r.ticket_id = e.ticket_id',
  );
}

const edge = (x: string) => `(((${x}) - interval '1 microsecond') at time zone '${REPORT_TIME_ZONE}')::date`;
const local = (x: string) => `((${x}) at time zone '${REPORT_TIME_ZONE}')::date`;

/**
 * One row per counter change of the facts `r` matching `where`: (day, finest slice, counters). The
 * backlog rows: each open period of a ticket enters an age bucket on one day and leaves it on
 * another; the ticket counts on day d (at d's end, midnight after d) when `enters <= d < leaves`,
 * with `x <= end(d)` exactly when `d >= edge(x)`. Ages: under 24 h, 24 h to 7 days, 7 to 30 days, more.
 */
function changesSql(where: string): string {
  const zeros = (from: number, to: number) =>
    CUBE_COUNTERS.slice(from, to)
      .map(() => '0')
      .join(', ');
  return `
    select d.day, r.slices, d.created, d.resolved, d.closed, d.reopened, d.rejected, d.escalated, ${zeros(6, 19)}
      from report_ticket_day d join report_ticket_fact r on r.ticket_id = d.ticket_id where ${where}
    union all
    select e.day, r.slices, ${zeros(0, 6)}, (a.k = 0)::int * e.delta, (a.k = 1)::int * e.delta,
           (a.k = 2)::int * e.delta, (a.k = 3)::int * e.delta, ${zeros(10, 19)}
      from report_ticket_fact r
      cross join lateral unnest(r.backlog) p(period)
      cross join lateral (select ${edge('lower(p.period)')} as l,
                                 coalesce(${edge('upper(p.period)')}, 'infinity'::date) as u,
                                 ${edge(`r.created_at + interval '24 hours'`)} as a1,
                                 ${edge(`r.created_at + interval '168 hours'`)} as a7,
                                 ${edge(`r.created_at + interval '720 hours'`)} as a30) b
      cross join lateral (values (b.l, least(b.u, b.a1), 0), (greatest(b.l, b.a1), least(b.u, b.a7), 1),
                                 (greatest(b.l, b.a7), least(b.u, b.a30), 2), (greatest(b.l, b.a30), b.u, 3)) a(enters, leaves, k)
      cross join lateral (values (a.enters, 1), (a.leaves, -1)) e(day, delta)
     where ${where} and a.enters < a.leaves and e.day <> 'infinity'::date
    union all
    select ${local('r.created_at')}, r.slices, ${zeros(0, 10)}, 1, (r.reopen_count > 0)::int, r.approval_rejected::int,
           (r.pending_ms > 0)::int, ${zeros(14, 19)}
      from report_ticket_fact r where ${where}
    union all
    select ${local('r.resolved_at')}, r.slices, ${zeros(0, 14)}, 1, r.has_first_response_target::int,
           (r.has_first_response_target and not r.first_response_breached)::int, r.has_resolution_target::int,
           (r.has_resolution_target and not r.resolution_breached)::int
      from report_ticket_fact r where ${where} and r.resolved_at is not null`;
}

/** The aggregate's rows of the facts matching `where`, times `sign`, for every node and both grains. */
function cubeRowsSql(where: string, sign: 1 | -1): string {
  const columns = CUBE_COUNTERS.join(', ');
  const sums = CUBE_COUNTERS.map((c) => `${sign} * sum(x.${c}) as ${c}`).join(', ');
  const nonZero = CUBE_COUNTERS.map((c) => `sum(x.${c}) <> 0`).join(' or ');
  return `select (n.node - 1)::smallint as node, g.grain::smallint as grain,
            case g.grain when 0 then x.day else date_trunc('month', x.day)::date end as period,
            n.slice_id::int as slice_id, ${sums}
       from (${changesSql(where)}) x (day, slices, ${columns})
       cross join lateral unnest(x.slices) with ordinality n(slice_id, node)
       cross join (values (0), (1)) g(grain)
      group by 1, 2, 3, 4
     having ${nonZero}`;
}

/** Adds (`sign` 1) or subtracts (-1) the contributions of the facts matching `where`. */
async function apply(em: EntityManager, where: string, params: unknown[], sign: 1 | -1): Promise<void> {
  await sql(
    em,
    `insert into report_cube (node, grain, period, slice_id, ${CUBE_COUNTERS.join(', ')})
     ${cubeRowsSql(where, sign)}
     on conflict (node, grain, period, slice_id) do update set
       ${CUBE_COUNTERS.map((c) => `${c} = report_cube.${c} + excluded.${c}`).join(', ')}`,
    params,
    { prepare: false },
  );
}

/**
 * Rows where the aggregate differs from a from-scratch sum of the facts (zero rows aside): 0 when
 * every incremental change was applied exactly.
 */
export async function cubeDifferences(em: EntityManager): Promise<number> {
  const columns = `node, grain, period, slice_id, ${CUBE_COUNTERS.join(', ')}`;
  const [row] = await sql<{ n: string }>(
    em,
    `with expected as (${cubeRowsSql('true', 1)}),
          actual as (select ${columns} from report_cube where ${CUBE_COUNTERS.map((c) => `${c} <> 0`).join(' or ')})
     select count(*) as n from ((select ${columns} from expected except all select ${columns} from actual)
                                union all (select ${columns} from actual except all select ${columns} from expected)) d`,
    [],
    { prepare: false },
  );
  return Number(row!.n);
}

/**
 * One writer of the rollup at a time, until the transaction ends (the consumer holds its cursor, a
 * rebuild does not): a subtract-then-add must not interleave with another on the same tickets.
 */
export async function lockRollup(em: EntityManager): Promise<void> {
  await sql(em, `select pg_advisory_xact_lock(hashtext('guichet.reports.rollup'))`);
}

/** Adds the tickets' contributions (after their facts were written). */
export const addTickets = (em: EntityManager, ids: readonly string[]) =>
  apply(em, 'r.ticket_id = any($1::uuid[])', [ids], 1);

/** Subtracts the tickets' contributions (before their facts are rewritten). */
export const subtractTickets = (em: EntityManager, ids: readonly string[]) =>
  apply(em, 'r.ticket_id = any($1::uuid[])', [ids], -1);

/** Recomputes the whole aggregate from the facts, set-based. */
export async function rebuildCube(em: EntityManager): Promise<void> {
  await sql(em, 'truncate report_cube');
  await apply(em, 'true', [], 1);
}
