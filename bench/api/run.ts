/**
 * API benchmark (not a test): the real server (`packages/api/src/server.ts`, with
 * `GUICHET_WORKERS` processes) on a PostgreSQL server, loaded over loopback HTTP by closed-loop
 * clients (each sends its next request when the previous answer has arrived), on databases of 10 k
 * and 1 M tickets, with 1 and 8 clients. The operations are those of the side-by-side comparison
 * with Request Tracker (`../shared/peers/`), each on its own ticket:
 *
 *   create    a moderator opens a Moodle ticket on behalf of a requester   POST /v1/tickets
 *   comment   the moderator adds an internal note                          POST …/comments
 *   assign    the moderator assigns it to the Moodle technician            POST …/actions/assign
 *   resolve   the technician resolves it                                    POST …/actions/resolve
 *   get       the moderator reads one ticket                                GET /v1/tickets/{ref}
 *   queue     open Moodle tickets, 20 a page, newest first                  GET /v1/tickets?service=…
 *   search    full text, 20 a page                                          GET /v1/tickets?q=…
 *
 * For every cell: requests/s, p50/p95/p99 latency, errors, and the CPU time per request of the
 * server's processes and of its PostgreSQL backends (process CPU time over requests, read from
 * /proc, as the side-by-side script measures it); then the server's memory (PSS) under that load,
 * and in the same run the raw PostgreSQL single-row insert-transaction rate for scale.
 *
 *   npm run bench:api                                  # 10 k and 1 M tickets
 *   npm run bench:api -- --sizes 10000 --ops 500 --workers 2
 *   npm run bench:api -- --profile /tmp/prof           # the server writes V8 CPU profiles there
 *
 * Databases `guichet_bench_<size>` are seeded once (bench/api/seed.ts) and kept; the tickets the
 * write cells create are deleted after each size so reruns measure the same data.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createGuichet } from '../../packages/core/src/index.ts';
import { freePort } from '../../packages/core/testing/index.ts';
import { seed } from './seed.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    sizes: { type: 'string', default: '10000,1000000' },
    clients: { type: 'string', default: '1,8' },
    /** Operations per write cell with 8 clients (a quarter with 1); reads do twice as many. */
    ops: { type: 'string', default: '1600' },
    workers: { type: 'string', default: '' },
    scenarios: { type: 'string', default: 'create,comment,assign,resolve,get,queue,search' },
    profile: { type: 'string', default: '' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const clientCounts = values.clients.split(',').map(Number);
const opsPerCell = Number(values.ops);
const scenarioNames = values.scenarios.split(',');

const urlFor = (db: string) => {
  const u = new URL(values.url);
  u.pathname = `/${db}`;
  return u.toString();
};

async function query<T = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

async function ensureDatabase(name: string) {
  const exists = await query(values.url, 'select 1 from pg_database where datname = $1', [name]);
  if (exists.length === 0) await query(values.url, `create database ${name}`);
}

// ------------------------------------------------------------------------------------------------
// CPU and memory from /proc

const TICK_MS = 10; // CLK_TCK is 100 on Linux x86_64

interface Proc {
  pid: number;
  pgid: number;
  ticks: number;
  cmd: string;
}
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({
        pid: Number(entry),
        pgid: Number(fields[2]),
        ticks: Number(fields[11]) + Number(fields[12]),
        cmd,
      });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}
/** CPU ticks per pid of the server's processes (its process group) and of the database's backends. */
function cpuSample(pgid: number, db: string): { server: Map<number, number>; database: Map<number, number> } {
  const all = processes();
  return {
    server: new Map(all.filter((p) => p.pgid === pgid).map((p) => [p.pid, p.ticks])),
    database: new Map(
      all
        .filter((p) => p.cmd.startsWith('postgres:') && p.cmd.includes(` ${db} `))
        .map((p) => [p.pid, p.ticks]),
    ),
  };
}
const delta = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, t]) => sum + t - (before.get(pid) ?? 0), 0) * TICK_MS;
/** PSS in MiB of the server's worker processes (the largest one) and of all its processes. */
function serverPss(pgid: number): { worker: number; all: number } {
  let all = 0;
  let worker = 0;
  for (const p of processes().filter((x) => x.pgid === pgid)) {
    try {
      const kb = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p.pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      all += kb / 1024;
      if (p.cmd.includes('worker.ts')) worker = Math.max(worker, kb / 1024);
    } catch {
      // ended
    }
  }
  return { worker, all };
}

// ------------------------------------------------------------------------------------------------
// Load

