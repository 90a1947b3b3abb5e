import cluster, { type Worker } from 'node:cluster';
import type { Store } from 'hono-rate-limiter';
import type { AppEnv } from './app-env.ts';

/**
 * Request counters in fixed, clock-aligned windows (rate limits, failed authentications), shared by
 * every worker process of one server. In a cluster worker the reference count lives in the
 * supervisor (the cluster's primary): far from a limit, a worker counts locally and sends its counts
 * in batches every few milliseconds (no message per request); from half the limit on, every hit asks
 * the supervisor, so the limit itself holds exactly whichever worker a client's connections land on.
 * Outside a cluster the counts are this process's. Several servers on one database (several hosts)
 * each count their own share (docs/security.md).
 */
export interface Counters {
  /** Counts one hit for `key` in the current window of `windowMs`; the hits so far, and when the window ends. */
  hit(key: string, windowMs: number, limit: number): Promise<{ hits: number; resetAt: number }>;
  /** A store for hono-rate-limiter with this window and limit, counting through `hit`. */
  store(windowMs: number, limit: number): Store<AppEnv>;
}

const windowOf = (windowMs: number, now = Date.now()) => Math.floor(now / windowMs);

/** Counts per key and aligned window, in memory, bounded (the oldest keys go first). */
class Windows {
  readonly #counts = new Map<string, { window: number; hits: number }>();

  add(key: string, windowMs: number, n: number): number {
    const id = `${windowMs}:${key}`;
    const window = windowOf(windowMs);
    let entry = this.#counts.get(id);
    if (!entry || entry.window !== window) {
      this.#counts.delete(id);
      if (this.#counts.size >= 100_000) this.#counts.delete(this.#counts.keys().next().value!);
      entry = { window, hits: 0 };
      this.#counts.set(id, entry);
    }
    entry.hits += n;
    return entry.hits;
  }
}

function storeOver(counters: Pick<Counters, 'hit'>, windowMs: number, limit: number): Store<AppEnv> {
  return {
    async increment(key: string) {
      const { hits, resetAt } = await counters.hit(key, windowMs, limit);
      return { totalHits: hits, resetTime: new Date(resetAt) };
    },
    // A request that did not count (a skipped one) is not given back: the windows are short.
    decrement() {},
    resetKey() {},
    localKeys: false,
  };
}

/** Counters of this process alone. */
export function localCounters(): Counters {
  const windows = new Windows();
  const counters: Counters = {
    hit: async (key, windowMs) => ({
      hits: windows.add(key, windowMs, 1),
      resetAt: (windowOf(windowMs) + 1) * windowMs,
    }),
    store: (windowMs, limit) => storeOver(counters, windowMs, limit),
  };
  return counters;
}

/** Messages between workers and the supervisor. */
interface AddMessage {
  guichet: 'counter.add';
  id: number;
  windowMs: number;
  adds: [key: string, n: number][];
}
interface TotalsMessage {
  guichet: 'counter.totals';
  id: number;
  totals: number[];
}

/** How often a worker sends the hits it counted locally. */
const FLUSH_MS = 25;
/** From this share of the limit on, each hit is counted by the supervisor. */
const EXACT_FROM = 0.5;

/** In a cluster worker: counters whose reference is the supervisor's (see `serveCounters`). */
export function clusterCounters(): Counters {
  if (!cluster.isWorker || !process.send) return localCounters();
  const pending = new Map<number, (totals: number[]) => void>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    const m = message as Partial<TotalsMessage>;
    if (m?.guichet !== 'counter.totals' || typeof m.id !== 'number') return;
    pending.get(m.id)?.(m.totals ?? []);
    pending.delete(m.id);
  });
  const send = (windowMs: number, adds: [string, number][]) =>
    new Promise<number[]>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      process.send!({ guichet: 'counter.add', id, windowMs, adds } satisfies AddMessage);
    });
  /** What this worker knows of each key: the supervisor's last total, and hits not sent yet. */
  const known = new Map<string, { window: number; total: number; unsent: number }>();
  const entry = (key: string, windowMs: number) => {
    const id = `${windowMs}:${key}`;
    const window = windowOf(windowMs);
    let e = known.get(id);
    if (!e || e.window !== window) {
      known.delete(id);
      if (known.size >= 100_000) known.delete(known.keys().next().value!);
      e = { window, total: 0, unsent: 0 };
      known.set(id, e);
    }
    return e;
  };
  const windowsOf = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  const flush = async () => {
    timer = null;
    const batches = new Map<number, [string, number][]>();
    for (const [id, e] of known) {
      if (e.unsent === 0) continue;
      const windowMs = windowsOf.get(id)!;
      const key = id.slice(id.indexOf(':') + 1);
      if (!batches.has(windowMs)) batches.set(windowMs, []);
      batches.get(windowMs)!.push([key, e.unsent]);
      e.unsent = 0;
    }
    await Promise.all(
      [...batches].map(async ([windowMs, adds]) => {
        const totals = await send(windowMs, adds);
        adds.forEach(([key], i) => {
          const e = known.get(`${windowMs}:${key}`);
          if (e) e.total = Math.max(e.total, totals[i] ?? 0);
        });
      }),
    );
  };
  const counters: Counters = {
    async hit(key, windowMs, limit) {
      windowsOf.set(`${windowMs}:${key}`, windowMs);
      const e = entry(key, windowMs);
      const resetAt = (e.window + 1) * windowMs;
      if (e.total + e.unsent + 1 >= limit * EXACT_FROM) {
        // Near the limit: the supervisor counts this hit (with any not sent yet) and answers the total.
        const add = e.unsent + 1;
        e.unsent = 0;
        const [total = 0] = await send(windowMs, [[key, add]]);
        e.total = Math.max(e.total, total);
        return { hits: total, resetAt };
      }
      e.unsent += 1;
      timer ??= setTimeout(() => void flush(), FLUSH_MS);
      return { hits: e.total + e.unsent, resetAt };
    },
    store: (windowMs, limit) => storeOver(counters, windowMs, limit),
  };
  return counters;
}

/** In the supervisor: keeps the counts its workers send, and answers each with the totals. */
export function serveCounters(): (worker: Worker) => void {
  const windows = new Windows();
  return (worker) => {
    worker.on('message', (message: unknown) => {
      const m = message as Partial<AddMessage>;
      if (m?.guichet !== 'counter.add' || !Array.isArray(m.adds)) return;
      const windowMs = Number(m.windowMs);
      const totals = m.adds.map(([key, n]) => windows.add(String(key), windowMs, Number(n)));
      worker.send({ guichet: 'counter.totals', id: m.id!, totals } satisfies TotalsMessage);
    });
  };
}
