import { Readable } from 'node:stream';
import { contentDisposition, servedContentType } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { AttachmentParamsSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/v1/attachments/{id}',
  operationId: 'getAttachment',
  tags: ['attachments'],
  summary: 'Download a file (always as an attachment, never rendered inline)',
  description:
    "The bytes as stored, with `Content-Disposition: attachment; filename*=UTF-8''…`, `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox`. HTML, SVG, XML and other types a browser would render or run are served as `application/octet-stream`. A file on an internal note answers 404 to a requester, like a file that does not exist.",
  request: { params: AttachmentParamsSchema },
  responses: {
    200: {
      description: 'The file',
      headers: {
        'Content-Disposition': { schema: { type: 'string' }, description: "attachment; filename*=UTF-8''…" },
        'X-Attachment-Sha256': { schema: { type: 'string' }, description: 'SHA-256 of the bytes' },
      },
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...problemResponses,
  },
});

/** Every download: a document that could run is never one, whatever a client does with it. */
const DOWNLOAD_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "sandbox; default-src 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function registerGetAttachment(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { attachment, content } = await c
      .get('guichet')
      .attachments.open(c.get('caller'), c.req.valid('param').id);
    const body = Readable.toWeb(content) as unknown as ReadableStream<Uint8Array>;
    return c.body(body, 200, {
      ...DOWNLOAD_HEADERS,
      'Content-Type': servedContentType(attachment.contentType),
      'Content-Length': String(attachment.size),
      'Content-Disposition': contentDisposition(attachment.filename),
      'X-Attachment-Sha256': attachment.sha256,
    }) as never;
  });
}
