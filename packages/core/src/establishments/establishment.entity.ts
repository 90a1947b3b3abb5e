import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';

/** One of the INSA schools, or the group itself. */
export const EstablishmentSchema = defineEntity({
  name: 'Establishment',
  properties: {
    ...baseProperties,
    /** Stable short code used by the catalogue and the claims mapping, e.g. `insa-lyon`. */
    code: p.string().length(64).unique(),
    name: p.string().length(200),
    /** Mail domains of its people (e.g. `insa-lyon.fr`), used to place a person by email. */
    mailDomains: p.array().default([]),
  },
});
export class Establishment extends EstablishmentSchema.class {}
EstablishmentSchema.setClass(Establishment);
