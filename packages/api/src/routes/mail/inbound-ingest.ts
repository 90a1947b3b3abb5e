import { createHash } from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { IngestOutcomeSchema, outcomeJson } from './inbound-schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/v1/mail/inbound',
  operationId: 'ingestMail',
  tags: ['mail'],
  summary: 'Hand a received mail to the gateway (an MTA pipe, `guichet mail ingest`): technical admins',
  description:
    'The raw RFC 5322 message as the body. Every decided outcome answers 200, also `ignored`, `refused` and `duplicate` (the same mailbox and Message-ID again), so that the sender never retries a decided mail; 503 means it was not recorded: deliver it again later. A mail above the size limit is recorded as refused with its hash and headers. Needs a technical admin through a credential with the `admin` scope.',
  request: {
    query: z.object({
      mailbox: z.string().min(3).max(320).openapi({
        description: 'The address the mail was received at',
        example: 'cellule-pedagogique@insa-rouen.fr',
      }),
    }),
    body: {
      required: true,
      content: { 'message/rfc822': { schema: z.string().openapi({ format: 'binary' }) } },
    },
  },
  responses: {
    200: {
      description: 'What the gateway decided, and why',
      content: { 'application/json': { schema: IngestOutcomeSchema } },
    },
    ...problemResponses,
  },
});

/**
 * Reads the body as a stream: the whole message's size and SHA-256, and its first `keep` bytes
 * (enough to decide a mail that is too large without holding it in memory).
 */
async function readBounded(body: ReadableStream<Uint8Array> | null, keep: number) {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  let kept = 0;
  if (body) {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      size += chunk.length;
      if (kept < keep) {
        const part = Buffer.from(chunk.subarray(0, keep - kept));
        chunks.push(part);
        kept += part.length;
      }
    }
  }
  return { bytes: Buffer.concat(chunks), size, sha256: hash.digest('hex') };
}

export function registerIngestMail(app: OpenAPIHono<AppEnv>) {
  // The body is a mail, nothing else: another media type is refused before anything is read.
  app.use('/v1/mail/inbound', async (c, next) => {
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (c.req.method === 'POST' && type !== 'message/rfc822') throw new HTTPException(415);
    await next();
  });
  app.openapi(route, async (c) => {
    const gateway = c.get('guichet').mailGateway;
    await gateway.assertMayIngest(c.get('caller'));
    const { mailbox } = c.req.valid('query');
    const read = await readBounded(c.req.raw.body, gateway.maxBytes + 1);
    const outcome = await gateway.ingest(read.bytes, {
      mailbox,
      received: { size: read.size, sha256: read.sha256 },
    });
    return c.json(outcomeJson(outcome), 200);
  });
}
