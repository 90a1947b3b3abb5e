import { z } from 'zod';

/** Where an IMAP URL points, with its credentials decoded: what `ImapFlow` is given. */
export interface ImapEndpoint {
  host: string;
  port: number;
  /** `imaps://`: TLS from the first byte. */
  secure: boolean;
  user: string;
  password: string;
  /** The folder read for new mail (the URL's path; `INBOX` when it has none). */
  folder: string;
  /**
   * `imap://` to another machine must upgrade with STARTTLS (the password never crosses the network
   * in clear); `imap://` to the loopback interface may stay in clear when the server offers no TLS.
   */
  requireStartTls: boolean;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/**
 * Reads `imaps://user:password@host:993/INBOX` (or `imap://…:143/…`). User, password and folder are
 * percent-decoded (`cellule%40insa-rouen.fr` for a user that is an address). Returns null when the
 * text is not such a URL, so that a caller can report the field without echoing it.
 * @example parseImapUrl('imaps://cellule:secret@imap.insa-rouen.fr/INBOX')?.port // 993
 */
export function parseImapUrl(text: string): ImapEndpoint | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') return null;
  if (!url.hostname || !url.username || !url.password || url.search || url.hash) return null;
  const secure = url.protocol === 'imaps:';
  try {
    const folder = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
    return {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : secure ? 993 : 143,
      secure,
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      folder,
      requireStartTls: !secure && !LOOPBACK.test(url.hostname),
    };
  } catch {
    return null;
  }
}

/**
 * The URL without its password, for logs and messages: `imaps://cellule@imap.insa-rouen.fr:993/INBOX`.
 * Anything that is not a parsable IMAP URL becomes `(invalid IMAP URL)`, never the text itself.
 */
export function redactImapUrl(text: string): string {
  const endpoint = parseImapUrl(text);
  if (!endpoint) return '(invalid IMAP URL)';
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  const user = encodeURIComponent(endpoint.user).replace(/%40/g, '@');
  return `${endpoint.secure ? 'imaps' : 'imap'}://${user}@${host}:${endpoint.port}/${endpoint.folder}`;
}

/** One mailbox read by the poller. */
export const ImapMailboxSchema = z
  .object({
    /** `imaps://user:password@host:993/INBOX` or `imap://…`; the password is never logged nor stored. */
    url: z.string().refine((text) => parseImapUrl(text) !== null, {
      message: 'must be imaps://user:password@host[:port][/folder] or imap://…',
    }),
    /** The address mail is sent to (e.g. `cellule@insa-rouen.fr`): the gateway's `mailbox`, and the lock's key. */
    mailbox: z.email().max(320),
    /** Folder a message is moved to once ingested (created if missing); unset: it is only flagged \Seen. */
    processedFolder: z.string().min(1).max(200).optional(),
  })
  .strict();
export type ImapMailboxConfig = z.output<typeof ImapMailboxSchema>;

/** The IMAP poller's settings (`mail.imap` of the core configuration). */
export const ImapConfigSchema = z
  .object({
    mailboxes: z
      .array(ImapMailboxSchema)
      .max(100)
      .default([])
      .refine(
        (list) => new Set(list.map((m) => m.mailbox.toLowerCase())).size === list.length,
        'each mailbox address may be configured once',
      ),
    /** How often a server without IDLE is asked for new mail. */
    pollIntervalSeconds: z.number().min(1).max(3_600).default(60),
    /** With IDLE, how often IDLE is ended, the folder searched again and IDLE restarted (RFC 2177: under 29 min). */
    idleRefreshSeconds: z.number().min(1).max(1_740).default(300),
    /** How often a process that does not hold a mailbox's lock tries to take it (the holder died). */
    lockRetrySeconds: z.number().min(0.1).max(3_600).default(15),
    /** First delay before reconnecting after an error, doubled after each further one. */
    reconnectBaseSeconds: z.number().min(0.1).max(3_600).default(1),
    /** Longest delay between two reconnections. */
    reconnectMaxSeconds: z.number().min(0.1).max(3_600).default(300),
    /** Ingest attempts of one message before it is set aside (keyword `$GuichetFailed`, left unseen). */
    maxAttempts: z.number().int().min(1).max(100).default(5),
    /** Delay before a message whose ingest failed is tried again, doubled after each further failure. */
    retryBaseSeconds: z.number().min(0).max(86_400).default(60),
    /** Larger messages are not downloaded: they are set aside at once. */
    maxMessageBytes: z
      .number()
      .int()
      .min(1_024)
      .max(1024 * 1024 * 1024)
      .default(40 * 1024 * 1024),
    /** Connection, greeting and socket timeouts towards the IMAP server and the lock's database connection. */
    timeoutSeconds: z.number().min(1).max(600).default(30),
  })
  .strict();
export type ImapConfig = z.output<typeof ImapConfigSchema>;
