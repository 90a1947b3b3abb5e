import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../../db/base.entity.ts';
import { Ticket } from '../../tickets/ticket.entity.ts';

export const INBOUND_DECISIONS = ['created', 'replied', 'held', 'refused', 'ignored', 'duplicate'] as const;
export type InboundDecision = (typeof INBOUND_DECISIONS)[number];

/**
 * Every mail the gateway received, with its decision and why, written in the same transaction as
 * the ticket change it caused. Unique by (mailbox, Message-ID): a second delivery of the same mail
 * (an IMAP poller after a crash, an MTA retry) finds it and answers `duplicate`. A mail without a
 * Message-ID is keyed by the hash of its bytes (`<sha256.…@guichet.invalid>`). `duplicate` is never
 * stored: it is the answer about the stored row.
 */
export const InboundMessageSchema = defineEntity({
  name: 'InboundMessage',
  uniques: [{ properties: ['mailbox', 'messageId'] }],
  indexes: [{ properties: ['decision', 'createdAt'] }, { properties: ['sender', 'createdAt'] }],
  properties: {
    ...baseProperties,
    /** The mailbox address as given (lower-case), configured or not. */
    mailbox: p.string().length(320),
    messageId: p.string().length(1000),
    /** The From address (lower-case), empty when none could be read. */
    sender: p.string().length(320),
    subject: p.string().length(1000),
    decision: p.enum(INBOUND_DECISIONS.filter((d) => d !== 'duplicate')),
    /** Reason codes with their parameters, in the order the rules found them. */
    reasons: p.json<{ code: string; params: Record<string, string> }[]>(),
    ticket: () => p.manyToOne(Ticket).nullable().deleteRule('no action').index(),
    size: p.integer(),
    sha256: p.string().length(64),
    /** Every header line, decoded (always kept, also for a message too big to keep). */
    headers: p.json<[string, string][]>(),
    /** The message as received; null when it exceeded the size limit (its hash and headers stay). */
    raw: p.blob().nullable(),
    /** The text as it landed in the ticket: quoted history and signature stripped. */
    bodyText: p.text().nullable(),
    /** Attachments found (name sanitised, declared type, size, hash); their bytes are in `raw`. */
    attachments: p.json<{ filename: string; contentType: string; size: number; sha256: string }[]>(),
  },
});
export class InboundMessage extends InboundMessageSchema.class {}
InboundMessageSchema.setClass(InboundMessage);