interface Result {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  serverMs: number;
  databaseMs: number;
  firstError: string | null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Req {
  method: string;
  path: string;
  token: string;
  body?: unknown;
}

function sender(base: string, clients: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const target = new URL(base);
  const send = (r: Req) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const body = r.body === undefined ? undefined : JSON.stringify(r.body);
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: r.method,
          path: r.path,
          headers: {
            Authorization: `Bearer ${r.token}`,
            ...(body
              ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/**
 * Closed loop: `clients` workers take operations `0 … ops-1` in turn; `make(n)` gives operation n's
 * request. A warm-up of a tenth of the operations (not counted) comes first.
 */
async function load(
  base: string,
  clients: number,
  ops: number,
  make: (n: number) => Req,
  cpu: () => ReturnType<typeof cpuSample>,
  onOk: (n: number, text: string) => void = () => {},
): Promise<Result> {
  const { send, close } = sender(base, clients);
  const warm = Math.max(2 * clients, Math.floor(ops / 10));
  let next = 0;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let counting = false;
  const run = async (until: number) => {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let n = next++; n < until; n = next++) {
          const t0 = performance.now();
          const res = await send(make(n));
          if (res.status >= 200 && res.status < 300) {
            if (counting) latencies.push(performance.now() - t0);
            onOk(n, res.text);
          } else if (counting) {
            errors++;
            firstError ??= `${res.status} ${res.text.slice(0, 200)}`;
          }
        }
      }),
    );
    next = until;
  };
  await run(warm);
  counting = true;
  const before = cpu();
  const started = performance.now();
  await run(warm + ops);
  const elapsed = performance.now() - started;
  const after = cpu();
  close();
  const sorted = latencies.sort((a, b) => a - b);
  const done = sorted.length + errors;
  return {
    requests: sorted.length,
    errors,
    perSecond: (sorted.length / elapsed) * 1000,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    serverMs: delta(before.server, after.server) / done,
    databaseMs: delta(before.database, after.database) / done,
    firstError,
  };
}

/** Raw PostgreSQL: autocommitted single-row inserts from `clients` connections for 5 s. */
async function rawInsertRate(url: string, clients: number): Promise<number> {
  await query(
    url,
    'create table if not exists bench_raw_insert (id bigserial primary key, created_at timestamptz not null, payload text not null)',
  );
  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  let n = 0;
  const end = performance.now() + 5_000;
  const started = performance.now();
  await Promise.all(
    conns.map(async (c) => {
      while (performance.now() < end) {
        await c.query('insert into bench_raw_insert (created_at, payload) values (now(), $1)', [
          'Impossible de me connecter à Moodle depuis ce matin',
        ]);
        n++;
      }
    }),
  );
  const rate = (n / (performance.now() - started)) * 1000;
  await Promise.all(conns.map((c) => c.end()));
  await query(url, 'drop table bench_raw_insert');
  return rate;
}

/** Deletes the tickets created since `since`, with their timeline (append-only: triggers off). */
async function removeTicketsSince(url: string, since: Date) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('begin');
    await c.query('set local session_replication_role = replica');
    const ids = 'select id from ticket where created_at >= $1';
    await c.query(`delete from ticket_event where ticket_id in (${ids})`, [since]);
    await c.query(`delete from notification where ticket_id in (${ids})`, [since]);
    await c.query(`delete from provider_reference where ticket_id in (${ids})`, [since]);
    await c.query('delete from ticket where created_at >= $1', [since]);
    await c.query('delete from idempotency_record');
    await c.query('commit');
  } finally {
    await c.end();
  }
}

async function startServer(url: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []),
      'packages/api/src/server.ts',
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        GUICHET_DEMO: '0',
        GUICHET_RATE_LIMIT: '100000000',
        ...(values.workers ? { GUICHET_WORKERS: values.workers } : {}),
        ...(values.profile ? { GUICHET_CPU_PROF_DIR: values.profile } : {}),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group: the workers it forks are measured with it.
      detached: true,
    },
  );
  // The supervisor says "Guichet is listening" once its last worker listens.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not become ready')), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Guichet is listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error('server exited')));
  });
  child.stderr!.resume();
  return { base: `http://127.0.0.1:${port}`, child };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const rows: string[] = [];
const footnotes: string[] = [];

