import { p } from '@mikro-orm/core';
import { newId } from '../shared/ids.ts';

/**
 * Columns every stored concept has: a UUID key and creation / update times.
 * Spread into each `defineEntity({ properties })`.
 */
export const baseProperties = {
  id: p
    .uuid()
    .primary()
    .onCreate(() => newId()),
  createdAt: p.datetime().onCreate(() => new Date()),
  updatedAt: p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date()),
};
