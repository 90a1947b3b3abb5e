import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { registerGetAttachment } from './get-attachment.ts';
import { registerListTicketAttachments } from './list-ticket-attachments.ts';
import { registerUploadTicketAttachments, UPLOAD_PATH } from './upload-ticket-attachments.ts';

/** Whether a request is a file upload (streamed: the JSON body limit and idempotency stay out of it). */
export const isUpload = (method: string, path: string) => method === 'POST' && UPLOAD_PATH.test(path);

export function registerAttachmentRoutes(app: OpenAPIHono<AppEnv>) {
  registerUploadTicketAttachments(app);
  registerListTicketAttachments(app);
  registerGetAttachment(app);
}
