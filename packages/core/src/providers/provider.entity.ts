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
  },
});
export class Provider extends ProviderSchema.class {}
ProviderSchema.setClass(Provider);
