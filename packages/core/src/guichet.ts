import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { MikroORM } from '@mikro-orm/postgresql';
import { AnnouncementService } from './announcements/announcement.service.ts';
import { AttachmentService } from './attachments/attachment.service.ts';
import { type BlobStore, FsBlobStore, S3BlobStore } from './attachments/attachment.storage.ts';
import { ReadCache } from './cache/read-cache.ts';
import { CatalogueService } from './catalogue/catalogue.service.ts';
import { seedDemoCatalogue } from './catalogue/demo-seed.ts';
import { type CoreConfig, type CoreConfigInput, CoreConfigSchema, type CoreHooks } from './config.ts';
import { backupDatabase, restoreDatabase } from './db/backup.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.ts';
import { boundedDriverOptions, ormConfig } from './db/mikro-orm.config.ts';
import { namePreparedStatements } from './db/prepared.ts';
import { unreachableDatabase } from './db/unreachable.ts';
import { EventFeed } from './events/event-feed.ts';
import { EventLog } from './events/event-log.ts';
import { IdempotencyService } from './idempotency/idempotency.service.ts';
import { KnowledgeBaseService } from './knowledge-base/knowledge-base.service.ts';
import { ImapPoller, type Ingest } from './mail/imap/imap-poller.ts';
import { mailAttachmentHandler } from './mail/inbound/mail-attachments.ts';
import { MailGateway } from './mail/inbound/mail-gateway.ts';
import { MailService } from './mail/mail.service.ts';
import { NotificationService } from './notifications/notification.service.ts';
import { ProblemService } from './problems/problem.service.ts';
import { ReportService } from './reports/report.service.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import { ServiceLevelService } from './service-levels/service-level.service.ts';
import { SlaTracker } from './service-levels/sla-tracker.ts';
import { ServiceSubscriptionService } from './service-subscriptions/service-subscription.service.ts';
import { systemClock } from './shared/clock.ts';
import { parseInput } from './shared/validation.ts';
import { TicketService } from './tickets/ticket.service.ts';
import { TokenService } from './tokens/token.service.ts';
import { WebhookService } from './webhooks/webhook.service.ts';
import { loadOrCreateKey } from './webhooks/webhook-secret.ts';

