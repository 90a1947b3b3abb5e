import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';

/**
 * The managed tag vocabulary: articles carry tag codes; a search for any synonym also looks for the
 * tag and its other synonyms (`odt` ~ `libreoffice`). Codes and synonyms are stored lower-case
 * without accents.
 */
export const KbTagSchema = defineEntity({
  name: 'KbTag',
  properties: {
    ...baseProperties,
    code: p.string().length(64).unique(),
    label: p.string().length(200),
    synonyms: p.array().default([]),
  },
  indexes: [{ properties: ['synonyms'], type: 'gin' }],
});
export class KbTag extends KbTagSchema.class {}
KbTagSchema.setClass(KbTag);

/**
 * The words of the articles (lower-case, without accents), for typo tolerance: a query word that
 * no article contains is also looked up among these by trigram similarity ("opalle" → "opale").
 */
export const KbWordSchema = defineEntity({
  name: 'KbWord',
  properties: {
    word: p.string().length(64).primary(),
  },
  indexes: [
    {
      name: 'kb_word_trgm_index',
      expression: 'create index "kb_word_trgm_index" on "kb_word" using gin ("word" gin_trgm_ops)',
    },
  ],
});
export class KbWord extends KbWordSchema.class {}
KbWordSchema.setClass(KbWord);