for (const size of sizes) {
  const db = `guichet_bench_${size >= 1_000_000 ? `${size / 1_000_000}m` : `${size / 1000}k`}`;
  const url = urlFor(db);
  await ensureDatabase(db);
  console.error(`${db}: seeding (kept between runs)…`);
  await seed(url, size);
  const startedAt = new Date();

  const guichet = await createGuichet({ database: { url }, scheduler: { enabled: false } });
  const token = async (person: string) =>
    (await guichet.tokens.create({ person, name: 'bench', scopes: ['read', 'write'] }, 'local')).token;
  const moderator = await token('moodle.moderation@insa-lyon.fr');
  const technician = await token('moodle.tech@insa-lyon.fr');
  await guichet.close();
  const requesters = (
    await query<{ email: string }>(
      url,
      "select email from person where email like 'demandeur%' order by email limit 500",
    )
  ).map((r) => r.email);
  const [{ ref: sample } = { ref: '' }] = await query<{ ref: string }>(
    url,
    "select t.reference as ref from ticket t join service s on s.id = t.service_id where s.code = 'moodle' order by t.created_at desc limit 1",
  );

  const { base, child } = await startServer(url);
  const pgid = child.pid!;
  const cpu = () => cpuSample(pgid, db);
  let peakPss = { worker: 0, all: 0 };
  const searches = ['vidéoprojecteur', 'examen en ligne', 'génération ODT'];
  for (const clients of clientCounts) {
    const writes = clients === 1 ? Math.ceil(opsPerCell / 4) : opsPerCell;
    const reads = writes * 2;
    // The write cells feed each other: created tickets get a note, then are assigned, then resolved.
    const created: string[] = [];
    const make: Record<
      string,
      { ops: number; req: (n: number) => Req; ok?: (n: number, text: string) => void }
    > = {
      create: {
        ops: writes,
        req: (n) => ({
          method: 'POST',
          path: '/v1/tickets',
          token: moderator,
          body: {
            service: 'moodle',
            title: `Cours ${n} inaccessible sur OpenINSA`,
            requester: requesters[n % requesters.length],
            description:
              'Depuis ce matin la page du cours affiche une erreur et les étudiants ne peuvent pas déposer.',
          },
        }),
        ok: (n, text) => {
          created[n] = JSON.parse(text).reference;
        },
      },
      comment: {
        ops: writes,
        req: (n) => ({
          method: 'POST',
          path: `/v1/tickets/${created[n]}/comments`,
          token: moderator,
          body: { body: `Note ${n} : journaux vérifiés, piste du cache.`, internal: true },
        }),
      },
      assign: {
        ops: writes,
        req: (n) => ({
          method: 'POST',
          path: `/v1/tickets/${created[n]}/actions/assign`,
          token: moderator,
          body: { type: 'incident', team: 'moodle-support', agent: 'moodle.tech@insa-lyon.fr' },
        }),
      },
      resolve: {
        ops: writes,
        req: (n) => ({
          method: 'POST',
          path: `/v1/tickets/${created[n]}/actions/resolve`,
          token: technician,
          body: { service: 'moodle', solution: 'Cache du cours vidé ; la page s’ouvre de nouveau.' },
        }),
      },
      get: {
        ops: reads,
        req: (n) => ({
          method: 'GET',
          path: `/v1/tickets/${created[n % Math.max(created.length, 1)] ?? sample}`,
          token: moderator,
        }),
      },
      queue: {
        ops: reads,
        req: () => ({
          method: 'GET',
          path: '/v1/tickets?service=moodle&status=new,assigned,pending&limit=20',
          token: moderator,
        }),
      },
      search: {
        ops: reads,
        req: (n) => ({
          method: 'GET',
          path: `/v1/tickets?q=${encodeURIComponent(searches[n % searches.length]!)}&limit=20`,
          token: moderator,
        }),
      },
    };
    for (const name of scenarioNames) {
      const cell = make[name];
      if (!cell) throw new Error(`unknown scenario ${name}`);
      console.error(`${db}: ${name}, ${clients} client(s), ${cell.ops} operations…`);
      const r = await load(base, clients, cell.ops, cell.req, cpu, cell.ok);
      const pss = serverPss(pgid);
      peakPss = { worker: Math.max(peakPss.worker, pss.worker), all: Math.max(peakPss.all, pss.all) };
      rows.push(
        `| ${size.toLocaleString('en')} | ${name} | ${clients} | ${fmt(r.perSecond, 0)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.serverMs, 2)} | ${fmt(r.databaseMs, 2)} | ${r.errors} |`,
      );
      if (r.firstError) console.error(`  first error: ${r.firstError}`);
    }
  }
  for (const clients of clientCounts) {
    console.error(`${db}: raw insert, ${clients} client(s)…`);
    rows.push(
      `| ${size.toLocaleString('en')} | raw PostgreSQL single-row INSERT (tx/s) | ${clients} | ${fmt(await rawInsertRate(url, clients), 0)} | | | | | | |`,
    );
  }
  footnotes.push(
    `${size.toLocaleString('en')} tickets: PSS under load: largest API worker ${fmt(peakPss.worker, 0)} MiB; all the server's processes, supervisor included, ${fmt(peakPss.all, 0)} MiB`,
  );
  process.kill(-pgid, 'SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await removeTicketsSince(url, startedAt);
}

console.log(
  '| tickets | operation | clients | req/s | p50 ms | p95 ms | p99 ms | server CPU ms/req | DB CPU ms/req | errors |',
);
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(r);
console.log();
for (const f of footnotes) console.log(`- ${f}`);
