import type { components } from '@guichet/api/client';
import { type Connection, callApi } from './api.ts';
import { inert } from './terminal-text.ts';

export type IngestOutcome = components['schemas']['IngestOutcome'];
export type InboundMail = components['schemas']['InboundMail'];
export type InboundQuery = NonNullable<
  import('@guichet/api/client').paths['/v1/mail/inbound']['get']['parameters']['query']
>;

/**
 * The exit code of `guichet mail ingest` when the mail was not recorded: EX_TEMPFAIL (sysexits.h),
 * which Postfix's pipe(8) and other MTAs take as "defer and deliver again later".
 */
export const EXIT_TEMPFAIL = 75;

/** The API calls of `guichet mail` (thin: every rule is the server's gateway). */
export const mailApi = {
  ingest: ({ api, url }: Connection, mailbox: string, raw: Buffer): Promise<IngestOutcome> =>
    callApi(
      url,
      api.POST('/v1/mail/inbound', {
        params: { query: { mailbox } },
        // The message as received, byte for byte (openapi-fetch would JSON-encode it).
        body: raw as unknown as string,
        bodySerializer: (body: unknown) => body as never,
        headers: { 'Content-Type': 'message/rfc822' },
      }),
    ),
  list: ({ api, url }: Connection, query: InboundQuery): Promise<InboundMail[]> =>
    callApi(url, api.GET('/v1/mail/inbound', { params: { query } })),
  explain: ({ api, url }: Connection, messageId: string): Promise<InboundMail> =>
    callApi(url, api.GET('/v1/mail/inbound/{messageId}', { params: { path: { messageId } } })),
  resolve: (
    { api, url }: Connection,
    messageId: string,
    action: 'note' | 'open' | 'dismiss',
  ): Promise<InboundMail> =>
    callApi(
      url,
      api.POST('/v1/mail/inbound/{messageId}/resolve', { params: { path: { messageId } }, body: { action } }),
    ),
};

/** Every byte of standard input (a mail is not text: its charsets are its parts'). */
export async function readStdinBytes(stdin: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** One line for the MTA's log: `created GU-2026-000042 <id@host> thread_none,sender_known`. */
export function outcomeLine(o: IngestOutcome): string {
  return inert(`${o.decision} ${o.ticketReference ?? '-'} ${o.messageId} ${o.reasons.join(',')}`);
}

/** The explanation for a person: what came in, what was decided, and each reason in words. */
export function renderExplanation(m: InboundMail): string {
  const lines = [
    `${m.messageId}`,
    `  ${m.sender || '?'} → ${m.mailbox}`,
    `  ${m.subject}`,
    `  ${m.decision}${m.ticketReference ? ` ${m.ticketReference}` : ''} (${m.receivedAt})`,
    ...m.explanation.map((e) => `  - ${e.text}`),
  ];
  if (m.attachments.length > 0)
    lines.push(...m.attachments.map((a) => `  + ${a.filename} (${a.contentType}, ${a.size})`));
  return lines.map((l) => inert(l)).join('\n');
}
