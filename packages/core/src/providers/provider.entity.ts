import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';

/** An external vendor that hosts or maintains a service (e.g. Kelis for Scenari). */
export const ProviderSchema = defineEntity({
  name: 'Provider',
  properties: {
    ...baseProperties,
    code: p.string().length(64).unique(),
    name: p.string().length(200),
    contact: p.string().length(320).nullable(),
    supportUrl: p.string().length(500).nullable(),
    /**
     * How the provider's own ticket number appears in its mails' subjects: a regular expression whose
     * first group is the number (e.g. `\[Kelis #(\d+)\]`). The mail gateway matches it against the
     * provider references of tickets (see docs/mail.md).
     */
    mailSubjectPattern: p.string().length(300).nullable(),
    /**
     * Where Guichet writes to the provider when a ticket is escalated to it (the provider's ticket
     * number in the subject as `[<name> #<number>]`); null: Guichet never writes to it.
     */
    mailAddress: p.string().length(320).nullable(),
  },
});
export class Provider extends ProviderSchema.class {}
ProviderSchema.setClass(Provider);
