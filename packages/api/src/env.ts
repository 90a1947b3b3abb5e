import { resolve } from 'node:path';
import { ImapMailboxSchema, zodFieldIssues } from '@guichet/core/startup';
import { z } from 'zod';
import { IssuerConfigSchema } from './lib/oidc.ts';
import { ConfigurationError } from './lib/start-up.ts';

/**
 * The server's environment, validated once at start. Without DATABASE_URL Guichet runs on an
 * embedded PostgreSQL kept in GUICHET_DATA_DIR.
 */
export const EnvSchema = z
  .object({
    DATABASE_URL: z.string().min(1).optional(),
    GUICHET_DATA_DIR: z.string().min(1).default('.guichet/data'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    /** Load the demo catalogue into an empty database: default on for the embedded one only. */
    GUICHET_DEMO: z.enum(['0', '1']).optional(),
    GUICHET_AUTO_CLOSE_DAYS: z.coerce.number().int().min(1).default(7),
    /** Requests per minute allowed to one person (all the server's workers together). */
    GUICHET_RATE_LIMIT: z.coerce.number().int().min(1).default(1200),
    /** API worker processes; default one per core. */
    GUICHET_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
    /** Failed authentications allowed per client address and minute (all the server's workers together). */
    GUICHET_AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).default(60),
    /** `1` behind a reverse proxy that sets X-Forwarded-For (client addresses are taken from it). */
    GUICHET_TRUST_PROXY: z.enum(['0', '1']).default('0'),
    /** Longest a database statement may run, in milliseconds (requests then answer 503). */
    GUICHET_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** Comma-separated browser origins allowed to call the API (CORS), e.g. `https://portail.insa.fr`. */
    GUICHET_CORS_ORIGINS: z
      .string()
      .default('')
      .transform((text) =>
        text
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url())),
    /**
     * Outbound email of notifications: `smtp://user:password@host:587` (STARTTLS when the server offers
     * it) or `smtps://user:password@host:465`. Unset: nothing is sent, notifications wait in the outbox.
     */
    GUICHET_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/?#\s]+/, 'must be smtp://… or smtps://…')
      .optional(),
    /** The From of every notification, e.g. `Guichet INSA <guichet@insa-lyon.fr>` (needed with SMTP). */
    GUICHET_MAIL_FROM: z.string().min(3).max(400).optional(),
    /**
     * How long a message claimed by a delivery worker is left to it before another worker may send
     * it (after a crash): seconds, default 300.
     */
    GUICHET_MAIL_LEASE_SECONDS: z.coerce.number().int().min(1).max(3_600).optional(),
    /**
     * Connection, greeting and socket timeouts towards the SMTP server, seconds (default 30). A
     * worker sends from a claim only while the rest of its lease covers three of them.
     */
    GUICHET_MAIL_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).optional(),
    /** The portal's ticket page, linked from every notification (`{reference}` is replaced, else `/tickets/<ref>` is appended). */
    GUICHET_PORTAL_URL: z.url().optional(),
    /**
     * Mailboxes read over IMAP for inbound mail, a JSON array of
     * `{"url": "imaps://user:password@host:993/INBOX", "mailbox": "cellule@insa-rouen.fr", "processedFolder": "Traités"}`.
     * The passwords are never echoed, not even in a validation error.
     */
    GUICHET_IMAP: z
      .string()
      .default('[]')
      .transform((text, ctx) => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          // JSON.parse's message quotes the text, and so the passwords: say only what is expected.
          ctx.addIssue({
            code: 'custom',
            message: 'not JSON: expected an array of {url, mailbox, processedFolder?}',
          });
          return z.NEVER;
        }
        const parsed = z.array(ImapMailboxSchema).max(100).safeParse(json);
        if (parsed.success) return parsed.data;
        for (const issue of parsed.error.issues) {
          ctx.addIssue({ ...issue });
        }
        return z.NEVER;
      }),
    /** How often an IMAP server without IDLE is asked for new mail, in seconds. */
    GUICHET_IMAP_POLL_SECONDS: z.coerce.number().min(1).max(3_600).default(60),
    /** Folder of the attachment files; default: `attachments` beside GUICHET_DATA_DIR. */
    GUICHET_ATTACHMENTS_DIR: z.string().min(1).optional(),
    /**
     * S3-compatible bucket for the attachment files instead of the folder:
     * `https://ACCESS_KEY:SECRET@host[:port]/bucket[/prefix]` (path-style; `http://` for a local server).
     */
    GUICHET_S3_URL: z
      .string()
      .regex(/^https?:\/\/[^/?#\s]+\/[^/?#\s]+/, 'must be https://key:secret@host/bucket')
      .optional(),
    /** Region the S3 requests are signed for. */
    GUICHET_S3_REGION: z.string().min(1).default('us-east-1'),
    /** Largest attachment accepted, in MiB. */
    GUICHET_ATTACHMENT_MAX_MB: z.coerce.number().positive().max(10_240).default(20),
    /** Largest total of one ticket's attachments, in MiB. */
    GUICHET_TICKET_ATTACHMENTS_MAX_MB: z.coerce.number().positive().max(102_400).default(100),
    /**
     * Key the webhook signing secrets are derived from (base64 of 32 bytes or more). Unset: a key is
     * generated into `webhook.key` beside the data folder. Set it on every machine when several
     * servers share one database, or their signatures will differ.
     */
    GUICHET_WEBHOOK_SECRET_KEY: z.string().min(44).optional(),
    /** Comma-separated IP addresses or CIDR ranges webhooks may reach although private or loopback. */
    GUICHET_WEBHOOK_ALLOWED_TARGETS: z
      .string()
      .default('')
      .transform((text) =>
        text
          .split(',')
          .map((t) => t.trim())
          .filter((t) => t.length > 0),
      ),
    /** `1`: webhooks may use `http://` targets (default: `https://` only). */
    GUICHET_WEBHOOK_ALLOW_HTTP: z.enum(['0', '1']).default('0'),
    /** Longest wait for a webhook receiver's answer, seconds (default 10). */
    GUICHET_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(1).max(60).optional(),
    /** JSON array of trusted OpenID Connect issuers (see IssuerConfigSchema). */
    GUICHET_OIDC_ISSUERS: z
      .string()
      .default('[]')
      .transform((text, ctx) => {
        try {
          return z.array(IssuerConfigSchema).parse(JSON.parse(text));
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            message: `not a JSON array of issuers: ${String(error).slice(0, 300)}`,
          });
          return z.NEVER;
        }
      }),
  })
  .superRefine((env, ctx) => {
    if (env.GUICHET_SMTP_URL && !env.GUICHET_MAIL_FROM) {
      ctx.addIssue({
        code: 'custom',
        path: ['GUICHET_MAIL_FROM'],
        message: 'required with GUICHET_SMTP_URL',
      });
    }
  });
