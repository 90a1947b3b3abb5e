import { defineEntity, p } from '@mikro-orm/core';
import { CatalogService } from '../catalogue/service.entity.ts';
import { baseProperties } from '../db/base.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Article } from './article.entity.ts';

/**
 * Suggestions shown to a person about to write a ticket (or working on one), for the reports: what
 * they typed, what was shown, and whether they then gave up the ticket ("deflected").
 */
export const KbSuggestionSchema = defineEntity({
  name: 'KbSuggestion',
  properties: {
    ...baseProperties,
    person: () => p.manyToOne(Person).deleteRule('cascade').index(),
    text: p.text(),
    service: () => p.manyToOne(CatalogService).nullable().deleteRule('set null'),
    articleIds: p.array().columnType('uuid[]').default([]),
    ticketIds: p.array().columnType('uuid[]').default([]),
    deflectedAt: p.datetime().nullable(),
    /** The article that answered the person, when they said which. */
    deflectedBy: () => p.manyToOne(Article).nullable().deleteRule('set null'),
  },
});
export class KbSuggestion extends KbSuggestionSchema.class {}
KbSuggestionSchema.setClass(KbSuggestion);
