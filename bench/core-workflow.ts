/**
 * Core workflow benchmark (not a test): creates N tickets and drives each through
 * assign → resolve → close through core's public API, on a fresh database.
 *
 *   npm run bench:core                                   # embedded PostgreSQL, 10,000 tickets
 *   npm run bench:core -- --server postgres://postgres@127.0.0.1:5432/postgres
 *   npm run bench:core -- --tickets 2000 --concurrency 1
 *
 * Prints tickets/s (full life cycles per second) and p50/p95 per transition, and peak RSS.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  applyCatalogue,
  createGuichet,
  DEMO_CATALOGUE,
  startEmbeddedPostgres,
} from '../packages/core/src/index.ts';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '4' },
    server: { type: 'string' },
  },
});
const total = Number(values.tickets);
const concurrency = Number(values.concurrency);

async function admin(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let cleanup: () => Promise<void>;
let url: string;
let where: string;
if (values.server) {
  const db = `guichet_bench_${randomBytes(4).toString('hex')}`;
  const adminUrl = new URL(values.server);
  await admin(adminUrl.toString(), `create database ${db}`);
  adminUrl.pathname = `/${db}`;
  url = adminUrl.toString();
  where = `server ${new URL(values.server).host}`;
  cleanup = () => admin(values.server!, `drop database ${db} with (force)`);
} else {
  const dir = await mkdtemp(join(tmpdir(), 'guichet-bench-'));
  const embedded = await startEmbeddedPostgres({ dataDir: dir, create: true });
  url = embedded.url;
  where = 'embedded PostgreSQL 18';
  cleanup = async () => {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

const guichet = await createGuichet({
  database: { url },
  scheduler: { enabled: false },
  poolSize: concurrency + 2,
});
await applyCatalogue(guichet.catalogue, DEMO_CATALOGUE);
const find = async (email: string) => ({
  personId: (await guichet.catalogue.upsertPerson({ email, displayName: email })).id,
});
const moderator = await find('moodle.moderation@insa-lyon.fr');
const tech = await find('moodle.tech@insa-lyon.fr');
const requester = await find('bench.requester@insa-lyon.fr');

const timings: Record<string, number[]> = { create: [], assign: [], resolve: [], close: [] };
async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  timings[name]!.push(performance.now() - start);
  return result;
}

let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200);

let next = 0;
async function worker() {
  while (next < total) {
    const i = next++;
    const t = await timed('create', () =>
      guichet.tickets.create(requester, {
        title: `Accès Moodle ${i}`,
        description: 'Page blanche après connexion',
        service: 'moodle',
      }),
    );
    await timed('assign', () =>
      guichet.tickets.act(moderator, t.reference, {
        action: 'assign',
        type: 'incident',
        team: 'moodle-support',
        agent: 'moodle.tech@insa-lyon.fr',
      }),
    );
    await timed('resolve', () =>
      guichet.tickets.act(tech, t.reference, {
        action: 'resolve',
        service: 'moodle',
        solution: 'Cache vidé',
      }),
    );
    await timed('close', () => guichet.tickets.act(moderator, t.reference, { action: 'close' }));
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
clearInterval(rssTimer);

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
console.log(`Guichet core workflow benchmark on ${where}, Node ${process.version}`);
console.log(`${total} tickets × (create, assign, resolve, close), concurrency ${concurrency}`);
console.log(
  `elapsed ${seconds.toFixed(1)} s: ${(total / seconds).toFixed(1)} tickets/s, ${((total * 4) / seconds).toFixed(1)} operations/s`,
);
console.log('operation   p50 ms   p95 ms   p99 ms');
for (const [name, xs] of Object.entries(timings)) {
  console.log(
    `${name.padEnd(10)} ${pct(xs, 50).toFixed(2).padStart(7)}  ${pct(xs, 95).toFixed(2).padStart(7)}  ${pct(xs, 99).toFixed(2).padStart(7)}`,
  );
}
console.log(`peak RSS of the benchmark process ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);

await guichet.close();
await cleanup();
