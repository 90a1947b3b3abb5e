import { defineEntity, p } from '@mikro-orm/core';
import { Person } from '../people/person.entity.ts';
import { Ticket } from '../tickets/ticket.entity.ts';
import { VISIBILITIES } from '../tickets/ticket.types.ts';
import { TicketEvent } from '../tickets/ticket-event.entity.ts';

/**
 * A file attached to a ticket, carried by one timeline event (the creation, a reply, a note). The
 * bytes live in the attachment store under their SHA-256 (the same file attached twice is stored
 * once); this row is what the ticket knows of them. `visibility` is the event's, copied when the row
 * is written (events are append-only, so it never changes): an attachment on an internal note is
 * internal, and every read filters on it. Rows are never updated.
 */
export const AttachmentSchema = defineEntity({
  name: 'Attachment',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    createdAt: p.datetime().onCreate(() => new Date()),
    ticket: () => p.manyToOne(Ticket).index(),
    event: () => p.manyToOne(TicketEvent).index(),
    /** Safe to put in a path or a header: no folder, no control or bidi character, bounded. */
    filename: p.string().length(255),
    /** As the client or the mail named it (bounded): shown escaped, never used as a path. */
    originalName: p.text(),
    /** Sniffed from the bytes (never the client's word); `application/octet-stream` when unknown. */
    contentType: p.string().length(255),
    size: p.bigint('number'),
    sha256: p.string().length(64).index(),
    /** Null when the system attached it. */
    uploader: () => p.manyToOne(Person).nullable(),
    visibility: p.enum(VISIBILITIES),
  },
});
export class Attachment extends AttachmentSchema.class {}
AttachmentSchema.setClass(Attachment);
