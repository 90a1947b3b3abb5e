import { defineEntity, p } from '@mikro-orm/core';
import { Person } from '../people/person.entity.ts';
import { Ticket } from './ticket.entity.ts';
import { TICKET_EVENT_TYPES, VISIBILITIES } from './ticket.types.ts';

/**
 * The timeline: append-only. A database trigger refuses UPDATE and DELETE on this table, so no code
 * path can rewrite history. The bigint id identifies an event; `tx` (the writing transaction's id)
 * with the id gives the order in which events became visible, which is what feeds read (see
 * `events/event-log.ts`): ids are taken before commit, so id order alone is not commit order.
 */
export const TicketEventSchema = defineEntity({
  name: 'TicketEvent',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    ticket: () => p.manyToOne(Ticket).index(),
    type: p.enum(TICKET_EVENT_TYPES),
    /** Null when the system acted (routing, scheduler). */
    actor: () => p.manyToOne(Person).nullable(),
    visibility: p.enum(VISIBILITIES).default('public'),
    data: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** `pg_current_xact_id()` of the writing transaction, set by the database. */
    tx: p.string().columnType('xid8').defaultRaw('pg_current_xact_id()').lazy().hidden(),
  },
  indexes: [{ properties: ['tx', 'id'] }],
});
export class TicketEvent extends TicketEventSchema.class {}
TicketEventSchema.setClass(TicketEvent);
