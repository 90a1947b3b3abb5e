import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { Establishment } from '../establishments/establishment.entity.ts';

/** A group of technicians; membership is a `technician` profile grant scoped to the team. */
export const TeamSchema = defineEntity({
  name: 'Team',
  properties: {
    ...baseProperties,
    code: p.string().length(64).unique(),
    name: p.string().length(200),
    /** Set when the team belongs to one school; null for group-wide teams. */
    establishment: () => p.manyToOne(Establishment).nullable(),
  },
});
export class Team extends TeamSchema.class {}
TeamSchema.setClass(Team);
