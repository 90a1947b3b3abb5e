/**
 * API benchmark (not a test): the real server (`packages/api/src/server.ts`) in its own process on
 * a PostgreSQL server, loaded over loopback HTTP by closed-loop clients (each sends its next request
 * when the previous answer has arrived), at 10 k and 1 M tickets, 1 and 16 clients:
 *
 *   - POST /v1/tickets                  a requester opens a ticket
 *   - GET /v1/tickets?queue=unassigned  a moderator's queue (6 services)
 *   - GET /v1/tickets?queue=mine        a technician's own tickets
 *   - GET /v1/tickets?q=…               full-text search by a functional admin (every ticket)
 *
 * and, in the same run, the raw PostgreSQL single-row insert-transaction rate with as many clients,
 * for scale. Prints a Markdown table (requests/s, p50/p95/p99 latency, errors) and the server's
 * peak RSS.
 *
 *   npm run bench:api                                       # 10 k and 1 M tickets, 10 s per cell
 *   npm run bench:api -- --sizes 10000 --duration 5
 *   npm run bench:api -- --url postgres://postgres@127.0.0.1:5432   # the server to use (default)
 *
 * Databases `guichet_bench_<size>` are seeded once (bench/api/seed.ts) and kept; the tickets the
 * POST cells create are deleted after each size so reruns measure the same data.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
    clients: { type: 'string', default: '1,16' },
    duration: { type: 'string', default: '10' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const clientCounts = values.clients.split(',').map(Number);
const durationMs = Number(values.duration) * 1000;

const urlFor = (db: string) => {
  const u = new URL(values.url);
  u.pathname = `/${db}`;
  return u.toString();
};

async function query(url: string, sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

async function ensureDatabase(name: string) {
  const exists = await query(values.url, 'select 1 from pg_database where datname = $1', [name]);
  if (exists.length === 0) await query(values.url, `create database ${name}`);
}

interface Result {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarise(latencies: number[], errors: number, elapsedMs: number): Result {
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requests: sorted.length,
    errors,
    perSecond: (sorted.length / elapsedMs) * 1000,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

/** Closed-loop load: `clients` workers each sending one request at a time for `durationMs`. */
async function load(
  base: string,
  clients: number,
  make: (n: number) => { method: string; path: string; token: string; body?: string },
): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const target = new URL(base);
  const once = (n: number) =>
    new Promise<number>((resolve, reject) => {
      const r = make(n);
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: r.method,
          path: r.path,
          headers: {
            Authorization: `Bearer ${r.token}`,
            ...(r.body
              ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(r.body) }
              : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(r.body);
    });
  // Warm-up: a second of the same load, not counted.
  const run = async (ms: number, record: boolean) => {
    const latencies: number[] = [];
    let errors = 0;
    let n = 0;
    const end = performance.now() + ms;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < end) {
          const t0 = performance.now();
          const status = await once(n++);
          if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
          else errors++;
        }
      }),
    );
    return record ? summarise(latencies, errors, performance.now() - started) : null;
  };
  await run(1000, false);
  const result = (await run(durationMs, true))!;
  agent.destroy();
  return result;
}

/** Raw PostgreSQL: autocommitted single-row inserts from `clients` connections. */
async function rawInsertRate(url: string, clients: number): Promise<Result> {
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
  const latencies: number[] = [];
  const end = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    conns.map(async (c) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await c.query('insert into bench_raw_insert (created_at, payload) values (now(), $1)', [
          'Impossible de me connecter à Moodle depuis ce matin',
        ]);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const result = summarise(latencies, 0, performance.now() - started);
  await Promise.all(conns.map((c) => c.end()));
  await query(url, 'drop table bench_raw_insert');
  return result;
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
    await c.query('delete from ticket where created_at >= $1', [since]);
    await c.query('commit');
  } finally {
    await c.end();
  }
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const rows: string[] = [];
const row = (size: number, name: string, clients: number, r: Result) =>
  rows.push(
    `| ${size.toLocaleString('en')} | ${name} | ${clients} | ${fmt(r.perSecond, 0)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.errors} |`,
  );
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
  // A requester of the seed (their mail domain is their establishment's, see seed.ts).
  const [{ email: requesterEmail }] = await query(
    url,
    "select email from person where email like 'demandeur1@%'",
  );
  const requester = await token(requesterEmail);
  const moderator = await token('moderation@groupe-insa.fr');
  const technician = await token('tech1.moodle-support@groupe-insa.fr');
  const admin = await token('admin@groupe-insa.fr');
  await guichet.close();

  const port = await freePort();
  const server = spawn(process.execPath, ['packages/api/src/server.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      GUICHET_DEMO: '0',
      GUICHET_RATE_LIMIT: '100000000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/readyz`).catch(() => null))?.ok) break;
    if (i > 100) throw new Error('server did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }

  const searches = ['vidéoprojecteur', 'examen en ligne', 'génération ODT'];
  const scenarios: [string, (n: number) => { method: string; path: string; token: string; body?: string }][] =
    [
      [
        'POST /v1/tickets',
        (n) => ({
          method: 'POST',
          path: '/v1/tickets',
          token: requester,
          body: JSON.stringify({
            title: `Le bot ne répond plus (${n})`,
            description:
              'Depuis ce matin, le bot du groupe ne répond plus aux questions sur les inscriptions.',
            service: 'bot',
          }),
        }),
      ],
      [
        'GET ?queue=unassigned (moderator)',
        () => ({ method: 'GET', path: '/v1/tickets?queue=unassigned', token: moderator }),
      ],
      [
        'GET ?queue=mine (technician)',
        () => ({ method: 'GET', path: '/v1/tickets?queue=mine', token: technician }),
      ],
      [
        'GET ?q=… (admin, all tickets)',
        (n) => ({
          method: 'GET',
          path: `/v1/tickets?q=${encodeURIComponent(searches[n % searches.length]!)}`,
          token: admin,
        }),
      ],
    ];
  for (const [name, make] of scenarios) {
    for (const clients of clientCounts) {
      console.error(`${db}: ${name}, ${clients} client(s)…`);
      row(size, name, clients, await load(base, clients, make));
    }
  }
  for (const clients of clientCounts) {
    console.error(`${db}: raw insert, ${clients} client(s)…`);
    row(size, 'raw PostgreSQL single-row INSERT (tx/s)', clients, await rawInsertRate(url, clients));
  }
  footnotes.push(
    `${size.toLocaleString('en')} tickets: server peak RSS ${fmt(peakRssMiB(server.pid!), 0)} MiB`,
  );
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  // Leave the seeded data as it was for the next run: drop what the POST cells created.
  await removeTicketsSince(url, startedAt);
}

console.log('| tickets | scenario | clients | req/s | p50 ms | p95 ms | p99 ms | errors |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(r);
console.log();
for (const f of footnotes) console.log(`- ${f}`);
