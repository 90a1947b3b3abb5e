/**
 * A background task run on demand, at most one at a time: `kick()` starts it, or asks the running
 * one for one more round (what it must handle arrived meanwhile). Errors go to `onError`; whoever
 * kicks never waits. For passes that are safe to repeat (mail delivery, notification dispatch).
 */
export class Coalesced {
  readonly #run: () => Promise<void>;
  readonly #onError: (error: unknown) => void;
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;

  constructor(run: () => Promise<void>, onError: (error: unknown) => void) {
    this.#run = run;
    this.#onError = onError;
  }

  kick(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        try {
          await this.#run();
        } catch (error) {
          this.#onError(error);
        }
      } while (this.#again && !this.#closed);
    })().finally(() => {
      this.#running = null;
    });
  }

  /** Resolves when no round is running. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** No round starts after this; resolves once the running one ended. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.idle();
  }
}
