import { createHash } from 'node:crypto';
import EmailReplyParser from 'email-reply-parser';
import { type ParsedMail, simpleParser } from 'mailparser';

/** An attachment as the gateway extracts it: the name made safe to show and store, the bytes as sent. */
export interface ExtractedAttachment {
  /** Sanitised: no path, no control, bidirectional or zero-width characters, at most 150 characters. */
  filename: string;
  /** What the sender declared (never trusted for serving: the attachment store sniffs the bytes). */
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
}

/** What the rules read of one mail. Every string is free of NUL characters (PostgreSQL refuses them). */
export interface InboundMail {
  /** `<…>` as sent, or null when the mail has none. */
  messageId: string | null;
  from: { address: string; name: string } | null;
  /** As decoded (RFC 2047), control characters removed. */
  subject: string;
  /** The Message-IDs of In-Reply-To, then of References (most recent last, as sent). */
  inReplyTo: string[];
  references: string[];
  /** Every header line: name in lower case, value unfolded. */
  headers: [string, string][];
  /** The plain text (converted from HTML when the mail has no text part). */
  text: string;
  attachments: ExtractedAttachment[];
}

/** Bidirectional overrides and isolates, zero-width characters and the byte-order mark. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The string without NUL (and other C0 controls but tab and line breaks), and well formed: a lone
 * surrogate (a cut emoji) becomes U+FFFD, since PostgreSQL's jsonb refuses its escape.
 */
export function clean(value: string): string {
  return value.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** At most `max` UTF-16 units, never cutting a character in two. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** For matching and display: also without invisible and direction-changing characters. */
export function visible(value: string): string {
  return clean(value).replace(INVISIBLE, '');
}

/** Every `<…>` Message-ID in a header value. */
export function messageIds(value: string | null | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/<[^<>\s]{1,900}>/g)].map((m) => m[0]);
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A file name safe to store and show: the last path segment only, without control, bidirectional
 * (`a.pdf\u202Eexe.js` shows its real `.js` end) or zero-width characters nor characters Windows
 * refuses, no leading dots, at most 150 characters with the extension kept.
 * @example safeFilename('../../etc/passwd') // 'passwd'
 */
export function safeFilename(name: string | undefined | null, fallback = 'piece-jointe'): string {
  let base = visible(name ?? '')
    .replace(/[\r\n\t]/g, ' ')
    .split(/[/\\]/)
    .pop()!
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  if (base.length > 150) {
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 && base.length - dot <= 16 ? base.slice(dot) : '';
    base = truncate(base, 150 - ext.length) + ext;
  }
  return base || fallback;
}

/**
 * The reply as it should land in the ticket: quoted history ("Le … a écrit :", Outlook's "De : /
 * Envoyé :" block, "> " lines) and the signature ("-- ") removed by email-reply-parser. The full
 * text when stripping would leave nothing (a mail that is all quote is still kept whole).
 */
export function replyText(text: string): string {
  const full = text.replace(/\r\n/g, '\n').trim();
  if (!full) return '';
  let stripped = '';
  try {
    stripped = new EmailReplyParser().read(full).getVisibleText().trim();
  } catch {
    stripped = '';
  }
  return stripped || full;
}

/** The header section only (up to the first empty line, at most 256 KiB): for a mail too big to parse. */
export function headerSection(raw: Buffer): Buffer {
  const limit = Math.min(raw.length, 256 * 1024);
  const head = raw.subarray(0, limit);
  const crlf = head.indexOf('\r\n\r\n');
  const lf = head.indexOf('\n\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  const end = ends.length > 0 ? Math.min(...ends) : limit;
  return Buffer.concat([head.subarray(0, end), Buffer.from('\r\n\r\n')]);
}

/**
 * Parses a mail with mailparser. Never throws: a message mailparser cannot read at all gives null
 * (the gateway records it as unparseable).
 */
export async function parseMail(raw: Buffer): Promise<InboundMail | null> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, {
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: 2_000_000,
    });
  } catch {
    return null;
  }
  return toInbound(parsed);
}

function toInbound(parsed: ParsedMail): InboundMail {
  const headers: [string, string][] = (parsed.headerLines ?? []).map((h) => {
    const colon = h.line.indexOf(':');
    const value = colon >= 0 ? h.line.slice(colon + 1) : '';
    return [clean(h.key.toLowerCase()).slice(0, 200), clean(value.replace(/\r?\n[ \t]+/g, ' ').trim())];
  });
  const raw = (name: string) => headers.find(([k]) => k === name)?.[1] ?? null;
  const fromValue = parsed.from?.value?.find((a) => a.address);
  const address = fromValue?.address ? clean(fromValue.address).trim().toLowerCase() : '';
  const from =
    address && /^[^\s@]+@[^\s@]+$/.test(address) && address.length <= 320
      ? { address, name: truncate(visible(fromValue?.name ?? ''), 200) }
      : null;
  const [ownId] = messageIds(raw('message-id'));
  let text = typeof parsed.text === 'string' ? parsed.text : '';
  if (!text.trim() && typeof parsed.html === 'string') text = parsed.html.replace(/<[^>]*>/g, ' ');
  return {
    messageId: ownId ?? null,
    from,
    subject: truncate(
      clean(parsed.subject ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
      998,
    ),
    inReplyTo: messageIds(raw('in-reply-to')),
    references: messageIds(raw('references')),
    headers,
    text: truncate(clean(text), 1_000_000),
    attachments: (parsed.attachments ?? []).map((a, i) => {
      const content = Buffer.isBuffer(a.content) ? a.content : Buffer.alloc(0);
      return {
        filename: safeFilename(a.filename, `piece-jointe-${i + 1}`),
        contentType: clean(a.contentType ?? 'application/octet-stream').slice(0, 200),
        size: content.length,
        sha256: sha256(content),
        content,
      };
    }),
  };
}
