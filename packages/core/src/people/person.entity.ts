import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { Establishment } from '../establishments/establishment.entity.ts';
import { LANGUAGES } from '../i18n/messages.ts';

export const AFFILIATIONS = ['staff', 'faculty', 'student'] as const;
export type Affiliation = (typeof AFFILIATIONS)[number];

/** Anyone who asks or works: requesters, approvers, moderators, technicians, admins. */
export const PersonSchema = defineEntity({
  name: 'Person',
  properties: {
    ...baseProperties,
    /** Subject from the identity provider (`iss|sub`); null until the person first signs in. */
    subject: p.string().length(400).nullable().unique(),
    /** Stored lower-case; the natural key for seeding and for the email gateway. */
    email: p.string().length(320).unique(),
    displayName: p.string().length(200),
    establishment: () => p.manyToOne(Establishment).nullable(),
    affiliation: p.enum(AFFILIATIONS).default('staff'),
    language: p.enum(LANGUAGES).default('fr'),
    active: p.boolean().default(true),
  },
});
export class Person extends PersonSchema.class {}
PersonSchema.setClass(Person);
