/**
 * Reports benchmark (issue 15): a year's report over 1 M tickets, through core
 * (`ReportService.report`), as a functional admin (every ticket) and as the Moodle moderator (the
 * scope filtered in SQL), each report name × groupings, sequentially: p50/p95/max per cell (--runs
 * timed runs after one warm-up, fewer once a cell has taken 20 s, never fewer than three).
 *
 *   npm run bench:reports                                     # 1 M tickets, kept for the next run
 *   npm run bench:reports -- --tickets 100000 --runs 10
 *
 * Tickets come from the API benchmark's seed (bench/api/seed.ts: set-based SQL, three years, each
 * with its `created` event only). Since their timelines are that one event, the rollup's rows cannot
 * come from the timeline consumer: they are derived here from the ticket rows, set-based, with the
 * same shapes the consumer writes (facts, day counters, escalations; business times drawn at random,
 * a tenth of first responses and resolutions late, 5 % escalated to a provider), and the aggregate
 * from them by `ReportService.rebuildAggregate` (the consumer's own contribution SQL, over every fact).
 * The report queries read exactly what they read in production; what this does not measure is the
 * consumer's own cost. At the end, `ReportService.verify` checks the aggregate against the facts.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createGuichet, type ReportInput } from '../packages/core/src/index.ts';
import { seed } from './api/seed.ts';

const { values } = parseArgs({
  options: {
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    tickets: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '20' },
  },
});
const tickets = Number(values.tickets);
const runs = Number(values.runs);
const name = `guichet_bench_reports_${tickets >= 1_000_000 ? `${tickets / 1_000_000}m` : `${tickets / 1000}k`}`;
const url = new URL(values['admin-url']);
url.pathname = `/${name}`;

async function query(connection: string, sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: connection });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

async function prepare(): Promise<void> {
  const exists = await query(values['admin-url'], 'select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await query(values['admin-url'], `create database ${name}`);
  await seed(url.toString(), tickets);
  const facts = Number(
    (await query(url.toString(), 'select count(*) as n from report_ticket_fact')).rows[0].n,
  );
  if (facts >= tickets) return;
  const started = performance.now();
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await db.query('begin');
    await db.query('truncate report_ticket_day, report_escalation, report_ticket_fact');
    // A deterministic fraction per ticket and purpose, from its id.
    const r = (salt: number) => `(abs(hashint4(hashtext(t.id::text) + ${salt}))::float8 / 2147483648)`;
    await db.query(
      `insert into report_ticket_fact (ticket_id, service_id, sub_service_id, type, establishment_id, team_id,
         channel, priority, provider_id, affiliation, status, created_at, resolved_at, closed_at, backlog,
         first_response_ms, resolution_ms, pending_ms, reopen_count, approval_rejected,
         has_first_response_target, has_resolution_target, first_response_breached, resolution_breached,
         first_response_due_at, resolution_due_at, computed_at, slices)
       select t.id, t.service_id, t.sub_service_id, t.type, t.establishment_id, t.team_id, t.channel, t.priority,
              case when ${r(1)} < 0.05 then (select id from provider order by code limit 1) end,
              p.affiliation, t.status, t.created_at, t.resolved_at, t.closed_at,
              case when t.status in ('new','assigned','pending') then tstzmultirange(tstzrange(t.created_at, null))
                   when t.resolved_at is not null then tstzmultirange(tstzrange(t.created_at, t.resolved_at))
                   else '{}'::tstzmultirange end,
              case when t.status not in ('new','pending_approval','rejected') then (${r(2)} * 8 * 3600000)::bigint end,
              case when t.resolved_at is not null then (${r(3)} * 5 * 8 * 3600000)::bigint end,
              case when ${r(4)} < 0.2 then (${r(5)} * 3 * 86400000)::bigint else 0 end,
              case when ${r(6)} < 0.03 then 1 else 0 end,
              t.status = 'rejected', true, true, ${r(7)} < 0.1, ${r(8)} < 0.1,
              case when t.status = 'new' then t.created_at + interval '4 hours' end,
              case when t.status in ('new','assigned') then t.created_at + interval '5 days' end,
              now(), '{}'::int[]
         from ticket t join person p on p.id = t.requester_id`,
    );
    await db.query(
      `insert into report_ticket_day (ticket_id, day, created, resolved, closed, reopened, rejected, escalated)
       select ticket_id, day, sum(created), sum(resolved), sum(closed), sum(reopened), sum(rejected), sum(escalated)
         from (select f.ticket_id, (f.created_at at time zone 'Europe/Paris')::date as day, 1 as created, 0 as resolved,
                      0 as closed, 0 as reopened, case when f.approval_rejected then 1 else 0 end as rejected,
                      case when f.provider_id is not null then 1 else 0 end as escalated
                 from report_ticket_fact f
               union all
               select f.ticket_id, (f.resolved_at at time zone 'Europe/Paris')::date, 0, 1, 0, f.reopen_count, 0, 0
                 from report_ticket_fact f where f.resolved_at is not null
               union all
               select f.ticket_id, (f.closed_at at time zone 'Europe/Paris')::date, 0, 0, 1, 0, 0, 0
                 from report_ticket_fact f where f.closed_at is not null) x
        group by 1, 2`,
    );
    await db.query(
      `insert into report_escalation (ticket_id, ordinal, provider_id, escalated_at, ended_at)
       select ticket_id, 1, provider_id, created_at + interval '2 hours', resolved_at
         from report_ticket_fact where provider_id is not null`,
    );
    await db.query('commit');
    await db.query('vacuum analyze report_ticket_fact, report_ticket_day, report_escalation');
  } finally {
    await db.end();
  }
  console.error(`rollup rows derived in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

async function main(): Promise<void> {
  await prepare();
  const g = await createGuichet({
    database: { url: url.toString() },
    scheduler: { enabled: false },
    poolSize: 4,
  });
  // The same database with a long statement timeout, for what reads every fact (build, check).
  const slow = await createGuichet({
    database: { url: url.toString() },
    scheduler: { enabled: false },
    poolSize: 1,
    statementTimeoutMs: 600_000,
  });
  try {
    const admin = await g.catalogue.upsertPerson({
      email: 'fonctionnel@groupe-insa.fr',
      displayName: 'Admin',
    });
    await g.catalogue.grantProfile({ person: admin.email, profile: 'functional_admin' }).catch(() => {});
    const moderator = await g.catalogue.upsertPerson({
      email: 'moodle.moderation@insa-lyon.fr',
      displayName: 'Mod',
    });
    const cube = await query(url.toString(), 'select exists (select 1 from report_cube) as built');
    if (!cube.rows[0].built) {
      const started = performance.now();
      await slow.reports.rebuildAggregate();
      // Setting every fact's slices rewrote each row once: compact the table and its indexes, as
      // they are in a database whose consumer wrote each fact in turn and autovacuum kept up.
      await query(url.toString(), 'vacuum full analyze report_slice, report_cube, report_ticket_fact');
      // A full vacuum leaves the visibility map empty: index-only scans need a plain one after it.
      await query(url.toString(), 'vacuum analyze report_slice, report_cube, report_ticket_fact');
      console.error(
        `aggregate built from the facts in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    const counts = await query(
      url.toString(),
      `select (select count(*) from report_ticket_fact) as facts, (select count(*) from report_ticket_day) as days,
              (select max(created_at) from ticket) as last`,
    );
    const last = new Date(counts.rows[0].last);
    const to = last.toISOString().slice(0, 10);
    const from = new Date(last.getTime() - 364 * 86_400_000).toISOString().slice(0, 10);
    console.error(`facts ${counts.rows[0].facts}, day rows ${counts.rows[0].days}; period ${from} → ${to}`);
    const cells: [string, Omit<ReportInput, 'from' | 'to'>][] = [
      ['volume', { name: 'volume', by: [] }],
      ['volume by service', { name: 'volume', by: ['service'] }],
      ['volume by service, establishment', { name: 'volume', by: ['service', 'establishment'] }],
      ['volume by day', { name: 'volume', by: ['day'] }],
      ['volume by day, establishment', { name: 'volume', by: ['day', 'establishment'] }],
      ['backlog (by day)', { name: 'backlog', by: [] }],
      ['backlog by day, service', { name: 'backlog', by: ['service'] }],
      ['times', { name: 'times', by: [] }],
      ['times by service', { name: 'times', by: ['service'] }],
      ['times by service, priority', { name: 'times', by: ['service', 'priority'] }],
      ['quality by service', { name: 'quality', by: ['service'] }],
      ['providers', { name: 'providers', by: [] }],
      ['affiliation by establishment', { name: 'affiliation', by: ['establishment'] }],
    ];
    const callers = [
      ['functional admin', { personId: admin.id }],
      ['Moodle moderator', { personId: moderator.id }],
    ] as const;
    console.log('| caller | report | rows | p50 ms | p95 ms | max ms |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    const all: number[] = [];
    for (const [who, caller] of callers) {
      for (const [label, input] of cells) {
        const times: number[] = [];
        let rows = 0;
        let failed = false;
        const budget = performance.now() + 20_000;
        // At least three timed runs; no more once a cell has taken 20 s.
        for (let i = 0; i < runs + 1 && (i < 4 || performance.now() < budget); i++) {
          const started = performance.now();
          const result = await g.reports.report(caller, { ...input, from, to }).catch((error: unknown) => {
            // The pool's statement timeout (5 s) answers UNAVAILABLE: the cell is reported as such.
            if ((error as { code?: string }).code === 'UNAVAILABLE') return null;
            throw error;
          });
          const ms = performance.now() - started;
          if (!result) {
            failed = true;
            break;
          }
          if (i > 0) times.push(ms); // the first run warms the cache and plans
          rows = result.rows.length;
        }
        if (failed) {
          console.log(`| ${who} | ${label} | – | over the 5 s statement timeout | | |`);
          continue;
        }
        times.sort((a, b) => a - b);
        all.push(...times);
        console.log(
          `| ${who} | ${label} | ${rows} | ${pct(times, 0.5).toFixed(1)} | ${pct(times, 0.95).toFixed(1)} | ${times[times.length - 1]!.toFixed(1)} |`,
        );
      }
    }
    // Exactness: the backlog by day and service of the last 30 days against the definition (every
    // ticket whose open periods hold each day's end instant, counted day by day).
    const check = new Date(last.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
    const fast = await g.reports.report(callers[0][1], { name: 'backlog', from: check, to, by: ['service'] });
    const reference = await query(
      url.toString(),
      `select to_char(g.day, 'YYYY-MM-DD') as day, s.code as service, count(*)::int as backlog,
              count(*) filter (where g.day_end - f.created_at < interval '24 hours')::int as under1,
              count(*) filter (where g.day_end - f.created_at >= interval '720 hours')::int as over30
         from (select d::date as day, ((d::date + 1)::timestamp at time zone 'Europe/Paris') as day_end
                 from generate_series($1::date, $2::date, interval '1 day') d) g
         join report_ticket_fact f on f.backlog @> g.day_end left join service s on s.id = f.service_id
        group by 1, 2 order by 1, 2 nulls first`,
      [check, to],
    );
    const mine = fast.rows.map((r) =>
      [r.day, r.service, r.backlog, r.ageUnder1Day, r.ageOver30Days].join('|'),
    );
    const theirs = reference.rows.map((r) => [r.day, r.service, r.backlog, r.under1, r.over30].join('|'));
    const same = JSON.stringify(mine) === JSON.stringify(theirs);
    console.log(
      `\nbacklog by day, service over ${check} → ${to} equals the day-by-day definition: ${same} (${mine.length} rows)`,
    );
    if (!same) process.exitCode = 1;
    const differences = await slow.reports.verify();
    console.log(`aggregate rows differing from a from-scratch sum of the facts: ${differences}`);
    if (differences !== 0) process.exitCode = 1;
    all.sort((a, b) => a - b);
    console.log(
      `\nall cells: p50 ${pct(all, 0.5).toFixed(1)} ms, p95 ${pct(all, 0.95).toFixed(1)} ms (${all.length} reports)`,
    );
  } finally {
    await g.close();
    await slow.close();
  }
}

await main();
