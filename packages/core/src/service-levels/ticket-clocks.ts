import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from '../db/sql.ts';
import type { Priority, TicketEventType, TicketType } from '../tickets/ticket.types.ts';
import { BusinessCalendar, type BusinessCalendarDefinition } from './business-calendar.ts';
import { clockEventsOf } from './clock-events.ts';
import { pickServiceLevel, type ServiceLevelCandidate } from './service-level.rules.ts';
import { readClocks, type SlaReading } from './sla-clock.ts';

/** The target that applies to a ticket, as stored, with the calendar it is counted on. */
export interface AppliedTarget extends ServiceLevelCandidate {
  /** The calendar counted on (the requester's establishment's where the target says so). */
  calendarCode: string;
  /** Percent of the target at which a warning is announced (the configured default where null). */
  warningPercent: number | null;
  /** Codes of the teams told of a breach (second level). */
  escalateTo: string[];
}

/** A ticket's clocks at an instant: against its target, and against its warning threshold. */
export interface TicketClocks {
  target: AppliedTarget;
  reading: SlaReading;
  /** The same clocks against `warningPercent` of each target (a reached threshold is "breached"). */
  warning: SlaReading;
  /** The instants the ticket was reopened, in order (a new cycle starts at each). */
  reopenedAt: Date[];
}

/** The target and calendar that apply to a ticket (null: none). */
export interface ApplicableTarget {
  level: ServiceLevelCandidate & { warningPercent: number | null; escalateTo: string[] };
  calendar: BusinessCalendar;
}

/**
 * The target that applies to a ticket (the rules of `service-level.rules.ts`, from its sub-service
 * up its services) and the calendar it is counted on (the requester's establishment's where the
 * target says so). Shared by the service levels and the reports, so both count the same way.
 */
export async function applicableTarget(
  em: EntityManager,
  ticket: {
    priority: Priority;
    type: TicketType | null;
    service_id: string | null;
    sub_service_id: string | null;
    establishment: string | null;
  },
): Promise<ApplicableTarget | null> {
  const start = ticket.sub_service_id ?? ticket.service_id;
  if (!start) return null;
  const candidates = await sql<
    ServiceLevelCandidate & {
      calendar_definition: Omit<BusinessCalendarDefinition, 'code'>;
      warningPercent: number | null;
      escalateTo: string[];
    }
  >(
    em,
    `with recursive chain as (
       select id, parent_id, 0 as depth from service where id = $1
       union all
       select s.id, s.parent_id, c.depth + 1 from service s join chain c on s.id = c.parent_id where c.depth < 20)
     select l.code, s.code as service, c.depth, l.priority, l.type, l.first_response_minutes as "firstResponseMinutes",
            l.resolution_minutes as "resolutionMinutes", l.use_requester_calendar as "useRequesterCalendar",
            l.pause_while_provider as "pauseWhileProvider", b.code as calendar, b.definition as calendar_definition,
            l.warning_percent as "warningPercent", l.escalate_to as "escalateTo"
       from service_level l join chain c on c.id = l.service_id join service s on s.id = l.service_id
       join business_calendar b on b.id = l.calendar_id
      where l.active`,
    [start],
  );
  const level = pickServiceLevel(candidates, { priority: ticket.priority, type: ticket.type });
  if (!level) return null;
  let calendarCode = level.calendar;
  let definition = level.calendar_definition;
  if (level.useRequesterCalendar && ticket.establishment) {
    const [own] = await sql<{ code: string; definition: Omit<BusinessCalendarDefinition, 'code'> }>(
      em,
      'select code, definition from business_calendar where $1 = any(establishments)',
      [ticket.establishment],
    );
    if (own) {
      calendarCode = own.code;
      definition = own.definition;
    }
  }
  const { calendar_definition: _definition, ...stored } = level;
  return {
    level: { ...stored, escalateTo: level.escalateTo ?? [] },
    calendar: new BusinessCalendar({ ...definition, code: calendarCode }),
  };
}

/**
 * Reads a ticket's clocks from its timeline at `now` (null: no target applies): the target by the
 * rules of `service-level.rules.ts`, its calendar, then the pure clock of `sla-clock.ts`, once
 * against the target and once against its warning threshold.
 */
export async function readTicketClocks(
  em: EntityManager,
  ticketId: string,
  now: Date,
  defaultWarningPercent: number,
): Promise<TicketClocks | null> {
  const [ticket] = await sql<{
    priority: Priority;
    type: TicketType | null;
    service_id: string | null;
    sub_service_id: string | null;
    establishment: string | null;
  }>(
    em,
    `select t.priority, t.type, t.service_id, t.sub_service_id,
            coalesce(te.code, pe.code) as establishment
       from ticket t join person p on p.id = t.requester_id
       left join establishment te on te.id = t.establishment_id
       left join establishment pe on pe.id = p.establishment_id
      where t.id = $1`,
    [ticketId],
  );
  if (!ticket) return null;
  const applied = await applicableTarget(em, ticket);
  if (!applied) return null;
  const { level, calendar } = applied;
  const timeline = await sql<{ type: TicketEventType; created_at: Date; data: Record<string, unknown> }>(
    em,
    'select type, created_at, data from ticket_event where ticket_id = $1 order by id',
    [ticketId],
  );
  const references = await sql<{ id: string; provider_id: string; external_id: string }>(
    em,
    'select id, provider_id, external_id from provider_reference where ticket_id = $1',
    [ticketId],
  );
  const events = clockEventsOf(
    timeline.map((e) => ({ type: e.type, createdAt: new Date(e.created_at), data: e.data })),
    references.map((r) => ({ id: r.id, providerId: r.provider_id, externalId: r.external_id })),
  );
  const rules = { pauseWhileProvider: level.pauseWhileProvider };
  const targets = {
    firstResponseMinutes: level.firstResponseMinutes,
    resolutionMinutes: level.resolutionMinutes,
  };
  const percent = level.warningPercent ?? defaultWarningPercent;
  return {
    target: { ...level, calendarCode: calendar.code },
    reading: readClocks(events, calendar, targets, rules, now),
    warning: readClocks(events, calendar, warningTargets(targets, percent), rules, now),
    reopenedAt: timeline.filter((e) => e.type === 'reopened').map((e) => new Date(e.created_at)),
  };
}

/**
 * The warning thresholds of targets: `percent` of each, to the millisecond.
 * @example warningTargets({ firstResponseMinutes: 60, resolutionMinutes: null }, 80) // { firstResponseMinutes: 48, resolutionMinutes: null }
 */
export function warningTargets(
  targets: { firstResponseMinutes: number | null; resolutionMinutes: number | null },
  percent: number,
): { firstResponseMinutes: number | null; resolutionMinutes: number | null } {
  const scale = (m: number | null) => (m === null ? null : Math.round(m * percent * 600) / 60_000);
  return {
    firstResponseMinutes: scale(targets.firstResponseMinutes),
    resolutionMinutes: scale(targets.resolutionMinutes),
  };
}
