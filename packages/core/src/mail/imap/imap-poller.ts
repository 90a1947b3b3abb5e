import { EventEmitter } from 'node:events';
import { ImapFlow } from 'imapflow';
import pg from 'pg';
import type { CoreHooks } from '../../config.ts';
import {
  type ImapConfig,
  type ImapEndpoint,
  type ImapMailboxConfig,
  parseImapUrl,
  redactImapUrl,
} from './imap-config.ts';

/**
 * What the poller hands each message to: the inbound mail gateway's `ingest`. It must be idempotent
 * by mailbox and Message-ID (a message is handed over again after a crash between `ingest` and the
 * `\Seen` flag), and throw only when it could not record the message.
 */
export type Ingest = (raw: Buffer, opts: { mailbox: string }) => Promise<{ decision: string }>;

type Log = NonNullable<CoreHooks['log']>;

/** The poller's settings: `mail.imap` without the list of mailboxes. */
export type ImapPollerSettings = Omit<ImapConfig, 'mailboxes'>;

/** Where a poller is: what the `status` event reports. */
export type ImapPollerStatus =
  /** Another process holds this mailbox's lock (or none could be asked yet): this one stands by. */
  | 'standby'
  | 'connecting'
  /** Connected, in IDLE: the server tells of new mail. */
  | 'idle'
  /** Connected to a server without IDLE: it is asked again every `pollIntervalSeconds`. */
  | 'polling'
  /** Waiting before reconnecting after an error. */
  | 'backoff'
  | 'stopped';

export interface ImapPollerEvents {
  status: [status: ImapPollerStatus];
  /** A message was ingested, then flagged `\Seen` (and moved to the processed folder). */
  ingested: [event: { mailbox: string; uid: number; decision: string }];
  /** A search of the folder: how many messages wait (unseen, not set aside). */
  round: [event: { mailbox: string; unseen: number }];
  /** `ingest` threw: the message stays unseen; `setAside` once it will not be tried again. */
  failed: [event: { mailbox: string; uid: number; attempts: number; setAside: boolean; error: string }];
}

export interface ImapPollerOptions {
  mailbox: ImapMailboxConfig;
  /** The database whose advisory lock elects the one process that reads this mailbox. */
  databaseUrl: string;
  ingest: Ingest;
  settings: ImapPollerSettings;
  log?: Log;
}

/**
 * Keyword put on a message whose ingest failed `maxAttempts` times (or that is too large): it stays
 * unseen, in its folder, visible in a mail client, and is not tried again until someone removes the
 * keyword.
 */
export const SET_ASIDE_KEYWORD = '$GuichetFailed';

/** First key of the two-key advisory locks (`'GUIC'`): keeps them apart from any other lock. */
const LOCK_NAMESPACE = 0x47554943;
const TRY_LOCK = 'select pg_try_advisory_lock($1, hashtext(lower($2))) as locked';
/** Grace given to a graceful stop (finish the message in hand, LOGOUT) before connections are cut. */
const STOP_GRACE_MS = 5_000;

class Stopped extends Error {}
class LockLost extends Error {}

/** One line for a log: an error's code, the server's response and message, never a credential. */
function describe(error: unknown): string {
  const e = error as { code?: string; serverResponseCode?: string; responseText?: string; message?: string };
  const parts = [e.code, e.serverResponseCode, e.responseText ?? e.message].filter(Boolean);
  return (parts.join(' ') || String(error)).replace(/\s+/g, ' ').slice(0, 500);
}

/** A timer that `wake()` ends early; a wake while nobody waits is kept for the next `wait`. */
class Waker {
  #pending = false;
  #resolve: (() => void) | null = null;

  wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#resolve = null;
        resolve();
      }
      this.#resolve = done;
    });
  }

  wake(): void {
    if (this.#resolve) this.#resolve();
    else this.#pending = true;
  }

  /** Forgets a wake that nobody waited for (the round it asked for is about to run anyway). */
  clear(): void {
    this.#pending = false;
  }
}

/**
 * Reads one mailbox over IMAP and hands every new message to `ingest`, at least once:
 * - only the process holding the mailbox's PostgreSQL advisory lock (session level, on a connection
 *   of its own) reads it; when that process dies its connection closes, the lock is released, and a
 *   standing-by process takes it within `lockRetrySeconds`;
 * - unseen messages are taken in UID order; a message is flagged `\Seen` (and moved to the processed
 *   folder) only after `ingest` resolved, so a crash in between hands it over again, and the
 *   gateway answers `duplicate`;
 * - a message whose ingest throws stays unseen and is tried again later with backoff; after
 *   `maxAttempts` it is set aside (keyword `$GuichetFailed`) and logged as an error;
 * - IDLE where the server offers it, else a poll every `pollIntervalSeconds`; any error closes the
 *   connection and a new one is made with exponential backoff (a refused login too, logged as such).
 * The password of the URL is only ever given to the IMAP client: logs name `redactImapUrl(url)`.
 */
