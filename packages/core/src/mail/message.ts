import { type Language, translate } from '../i18n/messages.ts';
import { escapeHtml } from '../shared/html.ts';

/** One outbox row as the delivery worker reads it, with its recipient and ticket. */
export interface OutboxMessage {
  id: string;
  ticketId: string | null;
  reference: string | null;
  language: Language;
  subject: string;
  body: string;
  to: { name: string; address: string };
}

/** What the configuration says about every message. */
export interface MessageSettings {
  from: string;
  /** Right-hand side of every Message-ID (`<notification.<id>@domain>`). */
  domain: string;
  /** A link to the ticket: `{reference}` is replaced, or `/tickets/<reference>` appended. */
  portalUrl?: string;
}

/** The message, in nodemailer's terms (only what we set). */
export interface MailMessage {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers: Record<string, string>;
}

/**
 * The stable Message-ID of a notification: a resend after a crash carries the same one, so the
 * receiving side (and a person) can recognise the duplicate.
 */
export function notificationMessageId(id: string, domain: string): string {
  return `<notification.${id}@${domain}>`;
}

/**
 * The root Message-ID of a ticket's thread. No message carries it: every notification of the ticket
 * answers it (In-Reply-To, References), so mail clients file them in one thread.
 */
export function ticketThreadId(ticketId: string, domain: string): string {
  return `<ticket.${ticketId}@${domain}>`;
}

/** The ticket's page on the portal, or null without a portal. */
export function portalLink(portalUrl: string | undefined, reference: string): string | null {
  if (!portalUrl) return null;
  const ref = encodeURIComponent(reference);
  if (portalUrl.includes('{reference}')) return portalUrl.replaceAll('{reference}', ref);
  return `${portalUrl.replace(/\/+$/, '')}/tickets/${ref}`;
}

/**
 * Builds the email of an outbox row: the subject starts with the ticket's reference in brackets,
 * the plain text is the stored body (plus the portal link), and the HTML alternative is the same
 * text escaped, paragraph per blank-line block. `Auto-Submitted: auto-generated` (RFC 3834) keeps
 * auto-responders from answering.
 */
export function buildMessage(row: OutboxMessage, settings: MessageSettings): MailMessage {
  const prefix = row.reference ? `[${row.reference}]` : null;
  const subject = prefix && !row.subject.startsWith(prefix) ? `${prefix} ${row.subject}` : row.subject;
  const link = row.reference ? portalLink(settings.portalUrl, row.reference) : null;
  const linkLine = link ? translate(row.language, 'notify.portal_link', { url: link }) : null;
  const text = linkLine ? `${row.body}\n\n${linkLine}\n` : `${row.body}\n`;
  const paragraphs = row.body.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`);
  if (link && linkLine) {
    const [before] = linkLine.split(link);
    paragraphs.push(
      `<p>${escapeHtml(before ?? '')}<a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    );
  }
  const html = `<!doctype html><html lang="${row.language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${paragraphs.join('')}</body></html>`;
  const message: MailMessage = {
    from: settings.from,
    to: row.to,
    subject,
    text,
    html,
    messageId: notificationMessageId(row.id, settings.domain),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
  if (row.ticketId) {
    const root = ticketThreadId(row.ticketId, settings.domain);
    message.inReplyTo = root;
    message.references = [root];
  }
  return message;
}

/**
 * Delay before the next attempt after `attempts` failed ones: base × 2^(attempts − 1), capped at a
 * day, with up to 10 % jitter so that workers do not retry a refused batch in lockstep.
 */
export function backoffSeconds(
  attempts: number,
  baseSeconds: number,
  random: () => number = Math.random,
): number {
  const raw = baseSeconds * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(raw, 86_400);
  return capped + capped * 0.1 * random();
}
