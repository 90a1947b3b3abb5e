import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { Article } from '../knowledge-base/article.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Ticket } from '../tickets/ticket.entity.ts';

/** Who may read a piece of a problem's record: staff only, or also requesters of linked incidents. */
export const PROBLEM_VISIBILITIES = ['internal', 'public'] as const;
export type ProblemVisibility = (typeof PROBLEM_VISIBILITIES)[number];

/**
 * What problem management adds to a ticket of type `problem`: the root cause, the workaround and the
 * known-error article, each readable by requesters only when marked public. The problem's state and
 * solution stay on the ticket (its lifecycle is the ticket workflow); this record only holds the
 * analysis. One per problem ticket; `version` makes a stale edit CONFLICT.
 */
export const ProblemRecordSchema = defineEntity({
  name: 'ProblemRecord',
  properties: {
    ...baseProperties,
    ticket: () => p.oneToOne(Ticket).owner().unique().deleteRule('cascade'),
    rootCause: p.text().nullable(),
    /** Root causes often name internal systems: internal unless someone decides otherwise. */
    rootCauseVisibility: p.enum(PROBLEM_VISIBILITIES).default('internal'),
    workaround: p.text().nullable(),
    /** A workaround is written for the people hit: public unless marked internal. */
    workaroundVisibility: p.enum(PROBLEM_VISIBILITIES).default('public'),
    knownErrorArticle: () => p.manyToOne(Article).nullable().deleteRule('set null'),
    updatedBy: () => p.manyToOne(Person).nullable().deleteRule('set null'),
    version: p.integer().version(),
  },
});
export class ProblemRecord extends ProblemRecordSchema.class {}
ProblemRecordSchema.setClass(ProblemRecord);
