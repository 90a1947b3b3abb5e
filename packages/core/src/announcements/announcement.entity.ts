import { defineEntity, p } from '@mikro-orm/core';
import { baseProperties } from '../db/base.entity.ts';
import { Person } from '../people/person.entity.ts';
import { Ticket } from '../tickets/ticket.entity.ts';
import {
  ANNOUNCEMENT_AUDIENCES,
  ANNOUNCEMENT_PHASES,
  ANNOUNCEMENT_SEVERITIES,
} from './announcement.types.ts';

/**
 * An information notice about the group's services: what is wrong (or planned), where, since and
 * until when. Its state (upcoming, active, past) follows from `startsAt`, `endsAt` and `resolvedAt`
 * against the clock (see `announcementState`); `phase` is the status of its latest update.
 * `version` makes a stale correction fail with CONFLICT.
 */
export const AnnouncementSchema = defineEntity({
  name: 'Announcement',
  properties: {
    ...baseProperties,
    /** Plain text, French (always) and English (optional). */
    titleFr: p.string().length(200),
    titleEn: p.string().length(200).nullable(),
    /** Markdown. */
    bodyFr: p.text().default(''),
    bodyEn: p.text().nullable(),
    severity: p.enum(ANNOUNCEMENT_SEVERITIES),
    /** Catalogue services concerned (ids); empty means every service. */
    serviceIds: p.array().columnType('uuid[]').default([]),
    /** Establishments concerned (ids); empty means the whole group. */
    establishmentIds: p.array().columnType('uuid[]').default([]),
    audience: p.enum(ANNOUNCEMENT_AUDIENCES).default('public'),
    startsAt: p.datetime(),
    /** Expected end; past it the announcement is over even if nobody resolved it. */
    endsAt: p.datetime().nullable(),
    /** When an update with status `resolved` was posted. */
    resolvedAt: p.datetime().nullable(),
    phase: p.enum(ANNOUNCEMENT_PHASES).nullable(),
    /** The problem (or any ticket) the notice is about; shown only to those who may see it. */
    linkedTicket: () => p.manyToOne(Ticket).nullable().deleteRule('set null'),
    createdBy: () => p.manyToOne(Person),
    version: p.integer().version(),
  },
  indexes: [
    { properties: ['startsAt'] },
    { properties: ['serviceIds'], type: 'gin' },
    { properties: ['establishmentIds'], type: 'gin' },
  ],
});
export class Announcement extends AnnouncementSchema.class {}
AnnouncementSchema.setClass(Announcement);

/** One step of an announcement's story, immutable once written. */
export const AnnouncementUpdateSchema = defineEntity({
  name: 'AnnouncementUpdate',
  properties: {
    id: baseProperties.id,
    announcement: () => p.manyToOne(Announcement).deleteRule('cascade').index(),
    status: p.enum(ANNOUNCEMENT_PHASES),
    messageFr: p.text(),
    messageEn: p.text().nullable(),
    author: () => p.manyToOne(Person),
    /** The time the update was posted (the service's clock). */
    postedAt: p.datetime(),
  },
});
export class AnnouncementUpdate extends AnnouncementUpdateSchema.class {}
AnnouncementUpdateSchema.setClass(AnnouncementUpdate);
