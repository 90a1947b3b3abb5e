import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * The client's address: the socket's peer, or behind a trusted reverse proxy the last address it
 * appended to X-Forwarded-For (earlier entries are whatever the client claimed). `local` for
 * in-process requests (tests).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For');
    const last = forwarded?.split(',').pop()?.trim();
    if (last) return last;
  }
  const env = c.env as { incoming?: IncomingMessage; server?: { incoming?: IncomingMessage } } | undefined;
  const incoming = env?.server?.incoming ?? env?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}

/**
 * Counts events per key in fixed windows, in this process's memory (bounded: the oldest keys go
 * first past `maxKeys`).
 */
export class FixedWindowCounter {
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #counts = new Map<string, { start: number; n: number }>();

  constructor(windowMs: number, maxKeys = 50_000) {
    this.#windowMs = windowMs;
    this.#maxKeys = maxKeys;
  }

  count(key: string): number {
    const entry = this.#counts.get(key);
    if (!entry || Date.now() - entry.start >= this.#windowMs) return 0;
    return entry.n;
  }

  add(key: string): void {
    const now = Date.now();
    const entry = this.#counts.get(key);
    if (entry && now - entry.start < this.#windowMs) {
      entry.n += 1;
      return;
    }
    this.#counts.delete(key);
    if (this.#counts.size >= this.#maxKeys) this.#counts.delete(this.#counts.keys().next().value!);
    this.#counts.set(key, { start: now, n: 1 });
  }

  /** Seconds until the key's window ends (at least 1). */
  secondsLeft(key: string): number {
    const entry = this.#counts.get(key);
    if (!entry) return 1;
    return Math.max(1, Math.ceil((entry.start + this.#windowMs - Date.now()) / 1000));
  }
}
