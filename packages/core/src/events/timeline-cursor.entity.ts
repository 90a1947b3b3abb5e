import { defineEntity, p } from '@mikro-orm/core';

/**
 * Where a consumer of the timeline (notifications today; webhooks and service-level clocks to come)
 * stands in the feed's commit order `(tx, id)` (see `event-log.ts`). It moves in the same
 * transaction as what the consumer wrote for the events it passed, so each event is handled once.
 */
export const TimelineCursorSchema = defineEntity({
  name: 'TimelineCursor',
  properties: {
    consumer: p.string().length(64).primary(),
    /** The writing transaction of the last event passed (`xid8`). */
    tx: p.string().columnType('xid8'),
    eventId: p.bigint('string'),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export class TimelineCursor extends TimelineCursorSchema.class {}
TimelineCursorSchema.setClass(TimelineCursor);
