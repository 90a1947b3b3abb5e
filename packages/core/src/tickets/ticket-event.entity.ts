import { defineEntity, p } from '@mikro-orm/core';
import { Person } from '../people/person.entity.ts';
import { Ticket } from './ticket.entity.ts';
import { TICKET_EVENT_TYPES, VISIBILITIES } from './ticket.types.ts';

/**
 * The timeline: append-only. A database trigger refuses UPDATE and DELETE on this table, so no code
 * path can rewrite history. The bigint id orders all events of all tickets (used to resume streams).
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
  },
});
export class TicketEvent extends TicketEventSchema.class {}
TicketEventSchema.setClass(TicketEvent);
