import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { Provider } from '../providers/provider.entity.ts';
import { Ticket } from './ticket.entity.ts';
import { PROVIDER_REFERENCE_STATUSES } from './ticket.types.ts';

/** A ticket opened at an external provider on our ticket's behalf, and what became of it. */
export const ProviderReferenceSchema = defineEntity({
  name: 'ProviderReference',
  properties: {
    ...baseProperties,
    ticket: () => p.manyToOne(Ticket).index(),
    provider: () => p.manyToOne(Provider),
    externalId: p.string().length(200),
    status: p.enum(PROVIDER_REFERENCE_STATUSES).default('open'),
    notes: p.text().nullable(),
  },
  uniques: [{ properties: ['ticket', 'provider', 'externalId'] }],
});
export class ProviderReference extends ProviderReferenceSchema.class {}
ProviderReferenceSchema.setClass(ProviderReference);
