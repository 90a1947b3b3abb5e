import { PgBoss } from 'pg-boss';
import type { CoreConfig, CoreHooks } from '../config.ts';
import type { IdempotencyService } from '../idempotency/idempotency.service.ts';
import type { MailService } from '../mail/mail.service.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import type { ServiceLevelService } from '../service-levels/service-level.service.ts';
import type { TicketService } from '../tickets/ticket.service.ts';
import type { WebhookService } from '../webhooks/webhook.service.ts';

const WAKE = 'ticket-wake';
const SWEEP = 'ticket-sweep';
const MAIL = 'mail-deliver';
const DIGEST = 'notification-digest';
const WEBHOOKS = 'webhook-deliver';

/**
 * Durable jobs on PostgreSQL (pg-boss): one job per "pending until" date, plus a periodic sweep
 * that wakes overdue tickets whose job was lost, auto-closes resolved tickets and forgets idempotency
 * keys older than a day. Jobs live in the
 * database, so they survive restarts; pg-boss hands each job to one worker across all processes,
 * and `TicketService.wake` is idempotent, so a ticket is woken exactly once. With SMTP configured, a
 * periodic `mail-deliver` job sends the outbox's due messages (retries after their backoff, and
 * anything a missed NOTIFY left behind); `MailService` claims rows itself, so a job run twice
 * sends nothing twice. The sweep also dispatches timeline events a missed NOTIFY left behind, and
 * `notification-digest` gathers, once a day, the messages people chose to receive as a digest.
 * Each sweep also announces the service-level warnings and breaches that came due
 * (`SlaTracker.check`: exactly once across processes by a unique key, see docs/service-levels.md).
 */
export class Scheduler {
  readonly #boss: PgBoss;
  readonly #tickets: TicketService;
  readonly #idempotency: IdempotencyService;
  readonly #mail: MailService | null;
  readonly #notifications: NotificationService | null;
  readonly #webhooks: WebhookService | null;
  readonly #serviceLevels: ServiceLevelService | null;
  readonly #config: CoreConfig;
  readonly #log: NonNullable<CoreHooks['log']>;
  #started = false;

