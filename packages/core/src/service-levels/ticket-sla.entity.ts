import { defineEntity, p } from '@mikro-orm/core';
import { Ticket } from '../tickets/ticket.entity.ts';

/**
 * A ticket's service-level due data, kept up to date by the service-level tracker from the
 * timeline (`sla-tracker.ts`), so that ticket views and lists show and filter due dates without
 * running the clock per row. Per clock: its state when computed, the instant the target is (or
 * was) reached if it keeps running (`due_at`), the instant the warning threshold is reached
 * (`warn_at`), and whether it was already breached. `next_due_at` is the earliest due instant of a
 * running clock (the list's `sort=due`). Derived data: recomputed from the timeline at any time.
 */
export const TicketSlaSchema = defineEntity({
  name: 'TicketSla',
  tableName: 'ticket_sla',
  properties: {
    ticket: () => p.oneToOne(Ticket).primary().owner().deleteRule('cascade'),
    /** The target's code (null: no target applies to the ticket). */
    target: p.string().length(64).nullable(),
    firstResponseState: p.string().length(16).nullable(),
    firstResponseDueAt: p.datetime().nullable(),
    firstResponseWarnAt: p.datetime().nullable(),
    firstResponseBreached: p.boolean().default(false),
    /** Business milliseconds left when computed (negative once breached). */
    firstResponseRemainingMs: p.bigint('number').nullable(),
    resolutionState: p.string().length(16).nullable(),
    resolutionDueAt: p.datetime().nullable(),
    resolutionWarnAt: p.datetime().nullable(),
    resolutionBreached: p.boolean().default(false),
    resolutionRemainingMs: p.bigint('number').nullable(),
    nextDueAt: p.datetime().nullable().index(),
    /** The earliest warning or breach not yet announced of a running clock: when to check again. */
    nextCheckAt: p.datetime().nullable().index(),
    computedAt: p.datetime(),
  },
});
export class TicketSla extends TicketSlaSchema.class {}
TicketSlaSchema.setClass(TicketSla);

/**
 * A warning or breach that was announced on a ticket's timeline: at most one per ticket, clock,
 * kind and cycle (a unique key), which is what makes an announcement happen exactly once whatever
 * the number of processes checking at the same time.
 */
export const SlaAlertSchema = defineEntity({
  name: 'SlaAlert',
  tableName: 'sla_alert',
  uniques: [{ properties: ['ticket', 'clock', 'kind', 'cycle'] }],
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    ticket: () => p.manyToOne(Ticket).deleteRule('cascade'),
    /** `first_response` or `resolution`. */
    clock: p.string().length(16),
    /** `warning` or `breach`. */
    kind: p.string().length(16),
    /** How many times the ticket had been reopened when the threshold was crossed. */
    cycle: p.integer(),
    /** The instant the threshold was crossed. */
    crossedAt: p.datetime(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class SlaAlert extends SlaAlertSchema.class {}
SlaAlertSchema.setClass(SlaAlert);
