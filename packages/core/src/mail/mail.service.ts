import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTransport, type Transporter } from 'nodemailer';
import type { CoreConfig, CoreHooks } from '../config.ts';
import { sql } from '../db/sql.ts';
import { inTransaction, withEm } from '../db/transaction.ts';
import { DomainError, fieldError } from '../errors.ts';
import { type Language, translate } from '../i18n/messages.ts';
import type { NotificationStatus } from '../notifications/notification.entity.ts';
import { type AdminActor, assertTechnicalAdmin, loadAdminAuthority } from '../people/authority.ts';
import type { Clock } from '../shared/clock.ts';
import { Coalesced } from '../shared/coalesced.ts';
import { backoffSeconds, buildMessage, type MessageSettings, type OutboxMessage } from './message.ts';

type MailConfig = CoreConfig['mail'];
type Log = NonNullable<CoreHooks['log']>;

/** What one delivery pass did. */
/** What the SMTP server said to a test message. */
export interface TestReport {
  messageId: string;
  response: string;
}

export interface DeliveryReport {
  sent: number;
  /** Refused or unreachable, tried again later. */
  retried: number;
  /** Given up on: `failed` (after `maxAttempts`, or a permanent refusal). */
  failed: number;
}

/** An outbox row as a technical admin sees it. */
export interface OutboxEntry {
  id: string;
  kind: string;
  status: NotificationStatus;
  recipient: string;
  reference: string | null;
  subject: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

interface ClaimedRow {
  id: string;
  ticket_id: string | null;
  reference: string | null;
  language: Language;
  subject: string;
  body: string;
  email: string;
  display_name: string;
  attempts: number;
}

interface OutboxRow {
  id: string;
  kind: string;
  status: NotificationStatus;
  email: string;
  reference: string | null;
  subject: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/*
 * Claims due rows: the row locks (skip locked) make concurrent workers take disjoint rows, and the
 * lease (next_attempt_at pushed forward) keeps them away after this short transaction commits, while
 * the SMTP conversation happens outside any transaction. The new attempt count is the claim's token.
 */
const CLAIM = `with due as (
    select id from notification where status = 'pending' and next_attempt_at <= $1
      order by next_attempt_at, id limit $3 for update skip locked
  ), claimed as (
    update notification n set attempts = n.attempts + 1, next_attempt_at = $2, updated_at = $1
      from due where n.id = due.id
      returning n.id, n.ticket_id, n.recipient_id, n.address, n.language, n.subject, n.body, n.attempts
  )
  select c.id, c.ticket_id, t.reference, c.language, c.subject, c.body,
         coalesce(p.email, c.address) as email, coalesce(p.display_name, '') as display_name, c.attempts
    from claimed c left join person p on p.id = c.recipient_id left join ticket t on t.id = c.ticket_id`;

/** Marks a claimed row sent, only if the claim is still ours (same attempt, still pending). */
const MARK_SENT = `update notification set status = 'sent', sent_at = $3, last_error = null, updated_at = $3
  where id = $1 and attempts = $2 and status = 'pending'`;

const MARK_FAILED = `update notification set status = $3, next_attempt_at = $4, last_error = $5, updated_at = $6
  where id = $1 and attempts = $2 and status = 'pending'`;

/** Hands a claimed row back untouched (this worker ran out of lease before trying it). */
const RELEASE = `update notification set attempts = attempts - 1, next_attempt_at = $3
  where id = $1 and attempts = $2 and status = 'pending'`;

// A message goes to its Person, or to a bare address (the gateway's refusal to a stranger).
const ENTRY = `select n.id, n.kind, n.status, coalesce(p.email, n.address) as email, t.reference, n.subject, n.attempts,
       n.next_attempt_at, n.last_error, n.created_at, n.sent_at
  from notification n left join person p on p.id = n.recipient_id left join ticket t on t.id = n.ticket_id`;
const OUTBOX = `${ENTRY} where n.status = any($1) order by n.created_at desc, n.id limit $2`;
const ONE = `${ENTRY} where n.id = $1`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The domain of an address such as `Guichet <guichet@insa-lyon.fr>`. */
function domainOf(address: string): string | null {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address);
  return match?.[1] ? match[1].toLowerCase() : null;
}

/**
 * An SMTP error in one line (the server's words and codes only). Permanent when the server refused
 * this message for good (5xx to RCPT TO or DATA: unknown mailbox, content refused); a refusal of
 * the login or the sender concerns every message, so it is retried like an outage.
 */
function describe(error: unknown): { text: string; permanent: boolean } {
  const e = error as {
    code?: string;
    responseCode?: number;
    response?: string;
    message?: string;
    command?: string;
  };
  const parts = [e.code, e.responseCode, e.response ?? e.message].filter((x) => x !== undefined && x !== '');
  const text = parts.join(' ').replace(/\s+/g, ' ').slice(0, 1_000) || String(error).slice(0, 1_000);
  const perMessage = e.command === 'RCPT TO' || e.command === 'DATA';
  return { text, permanent: perMessage && (e.responseCode ?? 0) >= 500 };
}

/**
 * Outbound email of the notification outbox. At least once, and once in normal operation:
 * - a worker claims due rows (skip locked + a lease), so concurrent workers in any number of
 *   processes never take the same row;
 * - a row is marked sent only after the SMTP server accepted the message; a crash in between sends
 *   it again after the lease, with the same Message-ID, so the duplicate is recognisable;
 * - a refusal or an unreachable server is retried with exponential backoff, and after
 *   `maxAttempts` (or at once for a permanent 5xx refusal) the row is dead-lettered as `failed`,
 *   with its last error, until a technical admin retries it.
 * Without an SMTP URL nothing is sent: rows wait in the outbox.
 */
export class MailService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #config: MailConfig;
  readonly #log: Log;
  readonly #transport: Transporter | null;
  readonly #settings: MessageSettings | null;
  readonly #runner: Coalesced;
  #closed = false;

