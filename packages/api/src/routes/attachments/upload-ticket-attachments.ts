import { DomainError, translate, type Upload, VISIBILITIES, type Visibility } from '@guichet/core';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problem, problemResponses } from '../../lib/problem.ts';
import { ReferenceParamsSchema } from '../tickets/schemas.ts';
import { FormError, formParts } from './multipart.ts';
import { UploadFormSchema, UploadResultSchema } from './schemas.ts';

export const UPLOAD_PATH = /^\/v1\/tickets\/[^/]+\/attachments\/?$/;

const route = createRoute({
  method: 'post',
  path: '/v1/tickets/{reference}/attachments',
  operationId: 'uploadTicketAttachments',
  tags: ['attachments'],
  summary: 'Attach files, optionally with the reply or internal note that carries them',
  description:
    'A multipart/form-data body, streamed to storage as it arrives (no 1 MiB limit here): each file is refused past the per-file limit while it is read, and the upload past the ticket’s total (422, `errors[].field` = `files[i]`); a refused upload stores nothing. The content type is sniffed from the bytes. `Idempotency-Key` is not taken on this operation (422): retrying an upload attaches the files again.',
  request: {
    params: ReferenceParamsSchema,
    body: { required: true, content: { 'multipart/form-data': { schema: UploadFormSchema } } },
  },
  responses: {
    201: {
      description: 'The files, and the ticket after the reply or note',
      content: { 'application/json': { schema: UploadResultSchema } },
    },
    ...problemResponses,
  },
});

const invalid = (field: string, rule: string, params: Record<string, string | number> = {}) =>
  new DomainError('VALIDATION_FAILED', { fields: [{ field, rule, params }] });

/**
 * Registered in the document as usual, but routed by hand: the validator of a form body would read
 * it whole into memory, where this one streams each file to the store.
 */
export function registerUploadTicketAttachments(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerPath(route);
  app.post('/v1/tickets/:reference/attachments', async (c) => {
    const guichet = c.get('guichet');
    const lang = c.get('lang');
    if (c.req.header('Idempotency-Key') !== undefined)
      throw invalid('Idempotency-Key', 'attachment.idempotency_not_supported');
    const reference = c.req.param('reference');
    const limits = guichet.attachments.limits;
    const fields: { body?: string; visibility?: Visibility } = {};
    let upload: Upload | null = null;
    try {
      for await (const part of formParts(c.req.raw, {
        files: limits.maxFilesPerUpload + 1,
        fields: 10,
        fieldBytes: 200_000,
      })) {
        if (part.kind === 'field') {
          if (upload) throw invalid(part.name, 'attachment.field_after_file');
          if (part.name === 'body') {
            if (part.truncated) throw invalid('body', 'attachment.body_too_long', { max: 50_000 });
            fields.body = part.value;
          } else if (part.name === 'visibility') {
            if (!(VISIBILITIES as readonly string[]).includes(part.value)) {
              throw invalid('visibility', 'field.unknown', { value: part.value.slice(0, 40) });
            }
            fields.visibility = part.value as Visibility;
          } else {
            throw invalid(part.name.slice(0, 40), 'attachment.field_not_allowed');
          }
          continue;
        }
        if (part.name !== 'files' && part.name !== 'file') {
          part.stream.resume();
          throw invalid(part.name.slice(0, 40), 'attachment.field_not_allowed');
        }
        upload ??= await guichet.attachments.begin(c.get('caller'), reference, fields);
        await upload.add(part.filename, part.stream);
      }
      if (!upload) throw invalid('files', 'field.required');
      const result = await upload.commit();
      return c.json(UploadResultSchema.parse(result), 201);
    } catch (error) {
      await upload?.abort().catch(() => {});
      // What is left of the body is never read: the connection cannot carry another request.
      c.header('Connection', 'close');
      if (error instanceof FormError) {
        const message = translate(lang, 'attachment.multipart_expected');
        return problem(c, 'UNSUPPORTED_MEDIA_TYPE', message, {
          rule: 'unsupported_media_type',
          errors: [{ field: 'Content-Type', rule: 'field.invalid', message }],
        });
      }
      throw error;
    }
  });
}
