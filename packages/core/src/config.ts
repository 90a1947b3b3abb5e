import { z } from 'zod';
import { ImapConfigSchema } from './mail/imap/imap-config.ts';
import type { Clock } from './shared/clock.ts';
import { validAllowedTarget } from './webhooks/webhook-target.ts';

/**
 * What `createGuichet` needs. Core never reads `process.env`: the server (or a test) builds this
 * object and passes it in.
 */
export const CoreConfigSchema = z.object({
  database: z.union([
    z.object({ url: z.string().min(1) }).strict(),
    z
      .object({
        embedded: z.object({
          dataDir: z.string().min(1),
          /** Initialise a cluster in an empty or new folder: the server's start only, never an admin tool. */
          create: z.boolean().default(false),
          port: z.number().int().min(1).max(65535).optional(),
        }),
      })
      .strict(),
  ]),
  /** Apply pending migrations when starting. */
  migrate: z.boolean().default(true),
  /** Load the demo catalogue of the seed's services when the catalogue is empty. */
  seedDemo: z.boolean().default(false),
  scheduler: z
    .object({
      /** Run pg-boss workers in this process (wake-ups, auto-close sweep). */
      enabled: z.boolean().default(true),
      /** How often idle workers look for due jobs, in seconds (>= 0.5). */
      pollingIntervalSeconds: z.number().min(0.5).default(1),
      /** Cron expression of the safety sweep (overdue wake-ups, auto-close). */
      sweepCron: z.string().default('* * * * *'),
    })
    .default({ enabled: true, pollingIntervalSeconds: 1, sweepCron: '* * * * *' }),
  /**
   * Outbound email of the notification outbox. Without `smtpUrl` nothing is sent: notifications stay
   * in the outbox until a server is configured.
   */
  mail: z
    .object({
      /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`, parsed by nodemailer. */
      smtpUrl: z
        .string()
        .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
        .pipe(z.url())
        .optional(),
      /** The From address, e.g. `Guichet INSA <guichet@insa-lyon.fr>`; required with `smtpUrl`. */
      from: z.string().min(3).max(400).optional(),
      /** The portal's ticket page: `{reference}` is replaced, or `/tickets/<reference>` appended. */
      portalUrl: z.url().optional(),
      /** Right-hand side of Message-IDs; default: the From address's domain. */
      messageIdDomain: z
        .string()
        .regex(/^[A-Za-z0-9.-]+$/)
        .optional(),
      /** Attempts before a message is dead-lettered (`failed`); a permanent (5xx) refusal is final at once. */
      maxAttempts: z.number().int().min(1).max(50).default(8),
      /** Delay after the first failure, doubled after each further one (capped at a day). */
      retryBaseSeconds: z.number().min(0).default(60),
      /** How long a claimed message is left to its worker before another may take it (a crash). */
      leaseSeconds: z.number().min(1).default(300),
      /** Messages claimed per round trip. */
      batchSize: z.number().int().min(1).max(500).default(20),
      /** Connection, greeting and socket timeouts towards the SMTP server. */
      timeoutSeconds: z.number().min(1).max(600).default(30),
      /**
       * Inbound email read over IMAP (one poller per mailbox, in the processes where the scheduler
       * works, one process per mailbox at a time). The URLs carry passwords: never logged nor stored.
       */
      imap: ImapConfigSchema.prefault({}),
      /** The inbound gateway (`guichet mail ingest`, the IMAP poller): see docs/mail.md. */
      inbound: z
        .object({
          /** Larger mails are refused, only their hash and headers kept (default 25 MB). */
          maxBytes: z
            .number()
            .int()
            .min(1_024)
            .default(25 * 1024 * 1024),
          /** More than `count` mails from one sender to one mailbox within `minutes`: the rest is ignored. */
          burst: z
            .object({
              count: z.number().int().min(1).default(20),
              minutes: z.number().min(1).default(10),
            })
            .prefault({}),
        })
        .prefault({}),
    })
    .refine((m) => !m.smtpUrl || m.from, { message: 'from is required with smtpUrl', path: ['from'] })
    .prefault({}),
  /** Notifications (see `notifications/`): when the daily digest of those who chose it is sent. */
  notifications: z
    .object({
      digest: z
        .object({
          /** Cron expression (pg-boss), in `timeZone`: 7:00 every day by default. */
          cron: z.string().min(9).default('0 7 * * *'),
          timeZone: z.string().min(1).default('Europe/Paris'),
        })
        .prefault({}),
    })
    .prefault({}),
  /**
   * Files attached to tickets. Stored on the local filesystem (content-addressed by SHA-256) unless
   * `s3Url` names an S3-compatible bucket.
   */
  attachments: z
    .object({
      /**
       * Folder of the files (or, with `s3Url`, of the uploads being received). Default: `attachments`
       * beside the embedded data folder, else `.guichet/attachments` in the working directory.
       */
      dir: z.string().min(1).optional(),
      /**
       * `https://ACCESS_KEY:SECRET@host[:port]/bucket[/prefix]` (path-style, `http://` for a local
       * server): the files go to that bucket instead of `dir`.
       */
      s3Url: z
        .string()
        .regex(/^https?:\/\/[^/?#\s]+\/[^/?#\s]+/, 'must be http(s)://key:secret@host/bucket')
        .pipe(z.url())
        .optional(),
      /** Region the S3 requests are signed for. */
      s3Region: z.string().min(1).default('us-east-1'),
      /** Largest file accepted, in bytes. */
      maxFileBytes: z
        .number()
        .int()
        .min(1)
        .default(20 * 1024 * 1024),
      /** Largest total of one ticket's attachments, in bytes. */
      maxTicketBytes: z
        .number()
        .int()
        .min(1)
        .default(100 * 1024 * 1024),
      /** Most files in one upload. */
      maxFilesPerUpload: z.number().int().min(1).max(100).default(20),
    })
    .prefault({}),
  /** Outbound webhooks (see `webhooks/` and docs/webhooks.md). */
  webhooks: z
    .object({
      /**
       * The key every subscription's signing secret is derived from (HKDF-SHA256), base64 of at
       * least 32 bytes. Default: generated once into `webhook.key` beside the embedded data folder
       * (or `.guichet/webhook.key` with an external database). Changing it changes every secret.
       */
      secretKey: z
        .string()
        .refine((k) => Buffer.from(k, 'base64').length >= 32, 'must be base64 of at least 32 bytes')
        .optional(),
      /**
       * Targets allowed although private, loopback or link-local: IP addresses or CIDR ranges
       * (`127.0.0.1`, `10.20.0.0/16`). Everything else must resolve to public addresses only.
       */
      allowedTargets: z
        .array(z.string().min(2).max(64).refine(validAllowedTarget, 'an IP address or a CIDR range'))
        .max(100)
        .default([]),
      /** Accept `http://` targets (default: `https://` only). */
      allowHttp: z.boolean().default(false),
      /** Longest wait for a receiver's answer (connection, headers and the excerpt of the body). */
      timeoutSeconds: z.number().min(0.1).max(60).default(10),
      /** Deliveries claimed per round trip. */
      batchSize: z.number().int().min(1).max(500).default(20),
      /** How long a claimed delivery is left to its worker before another may take it (a crash). */
      leaseSeconds: z.number().min(1).default(120),
    })
    .prefault({}),
  /** Resolved tickets close by themselves after this many days. */
  autoCloseAfterDays: z.number().int().min(1).default(7),
  serviceLevels: z
    .object({
      /** Percent of a target at which a warning is announced, where the target sets none. */
      warningPercent: z.number().int().min(1).max(99).default(80),
    })
    .strict()
    .default({ warningPercent: 80 }),
  /** Size of the connection pool. */
  poolSize: z.number().int().min(1).max(200).default(10),
  /**
   * Longest a statement may run (PostgreSQL `statement_timeout`; the client gives up a second
   * later if the server stops answering altogether). Also bounds a connection attempt and an idle
   * transaction. Requests then fail fast with UNAVAILABLE instead of hanging. Migrations, backups
   * and restores are not bounded.
   */
  statementTimeoutMs: z.number().int().min(100).max(600_000).default(5_000),
});

export type CoreConfigInput = z.input<typeof CoreConfigSchema>;
export type CoreConfig = z.output<typeof CoreConfigSchema>;

/** Runtime collaborators that are not plain data. */
export interface CoreHooks {
  clock?: Clock;
  /** Receives operational log lines (scheduler, embedded server). */
  log?: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
}
