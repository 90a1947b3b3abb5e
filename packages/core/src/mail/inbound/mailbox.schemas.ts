import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { CatalogService } from '../../catalogue/service.entity.ts';
import { fieldError } from '../../errors.ts';
import { Establishment } from '../../establishments/establishment.entity.ts';
import { Mailbox, UNKNOWN_SENDER_POLICIES } from './mailbox.entity.ts';

const code = z.string().trim().min(1).max(64);

/**
 * One mailbox of the catalogue document (`mailboxes:`): which address feeds which service (and
 * establishment), and what to do with a sender Guichet cannot place.
 * @example { address: 'cellule-pedagogique@insa-rouen.fr', service: 'scenari', establishment: 'insa-rouen', unknownSenders: 'hold' }
 */
export const MailboxInputSchema = z
  .object({
    address: z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(320)),
    service: code,
    establishment: code.nullable().optional(),
    unknownSenders: z.enum(UNKNOWN_SENDER_POLICIES).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type MailboxInput = z.input<typeof MailboxInputSchema>;

/** Creates or updates a mailbox (fields left out are left as stored). */
export async function writeMailbox(
  em: EntityManager,
  input: z.output<typeof MailboxInputSchema>,
): Promise<Mailbox> {
  const service = await em.findOne(CatalogService, { code: input.service });
  if (!service) throw fieldError('service', 'field.unknown', { value: input.service });
  let establishment: Establishment | null | undefined;
  if (input.establishment) {
    establishment = await em.findOne(Establishment, { code: input.establishment });
    if (!establishment) throw fieldError('establishment', 'field.unknown', { value: input.establishment });
  } else if (input.establishment === null) {
    establishment = null;
  }
  const mailbox =
    (await em.findOne(Mailbox, { address: input.address })) ??
    em.create(Mailbox, { address: input.address, service });
  mailbox.service = service;
  if (establishment !== undefined) mailbox.establishment = establishment;
  if (input.unknownSenders) mailbox.unknownSenders = input.unknownSenders;
  if (input.active !== undefined) mailbox.active = input.active;
  return mailbox;
}

/** The stored mailboxes as document items. */
export async function exportMailboxes(em: EntityManager): Promise<z.output<typeof MailboxInputSchema>[]> {
  const boxes = await em.find(
    Mailbox,
    {},
    { orderBy: { address: 'asc' }, populate: ['service', 'establishment'] },
  );
  return boxes.map((m) => ({
    address: m.address,
    service: m.service.code,
    establishment: m.establishment?.code ?? null,
    unknownSenders: m.unknownSenders,
    active: m.active,
  }));
}