export type Env = z.output<typeof EnvSchema>;

/** Validates the environment; throws a ConfigurationError naming every wrong variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigurationError(zodFieldIssues(parsed.error.issues, source, 'environment'));
  }
  return parsed.data;
}

/**
 * The core configuration the environment describes. Only a server start (`createCluster`) may
 * initialise the embedded cluster; admin tools must find the server's, in the same folder.
 */
export function coreConfigFrom(env: Env, options: { createCluster?: boolean } = {}) {
  return {
    database: env.DATABASE_URL
      ? { url: env.DATABASE_URL }
      : { embedded: { dataDir: resolve(env.GUICHET_DATA_DIR), create: options.createCluster ?? false } },
    // Demo people (with well-known addresses) never land in a real database unless asked for.
    seedDemo: env.GUICHET_DEMO === undefined ? !env.DATABASE_URL : env.GUICHET_DEMO === '1',
    autoCloseAfterDays: env.GUICHET_AUTO_CLOSE_DAYS,
    statementTimeoutMs: env.GUICHET_DB_STATEMENT_TIMEOUT_MS,
    attachments: {
      dir: env.GUICHET_ATTACHMENTS_DIR
        ? resolve(env.GUICHET_ATTACHMENTS_DIR)
        : resolve(env.GUICHET_DATA_DIR, '..', 'attachments'),
      s3Url: env.GUICHET_S3_URL,
      s3Region: env.GUICHET_S3_REGION,
      maxFileBytes: Math.round(env.GUICHET_ATTACHMENT_MAX_MB * 1_048_576),
      maxTicketBytes: Math.round(env.GUICHET_TICKET_ATTACHMENTS_MAX_MB * 1_048_576),
    },
    mail: {
      smtpUrl: env.GUICHET_SMTP_URL,
      from: env.GUICHET_MAIL_FROM,
      portalUrl: env.GUICHET_PORTAL_URL,
      ...(env.GUICHET_MAIL_LEASE_SECONDS ? { leaseSeconds: env.GUICHET_MAIL_LEASE_SECONDS } : {}),
      ...(env.GUICHET_MAIL_TIMEOUT_SECONDS ? { timeoutSeconds: env.GUICHET_MAIL_TIMEOUT_SECONDS } : {}),
      imap: { mailboxes: env.GUICHET_IMAP, pollIntervalSeconds: env.GUICHET_IMAP_POLL_SECONDS },
    },
    webhooks: {
      secretKey: env.GUICHET_WEBHOOK_SECRET_KEY,
      allowedTargets: env.GUICHET_WEBHOOK_ALLOWED_TARGETS,
      allowHttp: env.GUICHET_WEBHOOK_ALLOW_HTTP === '1',
      ...(env.GUICHET_WEBHOOK_TIMEOUT_SECONDS ? { timeoutSeconds: env.GUICHET_WEBHOOK_TIMEOUT_SECONDS } : {}),
    },
  };
}
