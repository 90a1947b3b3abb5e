import { EventEmitter } from 'node:events';
import pg from 'pg';

const CHANNEL = 'guichet_ticket_events';
type Log = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;

/**
 * Tells this process when any process appended to a timeline: a LISTEN connection on the channel
 * the `ticket_event` trigger NOTIFYs after each commit. Emits `appended` with the event id.
 * After a lost connection it reconnects and emits `appended` once, so listeners catch up from the
 * last id they saw: nothing committed meanwhile is missed.
 */
export class EventFeed extends EventEmitter<{ appended: [id: string] }> {
  readonly #url: string;
  readonly #log: Log;
  #client: pg.Client | null = null;
  #stopped = false;

  constructor(url: string, log: Log) {
    super();
    this.setMaxListeners(0);
    this.#url = url;
    this.#log = log;
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url });
    client.on('notification', (message) => {
      if (message.payload) this.emit('appended', message.payload);
    });
    const lost = (error?: unknown) => {
      if (this.#stopped || this.#client !== client) return;
      this.#client = null;
      this.#log('warn', 'event feed connection lost; reconnecting', { error: String(error ?? 'ended') });
      this.#retry();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    this.#client = client;
  }

  #retry(): void {
    setTimeout(() => {
      if (this.#stopped) return;
      this.start().then(
        () => this.emit('appended', '0'),
        () => this.#retry(),
      );
    }, 1_000).unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }
}
