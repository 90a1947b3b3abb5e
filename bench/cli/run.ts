/**
 * CLI cold starts (not a test): wall time from spawning `guichet` to its exit, N runs each, with the
 * repository's Node 24 started directly on bin/run.js (what an installed `guichet` does) and through
 * `npx guichet` (npx's own start added):
 *
 *   - `guichet --version`
 *   - `guichet tickets list --json` against a local API server over 10 k tickets (a technician's
 *     default view: the newest 50 tickets they may see)
 *   - `guichet tui` in tmux (80×24): time to the first frame (the queue tabs drawn) and to the
 *     first full screen (the technician's tickets listed), polling the pane every 5 ms
 *
 *   npm run bench:cli                       # 10 runs each
 *   npm run bench:cli -- --runs 20
 *
 * The 10 k-ticket database is `guichet_bench_10k` on --url (seeded by bench/api/seed.ts if needed).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createGuichet } from '../../packages/core/src/index.ts';
import { freePort } from '../../packages/core/testing/index.ts';
import { seed } from '../api/seed.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    runs: { type: 'string', default: '10' },
  },
});
const runs = Number(values.runs);
const admin = new pg.Client({ connectionString: values.url });
await admin.connect();
if ((await admin.query("select 1 from pg_database where datname = 'guichet_bench_10k'")).rowCount === 0) {
  await admin.query('create database guichet_bench_10k');
}
await admin.end();
const dbUrl = new URL(values.url);
dbUrl.pathname = '/guichet_bench_10k';
await seed(dbUrl.toString(), 10_000);

const guichet = await createGuichet({ database: { url: dbUrl.toString() }, scheduler: { enabled: false } });
const token = (
  await guichet.tokens.create(
    { person: 'tech1.moodle-support@groupe-insa.fr', name: 'bench', scopes: ['read'] },
    'local',
  )
).token;
await guichet.close();

const port = await freePort();
const server = spawn(process.execPath, ['packages/api/src/server.ts'], {
  env: {
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    PORT: String(port),
    GUICHET_DEMO: '0',
    LOG_LEVEL: 'warn',
  },
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; !(await fetch(`${base}/readyz`).catch(() => null))?.ok; i++) {
  if (i > 100) throw new Error('server did not become ready');
  await new Promise((r) => setTimeout(r, 200));
}

const env = { ...process.env, GUICHET_URL: base, GUICHET_TOKEN: token, GUICHET_CONFIG_DIR: '/nonexistent' };
function time(command: string, args: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    const r = spawnSync(command, args, { env, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
    if (i > 0) out.push(ms); // the first run warms the file cache
  }
  return out.sort((a, b) => a - b);
}
const stat = (xs: number[]) => ({ median: xs[Math.floor(xs.length / 2)]!, max: xs[xs.length - 1]! });
const cases: [string, string, string[]][] = [
  ['guichet --version', process.execPath, ['packages/cli/bin/run.js', '--version']],
  ['npx guichet --version', 'npx', ['guichet', '--version']],
  [
    'guichet tickets list --json (10 k)',
    process.execPath,
    ['packages/cli/bin/run.js', 'tickets', 'list', '--json'],
  ],
  ['npx guichet tickets list --json (10 k)', 'npx', ['guichet', 'tickets', 'list', '--json']],
];
console.log('| command | runs | median ms | max ms |');
console.log('| --- | ---: | ---: | ---: |');
try {
  for (const [name, command, args] of cases) {
    const s = stat(time(command, args));
    console.log(`| \`${name}\` | ${runs} | ${s.median.toFixed(0)} | ${s.max.toFixed(0)} |`);
  }
  const first: number[] = [];
  const full: number[] = [];
  const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
  for (let i = 0; i < runs + 1; i++) {
    const session = `bench-tui-${process.pid}-${i}`;
    const t0 = performance.now();
    tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '80',
      '-y',
      '24',
      'env',
      `GUICHET_URL=${base}`,
      `GUICHET_TOKEN=${token}`,
      'GUICHET_CONFIG_DIR=/nonexistent',
      process.execPath,
      'packages/cli/bin/run.js',
      'tui',
    );
    let firstAt = 0;
    for (;;) {
      const pane = tmux('capture-pane', '-p', '-t', session);
      const now = performance.now() - t0;
      if (!firstAt && pane.includes('Mes tickets (')) firstAt = now;
      if (/^> GU-/m.test(pane)) {
        if (i > 0) {
          first.push(firstAt || now);
          full.push(now);
        }
        break;
      }
      if (now > 20_000) throw new Error(`the TUI did not show tickets:\n${pane}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    tmux('kill-session', '-t', session);
  }
  for (const [name, xs] of [
    ['guichet tui: first frame', first],
    ['guichet tui: tickets listed (10 k)', full],
  ] as const) {
    const s = stat(xs.sort((a, b) => a - b));
    console.log(`| \`${name}\` | ${runs} | ${s.median.toFixed(0)} | ${s.max.toFixed(0)} |`);
  }
} finally {
  server.kill('SIGTERM');
}
