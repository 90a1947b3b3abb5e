/**
 * What one process remembers of what rarely changes (API tokens, people's grants, the catalogue),
 * so that a request does not re-read it. Everything is forgotten at once whenever any process
 * changes any of it: the database announces such changes (NOTIFY on `guichet_credentials` and
 * `guichet_catalogue`, see the migrations) to every process, and a process also forgets right
 * after its own change commits. Changes are rare (a grant, a revocation, a catalogue edit), so
 * forgetting everything keeps the rule simple and obviously right.
 *
 * A value read while a change commits must not be remembered: each read notes the cache's epoch
 * first and is stored only if no clear happened meanwhile. Entries also expire after `ttlMs`, a net
 * under the notifications (which a lost connection would miss; the feed clears on reconnect too).
 */
export class ProcessCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, { value: unknown; at: number }>();
  readonly #loading = new Map<string, Promise<unknown>>();
  #epoch = 0;

  constructor(ttlMs = 5 * 60_000, maxEntries = 50_000) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  /**
   * The remembered value of `key`, or the one `load` reads — remembered unless a clear intervened
   * or `keep` says not to (e.g. "no such token": not worth a place).
   */
  async get<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && Date.now() - hit.at < this.#ttlMs) return hit.value as T;
    const pending = this.#loading.get(key);
    if (pending) return pending as Promise<T>;
    const epoch = this.#epoch;
    const promise = load().then(
      (value) => {
        if (this.#epoch === epoch && keep(value)) {
          if (this.#entries.size >= this.#maxEntries)
            this.#entries.delete(this.#entries.keys().next().value!);
          this.#entries.set(key, { value, at: Date.now() });
        }
        if (this.#loading.get(key) === promise) this.#loading.delete(key);
        return value;
      },
      (error: unknown) => {
        if (this.#loading.get(key) === promise) this.#loading.delete(key);
        throw error;
      },
    );
    this.#loading.set(key, promise);
    return promise;
  }

  /** Forgets everything (and discards the reads in flight). */
  clear(): void {
    this.#epoch += 1;
    this.#entries.clear();
    this.#loading.clear();
  }

  /** Entries held now (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }
}