export interface Guichet {
  config: CoreConfig;
  /** URL of the database in use (the embedded server's when no URL was configured). */
  databaseUrl: string;
  catalogue: CatalogueService;
  tickets: TicketService;
  /** Articles, their revisions and votes, the tag vocabulary, search and suggestions. */
  knowledgeBase: KnowledgeBaseService;
  tokens: TokenService;
  /** Problem management: analysis, linked incidents, their batch resolution, suggested links. */
  problems: ProblemService;
  /** Information notices on the portal: publishing, updates up to resolution, feeds. */
  announcements: AnnouncementService;
  /** Each person's subscriptions to services (whose announcements published with `notify` they get by mail). */
  subscriptions: ServiceSubscriptionService;
  /** Files on tickets (uploads, downloads, the mail gateway's `attachFiles`). */
  attachments: AttachmentService;
  idempotency: IdempotencyService;
  /** Outbound email of the notification outbox, and the technical admins' view of it. */
  mail: MailService;
  /** Who is told what (rules as data on the timeline), preferences and the daily digest. */
  notifications: NotificationService;
  /** Inbound mail: `ingest` turns a received message into a ticket, a reply, or a recorded refusal. */
  mailGateway: MailGateway;
  /** Service-level targets, business calendars and each ticket's clocks. */
  serviceLevels: ServiceLevelService;
  /** Outbound webhooks: subscriptions, fan-out from the timeline, `enqueue` for other sources, delivery. */
  webhooks: WebhookService;
  /** Reports (volume, backlog, times, quality, providers, affiliation, knowledge base) over a rollup kept from the timeline. */
  reports: ReportService;
  scheduler: Scheduler;
  /**
   * Emits `appended` whenever any process adds a timeline event, and `credentials` (with a person's
   * id) whenever what a credential may do changes (LISTEN/NOTIFY).
   */
  events: EventFeed;
  /** Every ticket's events as one complete feed in commit order (what `/v1/events` streams). */
  eventLog: EventLog;
  /** Migration names applied and pending; `pending` is empty once started with `migrate: true`. */
  migrationStatus(): Promise<{ executed: string[]; pending: string[] }>;
  /** Answers when the database is reachable. */
  ping(): Promise<boolean>;
  /** Writes a logical backup (gzipped) of all Guichet data and attachment files; see `db/backup.ts`. */
  backup(out: Writable): Promise<Record<string, number>>;
  /** Restores a backup in one transaction; refuses a non-empty database unless `force`. */
  restore(input: Readable, options?: { force?: boolean }): Promise<Record<string, number>>;
  /** Stops the workers, closes the pool and stops the embedded server (if any). Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Composition root: connects to PostgreSQL (or starts the embedded one), applies migrations, wires the
 * services and starts the scheduler.
 * @example const guichet = await createGuichet({ database: { url: process.env.DATABASE_URL } });
 */
export async function createGuichet(rawConfig: CoreConfigInput, hooks: CoreHooks = {}): Promise<Guichet> {
  const config = parseInput(CoreConfigSchema, rawConfig);
  const log = hooks.log ?? (() => {});
  const clock = hooks.clock ?? systemClock;
  let embedded: EmbeddedDatabase | null = null;
  let url: string;
  if ('url' in config.database) {
    url = config.database.url;
  } else {
    embedded = await startEmbeddedPostgres(config.database.embedded);
    url = embedded.url;
    log('info', 'embedded PostgreSQL started', {
      port: embedded.port,
      dataDir: config.database.embedded.dataDir,
    });
  }
  let orm: MikroORM | null = null;
  let scheduler: Scheduler | null = null;
  let events: EventFeed | null = null;
  let mail: MailService | null = null;
  let notifications: NotificationService | null = null;
  let webhooks: WebhookService | null = null;
  let slaTracker: SlaTracker | null = null;
  let reports: ReportService | null = null;
  try {
    try {
      // Migrations run unbounded, on their own connection: one may rewrite a large table.
      if (config.migrate) {
        const migrations = await MikroORM.init(ormConfig(url, { pool: { min: 0, max: 1 } }));
        try {
          await migrations.migrator.up();
        } finally {
          await migrations.close(true);
        }
      }
      orm = await MikroORM.init(
        ormConfig(url, {
          pool: { min: 0, max: config.poolSize },
          driverOptions: {
            ...boundedDriverOptions(config.statementTimeoutMs),
            onPoolCreated: namePreparedStatements,
          },
        }),
      );
      if (!config.migrate) await orm.em.getConnection().execute('select 1');
    } catch (error) {
      throw unreachableDatabase(url, error) ?? error;
    }
    const cache = new ReadCache(orm);
    const catalogue = new CatalogueService(orm, cache);
    const tickets = new TicketService(orm, clock, cache);
    // Before the capabilities that send their own events out through it (announcements, articles).
    webhooks = new WebhookService(
      orm,
      clock,
      cache,
      config.webhooks,
      webhookKey(config),
      log,
      config.scheduler.enabled,
    );
    const knowledgeBase = new KnowledgeBaseService(orm, clock, cache, webhooks);
    const tokens = new TokenService(orm, clock, cache);
    const announcements = new AnnouncementService(orm, clock, cache, webhooks, {
      portalUrl: config.mail.portalUrl,
    });
    const subscriptions = new ServiceSubscriptionService(orm, clock, cache);
    const problems = new ProblemService(orm, cache, tickets, knowledgeBase, announcements);
    const store = attachmentStore(config);
    const attachments = new AttachmentService(orm, store, tickets, config.attachments);
    const idempotency = new IdempotencyService(orm, clock);
    mail = new MailService(orm, clock, config.mail, log);
    notifications = new NotificationService(orm, clock, cache, log);
    reports = new ReportService(orm, clock, cache, log);
    const mailGateway = new MailGateway(orm, clock, cache, tickets, config.mail);
    mailGateway.onAttachments(mailAttachmentHandler(attachments));
    slaTracker = new SlaTracker(orm, clock, config.serviceLevels.warningPercent, log);
    const serviceLevels = new ServiceLevelService(orm, clock, tickets, slaTracker);
    scheduler = new Scheduler(
      url,
      { tickets, idempotency, mail, notifications, webhooks, serviceLevels },
      config,
      log,
    );
    if (config.seedDemo && (await catalogue.isEmpty())) {
      await seedDemoCatalogue(catalogue);
      log('info', 'demo catalogue loaded');
    }
    await scheduler.start();
    events = new EventFeed(url, log);
    // Any process changed credentials, grants or the catalogue: forget what this one remembers.
    events.on('credentials', () => cache.clear());
    events.on('catalogue', () => cache.clear());
    await events.start();
    if (config.scheduler.enabled) {
      await scheduler.work();
      // Where the scheduler works, any process's new timeline events are turned into notifications
      // at once, a queued notification is sent at once (any process's commit is announced on
      // `guichet_mail`), and what waited while this process was down goes now.
      const mailRef = mail;
      const notificationsRef = notifications;
      events.on('appended', () => notificationsRef.kick());
      events.on('mail', () => mailRef.kick());
      notificationsRef.kick();
      mailRef.kick();
      const webhooksRef = webhooks;
      events.on('appended', () => webhooksRef.kick());
      webhooksRef.kick();
      // Due dates follow each change at once; the sweep announces what came due.
      events.on('appended', () => serviceLevels.kick());
      serviceLevels.kick();
      const reportsRef = reports;
      events.on('appended', () => reportsRef.kick());
      reportsRef.kick();
    }
    // Mailboxes read over IMAP, where the scheduler works (one reader per mailbox across processes).
    const imap = startImapPollers(
      { ...config, databaseUrl: url },
      (raw, opts) => mailGateway.ingest(raw, opts),
      log,
    );
    let closed = false;
    const ormRef = orm;
    const schedulerRef = scheduler;
    const eventsRef = events;
    const mailService = mail;
    const notificationService = notifications;
    const webhookService = webhooks;
    const reportService = reports;
    return {
      config,
      databaseUrl: url,
      catalogue,
      tickets,
      knowledgeBase,
      tokens,
      problems,
      announcements,
      subscriptions,
      attachments,
      idempotency,
      mail: mailService,
      notifications: notificationService,
      webhooks: webhookService,
      mailGateway,
      serviceLevels,
      reports: reportService,
      scheduler,
      events,
      eventLog: new EventLog(ormRef, cache),
      async migrationStatus() {
        const executed = (await ormRef.migrator.getExecuted()).map((m) => m.name);
        const pending = (await ormRef.migrator.getPending()).map((m) => m.name);
        return { executed, pending };
      },
      async ping() {
        // Bounded even if the server stopped answering (the pool would wait for a connection).
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<false>((resolve) => {
          timer = setTimeout(() => resolve(false), Math.min(config.statementTimeoutMs, 2_000));
        });
        const query = ormRef.em
          .getConnection()
          .execute('select 1')
          .then(
            () => true,
            () => false,
          );
        try {
          return await Promise.race([query, timeout]);
        } finally {
          clearTimeout(timer);
        }
      },
      backup: (out) => backupDatabase(url, out, { store }),
      restore: (input, options) => restoreDatabase(url, input, { ...options, store }),
      async close() {
        if (closed) return;
        closed = true;
        await imap.stop();
        await eventsRef.stop();
        await schedulerRef.stop();
        await notificationService.close();
        await webhookService.close();
        await serviceLevels.close();
        await reportService.close();
        await mailService.close();
        await ormRef.close(true);
        if (embedded) await embedded.stop();
      },
    };
  } catch (error) {
    await events?.stop().catch(() => {});
    await scheduler?.stop().catch(() => {});
    await notifications?.close().catch(() => {});
    await webhooks?.close().catch(() => {});
    await slaTracker?.close().catch(() => {});
    await reports?.close().catch(() => {});
    await mail?.close().catch(() => {});
    await orm?.close(true).catch(() => {});
    await embedded?.stop().catch(() => {});
    throw error;
  }
}

/** The IMAP pollers of one process: `stop()` ends them all (IDLE, IMAP and lock connections). */
export interface ImapPollers {
  pollers: ImapPoller[];
  stop(): Promise<void>;
}

/**
 * Starts one IMAP poller per mailbox of `config.mail.imap`, in a process where the scheduler works
 * (`config.scheduler.enabled`); elsewhere, or without mailboxes, starts none. Each poller reads its
 * mailbox only while it holds that mailbox's advisory lock, so any number of processes may call this.
 *
 * `createGuichet` calls it with the gateway's `ingest` and awaits the returned `stop()` in `close()`
 * before the pool closes.
 */
export function startImapPollers(
  config: Pick<CoreConfig, 'mail' | 'scheduler'> & { databaseUrl: string },
  ingest: Ingest,
  log: NonNullable<CoreHooks['log']>,
): ImapPollers {
  const { mailboxes, ...settings } = config.mail.imap;
  const pollers = config.scheduler.enabled
    ? mailboxes.map(
        (mailbox) => new ImapPoller({ mailbox, databaseUrl: config.databaseUrl, ingest, settings, log }),
      )
    : [];
  for (const poller of pollers) poller.start();
  return {
    pollers,
    async stop() {
      await Promise.all(pollers.map((poller) => poller.stop()));
    },
  };
}

/**
 * Where attachment files go: the configured S3 bucket, else the configured folder, else
 * `attachments` beside the embedded data folder (or `.guichet/attachments` with an external database).
 */
function attachmentStore(config: CoreConfig): BlobStore {
  const { dir, s3Url, s3Region } = config.attachments;
  if (s3Url) return new S3BlobStore(s3Url, s3Region, dir ?? join(tmpdir(), 'guichet-uploads'));
  if (dir) return new FsBlobStore(resolve(dir));
  if ('embedded' in config.database) {
    return new FsBlobStore(join(dirname(resolve(config.database.embedded.dataDir)), 'attachments'));
  }
  return new FsBlobStore(resolve('.guichet/attachments'));
}

/**
 * The key webhook secrets are derived from: the configured one, else `webhook.key` beside the
 * embedded data folder (or `.guichet/webhook.key` with an external database), created on first use.
 */
function webhookKey(config: CoreConfig): () => Promise<Buffer> {
  const { secretKey } = config.webhooks;
  if (secretKey) return async () => Buffer.from(secretKey, 'base64');
  const file =
    'embedded' in config.database
      ? join(dirname(resolve(config.database.embedded.dataDir)), 'webhook.key')
      : resolve('.guichet/webhook.key');
  return () => loadOrCreateKey(file);
}
