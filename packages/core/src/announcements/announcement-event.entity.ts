import { defineEntity, p } from '@mikro-orm/core';
import { Announcement } from './announcement.entity.ts';
import { ANNOUNCEMENT_AUDIENCES } from './announcement.types.ts';

/** What happened to an announcement, as the event stream names it (`announcement.<type>`). */
export const ANNOUNCEMENT_EVENT_TYPES = ['published', 'updated', 'resolved', 'corrected'] as const;
export type AnnouncementEventType = (typeof ANNOUNCEMENT_EVENT_TYPES)[number];

/**
 * Announcements' changes for `/v1/events`, append-only like the ticket timeline and ordered with it:
 * the id is drawn from the timeline's own sequence (an id names one event of either table, so a
 * `Last-Event-ID` is unambiguous) and `tx` is the writing transaction's, so the stream reads both
 * tables in one `(tx, id)` order below the same horizon (see `events/event-log.ts`). `data` is
 * what readers of the announcement may know of it then (`AnnouncementEventData`); the audience is
 * kept beside it to decide who reads the event, and the linked ticket is named per reader.
 */
export const AnnouncementEventSchema = defineEntity({
  name: 'AnnouncementEvent',
  properties: {
    id: p.bigint('string').primary().autoincrement(false),
    announcement: () => p.manyToOne(Announcement).deleteRule('cascade').index(),
    type: p.enum(ANNOUNCEMENT_EVENT_TYPES),
    /** The announcement's audience when the event happened. */
    audience: p.enum(ANNOUNCEMENT_AUDIENCES),
    linkedTicketId: p.uuid().nullable(),
    data: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
    /** `pg_current_xact_id()` of the writing transaction, set by the database. */
    tx: p.string().columnType('xid8').defaultRaw('pg_current_xact_id()').lazy().hidden(),
  },
  indexes: [{ properties: ['tx', 'id'] }],
});
export class AnnouncementEvent extends AnnouncementEventSchema.class {}
AnnouncementEventSchema.setClass(AnnouncementEvent);
