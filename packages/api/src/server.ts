/**
 * `npm start` (and `guichet server start`): the supervisor. It starts the embedded PostgreSQL
 * (unless DATABASE_URL names a server), then GUICHET_WORKERS API worker processes (default: one per
 * core) that share one port through node:cluster (`worker.ts`). The first worker applies the
 * migrations, loads the demo catalogue and runs the scheduler's workers, before the others start.
 * The supervisor keeps the rate-limit counters its workers share, replaces a worker that dies, and
 * on SIGINT/SIGTERM stops the workers, then the embedded server. It loads neither the ORM nor the
 * HTTP app: it stays small beside its workers.
 *
 * What keeps the server from starting (configuration, data folder, database, port) is one line on
 * stderr and exit code 1.
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '@guichet/core/startup';
import { readEnv } from './env.ts';
import { serveCounters } from './lib/counters.ts';
import { createLogger } from './lib/logger.ts';
import { startupMessage, terminalLanguage } from './lib/start-up.ts';

const log = createLogger();

/**
 * V8 settings of the workers: a small young generation and a capped old one keep each heap near
 * what it uses (with Node's defaults a busy worker's heap grew to ~180 MiB for ~40 MiB live; see
 * docs/performance.md). GUICHET_WORKER_NODE_OPTIONS replaces them.
 */
const WORKER_FLAGS = (
  process.env.GUICHET_WORKER_NODE_OPTIONS ?? '--max-semi-space-size=2 --max-old-space-size=192'
)
  .split(/\s+/)
  .filter(Boolean);

/** A worker gave up starting: its reason is on stderr already. */
class WorkerFailed extends Error {}

let embedded: EmbeddedDatabase | null = null;
let stopping = false;
const counters = serveCounters();

/** Forks a worker with its part; resolves with its port once it listens. */
function fork(env: Record<string, string>, part: { migrate: boolean; scheduler: boolean }) {
  const worker = cluster.fork({
    ...env,
    GUICHET_WORKER_MIGRATE: part.migrate ? '1' : '0',
    GUICHET_WORKER_SCHEDULER: part.scheduler ? '1' : '0',
  });
  counters(worker);
  const ready = new Promise<number>((ok, fail) => {
    worker.on('message', (message: { guichet?: string; port?: number }) => {
      if (message?.guichet === 'ready') ok(Number(message.port));
    });
    worker.once('exit', () => fail(new WorkerFailed()));
  });
  return { worker, ready };
}

/** Keeps `worker` running: when it dies (not asked to), another takes its part. */
function supervise(worker: Worker, env: Record<string, string>, part: { scheduler: boolean }) {
  worker.once('exit', (code, signal) => {
    if (stopping) return;
    log('warn', 'worker died; starting another', { pid: worker.process.pid, code, signal });
    setTimeout(() => {
      if (stopping) return;
      const next = fork(env, { migrate: false, scheduler: part.scheduler });
      next.ready.catch(() => {});
      supervise(next.worker, env, part);
    }, 1_000).unref();
  });
}

async function start(): Promise<void> {
  // The whole environment is checked before anything starts (the workers read it again).
  const settings = readEnv();
  const workerCount = settings.GUICHET_WORKERS ?? availableParallelism();
  let url = settings.DATABASE_URL;
  if (!url) {
    const dataDir = resolve(settings.GUICHET_DATA_DIR);
    embedded = await startEmbeddedPostgres({ dataDir, create: true });
    url = embedded.url;
    log('info', 'embedded PostgreSQL started', { port: embedded.port, dataDir });
  }
  if (stopping) return;
  // The workers learn where the database is; demo data only where the embedded one is used.
  const env: Record<string, string> = {
    DATABASE_URL: url,
    GUICHET_DEMO: settings.GUICHET_DEMO ?? (embedded ? '1' : '0'),
  };
  cluster.setupPrimary({
    exec: fileURLToPath(new URL('./worker.ts', import.meta.url)),
    execArgv: [...process.execArgv, ...WORKER_FLAGS],
  });
  const first = fork(env, { migrate: true, scheduler: true });
  const port = await first.ready;
  supervise(first.worker, env, { scheduler: true });
  for (let i = 1; i < workerCount; i += 1) {
    if (stopping) return;
    const next = fork(env, { migrate: false, scheduler: false });
    await next.ready;
    supervise(next.worker, env, { scheduler: false });
  }
  if (stopping) return;
  log('info', 'Guichet is listening', {
    url: `http://${settings.HOST}:${port}`,
    database: embedded ? 'embedded' : 'external',
    workers: workerCount,
  });
  // Said once, by the supervisor: the workers would say it once each. The URL is never logged
  // (it carries the SMTP password).
  if (!settings.GUICHET_SMTP_URL) {
    log('warn', 'no GUICHET_SMTP_URL: email notifications are not sent; they wait in the outbox');
  }
}

/** Stops the workers (each finishes its requests and closes its pool), then the embedded server. */
async function stop(): Promise<void> {
  stopping = true;
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((done) => {
          if (w.isDead()) return done();
          w.once('exit', () => done());
          w.send({ guichet: 'stop' });
          // A worker that does not stop in time is stopped.
          setTimeout(() => w.process.kill('SIGKILL'), 20_000).unref();
        }),
    ),
  );
  await embedded?.stop();
}

// The signals are heard from the first moment: a stop asked while the server is still starting
// waits for the start to settle (no new worker is started meanwhile), then stops what did start,
// the embedded PostgreSQL included.
let signalled = false;
let started = false;
const startup = start().then(
  () => {
    started = !stopping;
  },
  async (error: unknown) => {
    const asked = stopping;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    await (embedded as EmbeddedDatabase | null)?.stop().catch(() => {});
    process.exitCode = 1;
    if (asked || error instanceof WorkerFailed) return;
    const message = startupMessage(error, terminalLanguage());
    if (message === null) throw error;
    process.stderr.write(`guichet: ${message}\n`);
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    stopping = true;
    log('info', 'stopping', { signal });
    startup
      .then(() => stop())
      .then(
        () => {
          log('info', 'stopped');
          process.exit(0);
        },
        (error: unknown) => {
          log('error', 'unclean stop', { error: String(error) });
          process.exit(1);
        },
      );
  });
}
await startup;

/** False when the server did not start (the reason is already on stderr). */
export { started };
