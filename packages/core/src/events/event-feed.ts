import { EventEmitter } from 'node:events';
import pg from 'pg';

const CHANNEL = 'guichet_ticket_events';
const CREDENTIALS = 'guichet_credentials';
const CATALOGUE = 'guichet_catalogue';
const MAIL = 'guichet_mail';
const ANNOUNCEMENTS = 'guichet_announcements';
type Log = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;

/**
 * Tells this process what any process committed, through one LISTEN connection:
 * - `appended` (event id) when a timeline event is added (the `ticket_event` trigger);
 * - `credentials` (person id) when what a person's credentials allow changes: a token revoked, the
 *   person deactivated, a profile granted or revoked (see the security triggers migration);
 * - `catalogue` (table name) when services, teams, establishments, providers or routing rules change;
 * - `mail` when notifications were queued in the outbox (the mail delivery worker sends them);
 * - `announced` (event id) when an announcement's event is added (`/v1/events` streams them too).
 * After a lost connection it reconnects and emits `appended` '0', `credentials` '*' (and the others) once, so
 * listeners catch up and re-check: nothing committed meanwhile is missed.
 */
export class EventFeed extends EventEmitter<{
  appended: [id: string];
  credentials: [personId: string];
  catalogue: [table: string];
  mail: [];
  announced: [id: string];
}> {
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
      if (!message.payload) return;
      if (message.channel === CREDENTIALS) this.emit('credentials', message.payload);
      else if (message.channel === CATALOGUE) this.emit('catalogue', message.payload);
      else if (message.channel === MAIL) this.emit('mail');
      else if (message.channel === ANNOUNCEMENTS) this.emit('announced', message.payload);
      else this.emit('appended', message.payload);
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
    await client.query(`listen ${CREDENTIALS}`);
    await client.query(`listen ${CATALOGUE}`);
    await client.query(`listen ${MAIL}`);
    await client.query(`listen ${ANNOUNCEMENTS}`);
    this.#client = client;
  }

  #retry(): void {
    setTimeout(() => {
      if (this.#stopped) return;
      this.start().then(
        () => {
          this.emit('appended', '0');
          this.emit('credentials', '*');
          this.emit('catalogue', '*');
          this.emit('mail');
          this.emit('announced', '0');
        },
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