export class ImapPoller extends EventEmitter<ImapPollerEvents> {
  readonly #mailbox: ImapMailboxConfig;
  readonly #endpoint: ImapEndpoint;
  readonly #server: string;
  readonly #databaseUrl: string;
  readonly #ingest: Ingest;
  readonly #settings: ImapPollerSettings;
  readonly #log: Log;
  readonly #waker = new Waker();
  /** Failed ingests of messages still unseen, by `uidValidity:uid`. */
  readonly #failures = new Map<string, { attempts: number; nextAt: number }>();
  /** Messages set aside on a server that refuses keywords (elsewhere the keyword itself says it). */
  readonly #setAside = new Set<string>();
  #status: ImapPollerStatus = 'stopped';
  #running: Promise<void> | null = null;
  #stopping = false;
  #lockLost = false;
  #lockClient: pg.Client | null = null;
  #imap: ImapFlow | null = null;

  constructor(options: ImapPollerOptions) {
    super();
    const endpoint = parseImapUrl(options.mailbox.url);
    if (!endpoint) throw new TypeError(`not an IMAP URL for ${options.mailbox.mailbox}`);
    this.#mailbox = options.mailbox;
    this.#endpoint = endpoint;
    this.#server = redactImapUrl(options.mailbox.url);
    this.#databaseUrl = options.databaseUrl;
    this.#ingest = options.ingest;
    this.#settings = options.settings;
    this.#log = options.log ?? (() => {});
  }

  /** The mailbox address this poller reads for. */
  get mailbox(): string {
    return this.#mailbox.mailbox;
  }

  get status(): ImapPollerStatus {
    return this.#status;
  }

