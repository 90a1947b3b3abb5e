import type { AttachmentService } from '../../attachments/attachment.service.ts';
import { sql } from '../../db/sql.ts';
import type { AttachmentHandler } from './mail-gateway.ts';

/**
 * Stores a mail's attachments on the ticket it created or answered, in the gateway's transaction:
 * they belong to the event that mail wrote (the creation, or the reply), and take its visibility.
 * A file over a size limit is left out (the raw mail, kept by the gateway, still has it).
 */
export function mailAttachmentHandler(attachments: AttachmentService): AttachmentHandler {
  return async ({ em, ticketId, authorId, attachments: files, eventTypes }) => {
    const [event] = await sql<{ id: string }>(
      em,
      `select id::text as id from ticket_event
        where ticket_id = $1 and tx = pg_current_xact_id()
          and type = any($2::text[])
        order by id desc limit 1`,
      [ticketId, eventTypes ?? ['created', 'requester_replied', 'public_reply']],
    );
    if (!event) return;
    await attachments.attachFiles(em, {
      ticketId,
      eventId: event.id,
      uploaderId: authorId,
      files: files.map((f) => ({ filename: f.filename, content: f.content })),
    });
  };
}
