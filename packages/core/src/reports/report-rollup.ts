import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql.ts';
import { clockEventsOf } from '../service-levels/clock-events.ts';
import { readClocks, type SlaReading } from '../service-levels/sla-clock.ts';
import { applicableTarget } from '../service-levels/ticket-clocks.ts';
import type { Priority, TicketEventType, TicketType } from '../tickets/ticket.types.ts';
import { REPORT_TIME_ZONE } from './report.schemas.ts';
import { addTickets, lockRollup, slicesOf, subtractTickets } from './report-cube.ts';
import { type TicketFacts, ticketFacts } from './ticket-facts.ts';

/** The timeline consumer's name (its row in `timeline_cursor`). */
export const REPORTS_CONSUMER = 'reports';

interface TicketRow {
  id: string;
  service_id: string | null;
  sub_service_id: string | null;
  type: TicketType | null;
  establishment_id: string | null;
  establishment: string | null;
  team_id: string | null;
  channel: string;
  priority: Priority;
  affiliation: string;
}

/** The clocks of a ticket as `ServiceLevelService` reads them (same target rules, same calendar choice). */
async function clocksOf(
  em: EntityManager,
  ticket: TicketRow,
  timeline: { type: TicketEventType; at: Date; data: Record<string, unknown> }[],
  references: { id: string; providerId: string; externalId: string }[],
  now: Date,
): Promise<SlaReading | null> {
  const applied = await applicableTarget(em, ticket);
  if (!applied) return null;
  const { level, calendar } = applied;
  return readClocks(
    clockEventsOf(
      timeline.map((e) => ({ type: e.type, createdAt: e.at, data: e.data })),
      references,
    ),
    calendar,
    { firstResponseMinutes: level.firstResponseMinutes, resolutionMinutes: level.resolutionMinutes },
    { pauseWhileProvider: level.pauseWhileProvider },
    now,
  );
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function multirange(periods: TicketFacts['backlog']): string {
  return `{${periods.map((p) => `[${p.from.toISOString()},${p.to ? p.to.toISOString() : ''})`).join(',')}}`;
}

/**
 * Recomputes the rollup rows of the tickets (facts, day counters, escalations) from their whole
 * timelines, on `em`'s transaction: what a ticket's rows say never depends on what they said before,
 * so a recomputation after any change, a repeat, or a rebuild from scratch all give the same rows.
 */
export async function recomputeTickets(
  em: EntityManager,
  ticketIds: readonly string[],
  now: Date,
): Promise<void> {
  const ids = [...new Set(ticketIds)];
  await lockRollup(em);
  await subtractTickets(em, ids);
  for (const id of ids) {
    const [ticket] = await sql<TicketRow>(
      em,
      `select t.id, t.service_id, t.sub_service_id, t.type, coalesce(t.establishment_id, p.establishment_id) as establishment_id,
              coalesce(te.code, pe.code) as establishment, t.team_id, t.channel, t.priority, p.affiliation
         from ticket t join person p on p.id = t.requester_id
         left join establishment te on te.id = t.establishment_id
         left join establishment pe on pe.id = p.establishment_id
        where t.id = $1`,
      [id],
    );
    await sql(em, 'delete from report_ticket_day where ticket_id = $1', [id]);
    await sql(em, 'delete from report_escalation where ticket_id = $1', [id]);
    if (!ticket) {
      await sql(em, 'delete from report_ticket_fact where ticket_id = $1', [id]);
      continue;
    }
    const timeline = (
      await sql<{ type: TicketEventType; created_at: Date; data: Record<string, unknown> }>(
        em,
        'select type, created_at, data from ticket_event where ticket_id = $1 order by id',
        [id],
      )
    ).map((e) => ({ type: e.type, at: new Date(e.created_at), data: e.data }));
    const references = (
      await sql<{ id: string; provider_id: string; external_id: string }>(
        em,
        'select id, provider_id, external_id from provider_reference where ticket_id = $1',
        [id],
      )
    ).map((r) => ({ id: r.id, providerId: r.provider_id, externalId: r.external_id }));
    const clocks = await clocksOf(em, ticket, timeline, references, now);
    const f = ticketFacts(timeline, references, clocks, now, REPORT_TIME_ZONE);
    const slices = await slicesOf(em, {
      service: ticket.service_id,
      subService: ticket.sub_service_id,
      type: ticket.type,
      establishment: ticket.establishment_id,
      team: ticket.team_id,
      channel: ticket.channel,
      priority: ticket.priority,
      provider: f.providerId,
      affiliation: ticket.affiliation,
    });
    await sql(
      em,
      `insert into report_ticket_fact (ticket_id, service_id, sub_service_id, type, establishment_id, team_id, channel,
          priority, provider_id, affiliation, status, created_at, resolved_at, closed_at, backlog, first_response_ms,
          resolution_ms, pending_ms, reopen_count, approval_rejected, has_first_response_target, has_resolution_target,
          first_response_breached, resolution_breached, first_response_due_at, resolution_due_at, computed_at, slices)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::tstzmultirange, $16, $17, $18, $19, $20,
               $21, $22, $23, $24, $25, $26, $27, $28::int[])
       on conflict (ticket_id) do update set service_id = excluded.service_id, sub_service_id = excluded.sub_service_id,
          type = excluded.type, establishment_id = excluded.establishment_id, team_id = excluded.team_id,
          channel = excluded.channel, priority = excluded.priority, provider_id = excluded.provider_id,
          affiliation = excluded.affiliation, status = excluded.status, created_at = excluded.created_at,
          resolved_at = excluded.resolved_at, closed_at = excluded.closed_at, backlog = excluded.backlog,
          first_response_ms = excluded.first_response_ms, resolution_ms = excluded.resolution_ms,
          pending_ms = excluded.pending_ms, reopen_count = excluded.reopen_count,
          approval_rejected = excluded.approval_rejected, has_first_response_target = excluded.has_first_response_target,
          has_resolution_target = excluded.has_resolution_target, first_response_breached = excluded.first_response_breached,
          resolution_breached = excluded.resolution_breached, first_response_due_at = excluded.first_response_due_at,
          resolution_due_at = excluded.resolution_due_at, computed_at = excluded.computed_at, slices = excluded.slices`,
      [
        id,
        ticket.service_id,
        ticket.sub_service_id,
        ticket.type,
        ticket.establishment_id,
        ticket.team_id,
        ticket.channel,
        ticket.priority,
        f.providerId,
        ticket.affiliation,
        f.status,
        iso(f.createdAt),
        iso(f.resolvedAt),
        iso(f.closedAt),
        multirange(f.backlog),
        f.firstResponseMs,
        f.resolutionMs,
        f.pendingMs,
        f.reopenCount,
        f.approvalRejected,
        f.hasFirstResponseTarget,
        f.hasResolutionTarget,
        f.firstResponseBreached,
        f.resolutionBreached,
        iso(f.firstResponseDueAt),
        iso(f.resolutionDueAt),
        now.toISOString(),
        slices,
      ],
    );
    if (f.days.size > 0) {
      const days = [...f.days.entries()];
      await sql(
        em,
        `insert into report_ticket_day (ticket_id, day, created, resolved, closed, reopened, rejected, escalated)
         select $1, d.day::date, d.created, d.resolved, d.closed, d.reopened, d.rejected, d.escalated
           from unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[])
                as d(day, created, resolved, closed, reopened, rejected, escalated)`,
        [
          id,
          days.map(([d]) => d),
          days.map(([, c]) => c.created),
          days.map(([, c]) => c.resolved),
          days.map(([, c]) => c.closed),
          days.map(([, c]) => c.reopened),
          days.map(([, c]) => c.rejected),
          days.map(([, c]) => c.escalated),
        ],
      );
    }
    if (f.escalations.length > 0) {
      await sql(
        em,
        `insert into report_escalation (ticket_id, ordinal, provider_id, escalated_at, ended_at, slice_id)
         select $1, e.ordinal, e.provider_id, e.escalated_at, e.ended_at, $6
           from unnest($2::int[], $3::uuid[], $4::timestamptz[], $5::timestamptz[]) as e(ordinal, provider_id, escalated_at, ended_at)`,
        [
          id,
          f.escalations.map((_, i) => i),
          f.escalations.map((e) => e.providerId),
          f.escalations.map((e) => e.escalatedAt.toISOString()),
          f.escalations.map((e) => iso(e.endedAt)),
          slices[0],
        ],
      );
    }
  }
  await addTickets(em, ids);
}