  /** Starts reading in the background and returns at once. Calling it again while running does nothing. */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#run().finally(() => {
      this.#running = null;
      this.#setStatus('stopped');
    });
  }

  /**
   * Ends IDLE, logs out and closes both connections (the lock is released with its connection).
   * A message being ingested is finished first (and flagged); connections still busy after a few
   * seconds are cut. Safe to call twice.
   */
  async stop(): Promise<void> {
    const running = this.#running;
    if (!running) return;
    this.#stopping = true;
    this.#waker.wake();
    const force = setTimeout(() => {
      this.#imap?.close();
      this.#lockClient?.end().catch(() => {});
    }, STOP_GRACE_MS);
    try {
      await running;
    } finally {
      clearTimeout(force);
    }
  }

  #setStatus(status: ImapPollerStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.emit('status', status);
  }

  #data(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { mailbox: this.#mailbox.mailbox, server: this.#server, ...extra };
  }

  #backoffMs(failures: number): number {
    const { reconnectBaseSeconds, reconnectMaxSeconds } = this.#settings;
    const seconds = Math.min(reconnectMaxSeconds, reconnectBaseSeconds * 2 ** Math.max(0, failures - 1));
    // Jitter, so that processes cut off together do not all come back at the same instant.
    return Math.round(seconds * 1000 * (0.75 + Math.random() * 0.25));
  }

  async #sleep(ms: number): Promise<void> {
    await this.#waker.wait(ms);
    if (this.#stopping) throw new Stopped();
  }

  async #run(): Promise<void> {
    let failures = 0;
    let holding = false;
    while (!this.#stopping) {
      try {
        holding = false;
        const client = await this.#connectLock();
        try {
          await this.#waitForLock(client);
          failures = 0;
          holding = true;
          await this.#serve(client);
        } finally {
          this.#lockClient = null;
          await Promise.race([client.end().catch(() => {}), delay(STOP_GRACE_MS)]);
        }
      } catch (error) {
        if (this.#stopping || error instanceof Stopped) break;
        if (error instanceof LockLost) {
          // Holding the lock, it stopped reading at once: another process may hold the lock now.
          const message = holding
            ? 'IMAP poller lost its database connection, and with it the mailbox lock'
            : 'IMAP poller lost its database connection while standing by';
          this.#log('warn', message, this.#data());
          continue;
        }
        failures += 1;
        const wait = this.#backoffMs(failures);
        this.#log('warn', 'IMAP poller cannot reach the database for its lock; retrying', {
          ...this.#data(),
          error: describe(error),
          retryInSeconds: wait / 1000,
        });
        this.#setStatus('backoff');
        try {
          await this.#sleep(wait);
        } catch {
          break;
        }
      }
    }
  }

  async #connectLock(): Promise<pg.Client> {
    this.#lockLost = false;
    const timeout = this.#settings.timeoutSeconds * 1000;
    const client = new pg.Client({
      connectionString: this.#databaseUrl,
      application_name: 'guichet-imap-lock',
      keepAlive: true,
      connectionTimeoutMillis: timeout,
      query_timeout: timeout,
    });
    const lost = () => {
      // Only the connection in use counts: the end of one closed on purpose is no loss.
      if (this.#lockClient !== client) return;
      this.#lockLost = true;
      this.#waker.wake();
    };
    client.on('error', lost);
    client.on('end', lost);
    this.#lockClient = client;
    await client.connect();
    return client;
  }

  /** Takes the mailbox's advisory lock, asking again every `lockRetrySeconds` while another process holds it. */
  async #waitForLock(client: pg.Client): Promise<void> {
    let told = false;
    while (true) {
      const { rows } = await client.query<{ locked: boolean }>(TRY_LOCK, [
        LOCK_NAMESPACE,
        this.#mailbox.mailbox,
      ]);
      if (rows[0]?.locked) {
        this.#log('info', 'IMAP mailbox lock taken: this process reads the mailbox', this.#data());
        return;
      }
      if (!told) {
        this.#log('info', 'IMAP mailbox read by another process; standing by', this.#data());
        told = true;
      }
      this.#setStatus('standby');
      await this.#sleep(this.#settings.lockRetrySeconds * 1000);
      if (this.#lockLost) throw new LockLost();
    }
  }

  /** While holding the lock: IMAP sessions, reconnected with backoff, until stopped or the lock is lost. */
  async #serve(lock: pg.Client): Promise<void> {
    let failures = 0;
    while (true) {
      if (this.#stopping) throw new Stopped();
      if (this.#lockLost) throw new LockLost();
      try {
        await this.#session(lock, () => {
          failures = 0;
        });
      } catch (error) {
        if (this.#stopping || error instanceof Stopped) throw new Stopped();
        if (this.#lockLost || error instanceof LockLost) throw new LockLost();
        failures += 1;
        const wait = this.#backoffMs(failures);
        const refused = (error as { authenticationFailed?: boolean }).authenticationFailed === true;
        if (refused) {
          this.#log(
            'error',
            'IMAP login refused: check the user and password of this mailbox in GUICHET_IMAP',
            {
              ...this.#data(),
              error: describe(error),
              retryInSeconds: wait / 1000,
            },
          );
        } else {
          this.#log('warn', 'IMAP connection failed; reconnecting', {
            ...this.#data(),
            error: describe(error),
            retryInSeconds: wait / 1000,
          });
        }
        this.#setStatus('backoff');
        await this.#sleep(wait);
      }
    }
  }

  /** One IMAP connection: returns only by throwing (stopped, lock lost, or an error). */
  async #session(lock: pg.Client, healthy: () => void): Promise<never> {
    this.#setStatus('connecting');
    const endpoint = this.#endpoint;
    const timeout = this.#settings.timeoutSeconds * 1000;
    const client = new ImapFlow({
      host: endpoint.host,
      port: endpoint.port,
      secure: endpoint.secure,
      doSTARTTLS: endpoint.requireStartTls ? true : undefined,
      auth: { user: endpoint.user, pass: endpoint.password },
      clientInfo: { name: 'Guichet' },
      // The poller decides when to IDLE: right after each round, not after a quiet spell.
      disableAutoIdle: true,
      logger: false,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      maxLiteralSize: this.#settings.maxMessageBytes + 64 * 1024,
    });
    let failure: Error | null = null;
    client.on('error', (error: Error) => {
      failure = error;
      this.#waker.wake();
    });
    client.on('close', () => this.#waker.wake());
    client.on('exists', (event) => {
      if (event.count > event.prevCount) this.#waker.wake();
    });
    this.#imap = client;
    try {
      await client.connect();
      const box = await client.mailboxOpen(endpoint.folder);
      if (this.#mailbox.processedFolder) await ensureFolder(client, this.#mailbox.processedFolder);
      const idle = client.capabilities.has('IDLE');
      const keywords = box.permanentFlags
        ? box.permanentFlags.has('\\*') || box.permanentFlags.has(SET_ASIDE_KEYWORD)
        : false;
      this.#log('info', 'IMAP mailbox connected', { ...this.#data(), idle });
      healthy();
      while (true) {
        if (this.#stopping) throw new Stopped();
        if (this.#lockLost) throw new LockLost();
        if (failure || !client.usable) throw failure ?? new Error('connection closed by the server');
        // A dead lock connection must stop this process reading before another one takes over.
        await lock.query('select 1');
        this.#waker.clear();
        if (!idle) await client.noop();
        await this.#round(client, box.uidValidity, keywords);
        if (this.#stopping) throw new Stopped();
        let wait = (idle ? this.#settings.idleRefreshSeconds : this.#settings.pollIntervalSeconds) * 1000;
        const nextRetry = Math.min(...[...this.#failures.values()].map((f) => f.nextAt));
        if (Number.isFinite(nextRetry)) wait = Math.min(wait, Math.max(0, nextRetry - Date.now()));
        if (idle) {
          // IDLE ends when the next round sends its first command, or earlier when imapflow breaks it
          // for a keep-alive of its own: then a round now restarts it (not for the round's own break).
          let waiting = true;
          client.idle().then(
            () => waiting && this.#waker.wake(),
            () => waiting && this.#waker.wake(),
          );
          this.#setStatus('idle');
          await this.#waker.wait(wait);
          waiting = false;
        } else {
          this.#setStatus('polling');
          await this.#waker.wait(wait);
        }
      }
    } finally {
      this.#imap = null;
      if (client.usable) await Promise.race([client.logout().catch(() => {}), delay(STOP_GRACE_MS)]);
      client.close();
    }
  }

  /** Ingests the folder's unseen messages in UID order, each flagged (and moved) once ingested. */
  async #round(client: ImapFlow, uidValidity: bigint, keywords: boolean): Promise<void> {
    const { maxMessageBytes, maxAttempts, retryBaseSeconds } = this.#settings;
    const unseen = keywords ? { seen: false, unKeyword: SET_ASIDE_KEYWORD } : { seen: false };
    const key = (uid: number) => `${uidValidity}:${uid}`;
    // With keywords, the search leaves set-aside messages out, and removing the keyword (by hand)
    // has a message tried again; without, this process remembers them.
    const setAside = async (uid: number) => {
      if (keywords) await client.messageFlagsAdd(String(uid), [SET_ASIDE_KEYWORD], { uid: true });
      else this.#setAside.add(key(uid));
    };
    const oversized = (await client.search({ ...unseen, larger: maxMessageBytes }, { uid: true })) || [];
    for (const uid of oversized) {
      if (this.#setAside.has(key(uid))) continue;
      await setAside(uid);
      this.#log('error', 'mail larger than maxMessageBytes set aside, left unseen', {
        ...this.#data(),
        uid,
        maxMessageBytes,
        keyword: keywords ? SET_ASIDE_KEYWORD : null,
      });
      this.emit('failed', { mailbox: this.mailbox, uid, attempts: 0, setAside: true, error: 'too large' });
    }
    const uids = ((await client.search(unseen, { uid: true })) || []).sort((a, b) => a - b);
    // Forget the failures of messages no longer waiting (read, moved or deleted by someone else, or
    // of a previous UIDVALIDITY): their retry times would otherwise keep waking the poller.
    const waiting = new Set(uids.map(key));
    for (const id of this.#failures.keys()) if (!waiting.has(id)) this.#failures.delete(id);
    this.emit('round', { mailbox: this.mailbox, unseen: uids.length });
    for (const uid of uids) {
      if (this.#stopping) return;
      if (this.#lockLost) throw new LockLost();
      const id = key(uid);
      if (this.#setAside.has(id)) continue;
      const failed = this.#failures.get(id);
      if (failed && failed.nextAt > Date.now()) continue;
      const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (message === false || !message.source) continue; // expunged meanwhile
      let outcome: { decision: string };
      try {
        outcome = await this.#ingest(message.source, { mailbox: this.#mailbox.mailbox });
      } catch (error) {
        const attempts = (failed?.attempts ?? 0) + 1;
        const error_ = describe(error);
        if (attempts >= maxAttempts) {
          this.#failures.delete(id);
          await setAside(uid);
          this.#log('error', 'mail set aside after repeated ingest failures, left unseen', {
            ...this.#data(),
            uid,
            attempts,
            error: error_,
            keyword: keywords ? SET_ASIDE_KEYWORD : null,
          });
        } else {
          const seconds = retryBaseSeconds * 2 ** (attempts - 1);
          this.#failures.set(id, { attempts, nextAt: Date.now() + seconds * 1000 });
          this.#log('warn', 'mail ingest failed; left unseen, tried again later', {
            ...this.#data(),
            uid,
            attempts,
            error: error_,
            retryInSeconds: seconds,
          });
        }
        this.emit('failed', {
          mailbox: this.mailbox,
          uid,
          attempts,
          setAside: attempts >= maxAttempts,
          error: error_,
        });
        continue;
      }
      this.#failures.delete(id);
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      if (this.#mailbox.processedFolder) {
        await client.messageMove(String(uid), this.#mailbox.processedFolder, { uid: true });
      }
      this.#log('info', 'mail ingested', { ...this.#data(), uid, decision: outcome.decision });
      this.emit('ingested', { mailbox: this.mailbox, uid, decision: outcome.decision });
    }
  }
}

/** Creates the folder unless the server already lists it. */
async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  const list = await client.list();
  if (list.some((m) => m.path === folder)) return;
  await client.mailboxCreate(folder);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
