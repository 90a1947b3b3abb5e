import { defineEntity, p } from '@mikro-orm/core';
import { CatalogService } from '../../catalogue/service.entity.ts';
import { baseProperties } from '../../db/base.entity.ts';
import { Establishment } from '../../establishments/establishment.entity.ts';

/** What a mailbox does with a new mail from a sender it cannot place. */
export const UNKNOWN_SENDER_POLICIES = ['refuse', 'hold'] as const;
export type UnknownSenderPolicy = (typeof UNKNOWN_SENDER_POLICIES)[number];

/**
 * An address Guichet receives mail at (e.g. the teaching support cell of INSA Rouen), and the
 * service (and establishment) its new tickets belong to. Written by the catalogue document
 * (`mailboxes:` section of `guichet catalog apply`), so that the mapping is reviewed as code.
 */
export const MailboxSchema = defineEntity({
  name: 'Mailbox',
  properties: {
    ...baseProperties,
    /** Stored lower-case; what `guichet mail ingest --mailbox` and the IMAP poller name. */
    address: p.string().length(320).unique(),
    service: () => p.manyToOne(CatalogService),
    /** The establishment of its tickets; null: the requester's own. */
    establishment: () => p.manyToOne(Establishment).nullable().deleteRule('no action'),
    unknownSenders: p.enum(UNKNOWN_SENDER_POLICIES).default('hold'),
    active: p.boolean().default(true),
  },
});
export class Mailbox extends MailboxSchema.class {}
MailboxSchema.setClass(Mailbox);