  constructor(
    url: string,
    services: {
      tickets: TicketService;
      idempotency: IdempotencyService;
      mail?: MailService;
      notifications?: NotificationService;
      webhooks?: WebhookService;
      serviceLevels?: ServiceLevelService;
    },
    config: CoreConfig,
    log: NonNullable<CoreHooks['log']>,
  ) {
    this.#boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 4 });
    this.#boss.on('error', (error) => {
      // 57P01: the server is shutting down (e.g. Ctrl-C reached the embedded PostgreSQL first).
      const shuttingDown = (error as { code?: string }).code === '57P01';
      this.#log(
        shuttingDown ? 'warn' : 'error',
        shuttingDown ? 'database is shutting down' : 'scheduler error',
        {
          error: String(error),
        },
      );
    });
    this.#tickets = services.tickets;
    this.#idempotency = services.idempotency;
    this.#mail = services.mail?.enabled ? services.mail : null;
    this.#notifications = services.notifications ?? null;
    this.#webhooks = services.webhooks ?? null;
    this.#serviceLevels = services.serviceLevels ?? null;
    this.#config = config;
    this.#log = log;
  }

  /** Creates the queues (and pg-boss's own schema on first use). Needed to send jobs. */
  async start(): Promise<void> {
    await this.#boss.start();
    for (const name of [WAKE, SWEEP, MAIL, DIGEST, WEBHOOKS]) {
      if (!(await this.#boss.getQueue(name)))
        await this.#boss.createQueue(name, { retryLimit: 5, retryDelay: 5 });
    }
    this.#started = true;
    this.#tickets.onCommit({ scheduleWake: (id, at) => this.scheduleWake(id, at) });
  }

  /** Starts the workers: this process then executes due jobs. */
  async work(): Promise<void> {
    const polling = { pollingIntervalSeconds: this.#config.scheduler.pollingIntervalSeconds };
    await this.#boss.work<{ ticketId: string }>(WAKE, polling, async (jobs) => {
      for (const job of jobs) {
        const result = await this.#tickets.wake(job.data.ticketId);
        this.#log('info', 'wake', { ticketId: job.data.ticketId, result });
      }
    });
    await this.#boss.work(SWEEP, polling, async () => {
      await this.sweep();
    });
    await this.#boss.schedule(SWEEP, this.#config.scheduler.sweepCron);
    const mail = this.#mail;
    if (mail) {
      await this.#boss.work(MAIL, polling, async () => {
        await mail.deliverDue();
      });
      await this.#boss.schedule(MAIL, this.#config.scheduler.sweepCron);
    } else {
      // A process without SMTP must not leave a schedule behind that nobody works.
      await this.#boss.unschedule(MAIL);
    }
    const webhooks = this.#webhooks;
    if (webhooks) {
      // Retries come due without any event to announce them: looked for at each sweep.
      await this.#boss.work(WEBHOOKS, polling, async () => {
        await webhooks.fanOut();
        await webhooks.deliverDue();
      });
      await this.#boss.schedule(WEBHOOKS, this.#config.scheduler.sweepCron);
    }
    const notifications = this.#notifications;
    if (notifications) {
      await this.#boss.work(DIGEST, polling, async () => {
        const digests = await notifications.digest();
        if (digests > 0) this.#log('info', 'digest', { digests });
      });
      const { cron, timeZone } = this.#config.notifications.digest;
      await this.#boss.schedule(DIGEST, cron, null, { tz: timeZone });
    }
  }

  /**
   * Wakes every overdue pending ticket, closes resolved tickets past the auto-close delay and
   * forgets idempotency keys older than a day.
   */
  async sweep(): Promise<{
    woken: number;
    closed: number;
    forgotten: number;
    dispatched: number;
    slaAnnounced: number;
  }> {
    // Warnings and breaches first, so that the dispatch below tells them in the same sweep.
    const slaAnnounced = this.#serviceLevels ? (await this.#serviceLevels.check()).announced : 0;
    const dispatched = this.#notifications ? (await this.#notifications.dispatch()).events : 0;
    let woken = 0;
    for (const id of await this.#tickets.overduePending()) {
      if ((await this.#tickets.wake(id)) === 'woken') woken += 1;
    }
    const closed = await this.#tickets.autoClose(this.#config.autoCloseAfterDays);
    const forgotten = await this.#idempotency.purgeExpired();
    if (woken + closed + forgotten + slaAnnounced > 0)
      this.#log('info', 'sweep', { woken, closed, forgotten, dispatched, slaAnnounced });
    return { woken, closed, forgotten, dispatched, slaAnnounced };
  }

  /** Queues the wake-up of a ticket at a date. A duplicate job is harmless: `wake` is idempotent. */
  async scheduleWake(ticketId: string, at: Date): Promise<void> {
    if (!this.#started) return;
    try {
      await this.#boss.send(
        WAKE,
        { ticketId },
        { startAfter: at, singletonKey: `${ticketId}@${at.toISOString()}` },
      );
    } catch (error) {
      // The change is committed already; the sweep wakes the ticket once its date has passed.
      this.#log('warn', 'wake-up not queued, the sweep will catch it', { ticketId, error: String(error) });
    }
  }

  /** Jobs waiting (including deferred ones) or running, per queue, read from the job table itself. */
  async queueDepth(): Promise<Record<string, number>> {
    const { rows } = await this.#boss.getDb().executeSql(
      `select name, count(*)::int as n from pgboss.job
          where name = any($1) and state in ('created', 'retry', 'active') group by name`,
      [[WAKE, SWEEP]],
    );
    const out: Record<string, number> = { [WAKE]: 0, [SWEEP]: 0 };
    for (const row of rows as { name: string; n: number }[]) out[row.name] = row.n;
    return out;
  }

  async stop(): Promise<void> {
    this.#tickets.onCommit(null);
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: true, timeout: 5_000 });
  }
}