  constructor(orm: MikroORM, clock: Clock, config: MailConfig, log: Log) {
    this.#orm = orm;
    this.#clock = clock;
    this.#config = config;
    this.#log = log;
    this.#runner = new Coalesced(
      async () => {
        await this.deliverDue();
      },
      (error) =>
        log('warn', 'mail delivery pass failed; the periodic pass retries', { error: String(error) }),
    );
    if (config.smtpUrl && config.from) {
      const ms = config.timeoutSeconds * 1_000;
      // Pooled: connections are kept open between messages (one SMTP handshake for many).
      this.#transport = createTransport({
        pool: true,
        maxConnections: 2,
        url: config.smtpUrl,
        connectionTimeout: ms,
        greetingTimeout: ms,
        socketTimeout: ms,
      });
      this.#settings = {
        from: config.from,
        domain: config.messageIdDomain ?? domainOf(config.from) ?? 'guichet.invalid',
        portalUrl: config.portalUrl,
      };
    } else {
      this.#transport = null;
      this.#settings = null;
    }
  }

  /** Whether an SMTP server is configured (otherwise notifications stay in the outbox). */
  get enabled(): boolean {
    return this.#transport !== null;
  }

  /** Sends every due message (claimed batch by batch) and reports what happened. */
  async deliverDue(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
    if (!this.#transport || !this.#settings) return report;
    for (;;) {
      const claimed = await this.#claim();
      if (claimed.rows.length === 0) break;
      let released = false;
      for (const [index, row] of claimed.rows.entries()) {
        if (this.#closed || this.#leaseRunningOut(claimed.at)) {
          // The rest goes back to the queue: claimed afresh (with a new lease) just below.
          await this.#release(claimed.rows.slice(index));
          released = true;
          break;
        }
        report[await this.#deliver(row)] += 1;
      }
      if (this.#closed) break;
      if (!released && claimed.rows.length < this.#config.batchSize) break;
    }
    if (report.sent + report.retried + report.failed > 0) this.#log('info', 'mail delivery', { ...report });
    return report;
  }

  /**
   * Starts a delivery pass in the background, or asks the running one for another round (a
   * notification was just queued). Errors are logged: the periodic pass tries again.
   */
  kick(): void {
    if (this.enabled) this.#runner.kick();
  }

  /** Resolves when no background pass is running (tests, shutdown). */
  async idle(): Promise<void> {
    await this.#runner.idle();
  }

  /** The outbox, newest first: pending and failed messages unless asked otherwise. Technical admins only. */
  async outbox(
    actor: AdminActor,
    query: { status?: NotificationStatus[]; limit?: number } = {},
  ): Promise<OutboxEntry[]> {
    return withEm(this.#orm, async (em) => {
      assertTechnicalAdmin(await loadAdminAuthority(em, actor));
      const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
      const rows = await sql<OutboxRow>(em, OUTBOX, [query.status ?? ['pending', 'failed'], limit]);
      return rows.map(toEntry);
    });
  }

  /**
   * Puts a failed message back in the queue with a fresh set of attempts (the last error stays
   * visible until the next attempt). Technical admins only. Only a `failed` message can be retried.
   */
  async retry(actor: AdminActor, id: string): Promise<OutboxEntry> {
    const entry = await inTransaction(this.#orm, async (em) => {
      assertTechnicalAdmin(await loadAdminAuthority(em, actor));
      const now = this.#clock.now();
      const updated = !UUID.test(id)
        ? []
        : await sql<{ id: string }>(
            em,
            `update notification set status = 'pending', attempts = 0, next_attempt_at = $2, updated_at = $2
          where id = $1 and status = 'failed' returning id`,
            [id, now],
          );
      const [row] = UUID.test(id) ? await sql<OutboxRow>(em, ONE, [id]) : [];
      if (!row) throw new DomainError('NOT_FOUND', { rule: 'notification_not_found', params: { id } });
      if (updated.length === 0) {
        throw new DomainError('CONFLICT', {
          rule: 'notification_not_failed',
          params: { status: row.status },
        });
      }
      return toEntry(row);
    });
    this.kick();
    return entry;
  }

  /**
   * Sends a test message to `to` at once, outside the outbox, and says what the SMTP server
   * answered (technical admins): for checking the configuration from `guichet mail test`.
   */
  async sendTest(actor: AdminActor, to: string, language: Language = 'fr'): Promise<TestReport> {
    await withEm(this.#orm, async (em) => assertTechnicalAdmin(await loadAdminAuthority(em, actor)));
    const address = to.trim();
    if (!/^[^\s@<>]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(address) || address.length > 320) {
      throw fieldError('to', 'field.not_an_email', { value: address.slice(0, 320) });
    }
    if (!this.#transport || !this.#settings)
      throw new DomainError('UNAVAILABLE', { rule: 'smtp_not_configured' });
    const id = randomUUID();
    const message = buildMessage(
      {
        id,
        ticketId: null,
        reference: null,
        language,
        subject: translate(language, 'mail.test.subject'),
        body: translate(language, 'mail.test.body', { from: this.#settings.from }),
        to: { name: '', address },
      },
      this.#settings,
    );
    try {
      const info = await this.#transport.sendMail(message);
      return { messageId: message.messageId, response: String(info.response ?? '').slice(0, 1_000) };
    } catch (error) {
      throw new DomainError('UNAVAILABLE', { rule: 'smtp_refused', params: { error: describe(error).text } });
    }
  }

  /** Stops taking new messages, waits for the one being sent, closes the SMTP transport. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#runner.close();
    this.#transport?.close();
  }

  async #claim(): Promise<{ at: number; rows: ClaimedRow[] }> {
    const now = this.#clock.now();
    const leaseEnd = new Date(now.getTime() + this.#config.leaseSeconds * 1_000);
    const rows = await inTransaction(this.#orm, (em) =>
      sql<ClaimedRow>(em, CLAIM, [now, leaseEnd, this.#config.batchSize]),
    );
    return { at: Date.now(), rows };
  }

  /** True when the rest of the lease may not cover one more SMTP conversation (three timeouts). */
  #leaseRunningOut(claimedAt: number): boolean {
    const left = this.#config.leaseSeconds * 1_000 - (Date.now() - claimedAt);
    return left < this.#config.timeoutSeconds * 3_000;
  }

  async #release(rows: ClaimedRow[]): Promise<void> {
    const now = this.#clock.now();
    await withEm(this.#orm, async (em) => {
      for (const row of rows) await sql(em, RELEASE, [row.id, row.attempts, now]);
    });
  }

  async #deliver(row: ClaimedRow): Promise<keyof DeliveryReport> {
    const transport = this.#transport as Transporter;
    const settings = this.#settings as MessageSettings;
    const message: OutboxMessage = {
      id: row.id,
      ticketId: row.ticket_id,
      reference: row.reference,
      language: row.language,
      subject: row.subject,
      body: row.body,
      to: { name: row.display_name, address: row.email },
    };
    let failure: { text: string; permanent: boolean } | null = null;
    try {
      const info = await transport.sendMail(buildMessage(message, settings));
      const accepted = (info.accepted as (string | { address: string })[]).map((a) =>
        (typeof a === 'string' ? a : a.address).toLowerCase(),
      );
      if (!accepted.includes(row.email.toLowerCase())) {
        failure = {
          text: `recipient not accepted: ${String(info.response ?? '').slice(0, 900)}`,
          permanent: false,
        };
      }
    } catch (error) {
      failure = describe(error);
    }
    const now = this.#clock.now();
    if (!failure) {
      await withEm(this.#orm, (em) => sql(em, MARK_SENT, [row.id, row.attempts, now]));
      return 'sent';
    }
    const dead = failure.permanent || row.attempts >= this.#config.maxAttempts;
    const delay = backoffSeconds(row.attempts, this.#config.retryBaseSeconds);
    const next = dead ? now : new Date(now.getTime() + delay * 1_000);
    await withEm(this.#orm, (em) =>
      sql(em, MARK_FAILED, [row.id, row.attempts, dead ? 'failed' : 'pending', next, failure.text, now]),
    );
    this.#log(dead ? 'error' : 'warn', dead ? 'mail given up' : 'mail refused; retrying later', {
      notificationId: row.id,
      attempts: row.attempts,
      error: failure.text,
    });
    return dead ? 'failed' : 'retried';
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    recipient: row.email,
    reference: row.reference,
    subject: row.subject,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
  };
}
