import { VISIBILITIES } from '@guichet/core';
import { z } from '@hono/zod-openapi';
import { PersonRefSchema, TicketSchema } from '../tickets/schemas.ts';

export const AttachmentSchema = z
  .object({
    id: z.uuid(),
    ticket: z.string().openapi({ example: 'GU-2026-000042' }),
    eventId: z.string().openapi({ description: 'The timeline event that carries the file' }),
    filename: z.string().openapi({
      description: 'Safe name: no folder, control, bidi or zero-width character, at most 120 characters',
      example: 'capture-ecran.png',
    }),
    originalName: z.string().openapi({ description: 'The name as sent (display it escaped)' }),
    contentType: z.string().openapi({
      description:
        'Sniffed from the bytes (never taken from the client); application/octet-stream when unknown',
      example: 'image/png',
    }),
    size: z.number().int().openapi({ description: 'Bytes', example: 48213 }),
    sha256: z.string().openapi({ description: 'SHA-256 of the bytes, hexadecimal' }),
    visibility: z.enum(VISIBILITIES).openapi({ description: 'The event’s: internal files are staff-only' }),
    uploader: z.union([PersonRefSchema, z.null()]),
    createdAt: z.string(),
  })
  .openapi('Attachment');

export const UploadResultSchema = z
  .object({
    ticket: z.union([TicketSchema, z.null()]).openapi({
      description: 'The ticket after the reply or note that carries the files; null when none was written',
    }),
    attachments: z.array(AttachmentSchema),
  })
  .openapi('AttachmentUpload');

/** The form of an upload, for the document (the route reads it as a stream, in this order). */
export const UploadFormSchema = z
  .object({
    body: z.string().max(50_000).optional().openapi({
      description:
        'Text of the reply (public) or note (internal) carrying the files, written in the same transaction. Without it, public files join the ticket’s creation and internal ones a note naming them.',
    }),
    visibility: z.enum(VISIBILITIES).default('public').openapi({
      description: 'internal: staff only, on an internal note',
    }),
    files: z
      .array(z.string().openapi({ format: 'binary' }))
      .min(1)
      .openapi({
        description:
          'One or more files (repeat the part). Fields `body` and `visibility` must come before them.',
      }),
  })
  .openapi('AttachmentUploadForm');

export const AttachmentParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: '0b9e4c52-7d8e-4a8f-9a55-2b2f6ad3d2f1' }),
});
