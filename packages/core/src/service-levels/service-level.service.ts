import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from '../db/sql.ts';
import { withEm } from '../db/transaction.ts';
import { DomainError } from '../errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { Caller, TicketService } from '../tickets/ticket.service.ts';
import type { Priority, TicketEventType, TicketType } from '../tickets/ticket.types.ts';
import { BusinessCalendar, type BusinessCalendarDefinition } from './business-calendar.ts';
import { clockEventsOf } from './clock-events.ts';
import { pickServiceLevel, type ServiceLevelCandidate } from './service-level.rules.ts';
import { type ClockReading, readClocks } from './sla-clock.ts';

/** A clock as a ticket view shows it: minutes and ISO instants. */
export interface ClockView {
  state: ClockReading['state'];
  elapsedMinutes: number;
  targetMinutes: number | null;
  remainingMinutes: number | null;
  dueAt: string | null;
  breached: boolean;
  breachedAt: string | null;
}

export interface TicketServiceLevelView {
  reference: string;
  /** The target that applies (null: no target for this ticket's service, priority and type). */
  target: {
    code: string;
    service: string;
    priority: Priority | null;
    type: TicketType | null;
    calendar: string;
    pauseWhileProvider: boolean;
  } | null;
  firstResponse: ClockView | null;
  resolution: ClockView | null;
  computedAt: string;
}

const minutes = (ms: number) => Math.floor(ms / 60_000);

function clockView(r: ClockReading): ClockView {
  return {
    state: r.state,
    elapsedMinutes: minutes(r.elapsedMs),
    targetMinutes: r.targetMs === null ? null : minutes(r.targetMs),
    remainingMinutes: r.remainingMs === null ? null : Math.ceil(r.remainingMs / 60_000),
    dueAt: r.dueAt?.toISOString() ?? null,
    breached: r.breached,
    breachedAt: r.breachedAt?.toISOString() ?? null,
  };
}

/**
 * Service levels of tickets: which target applies (rules in `service-level.rules.ts`), on which
 * calendar, and the two clocks read from the timeline at this instant. Nothing is stored per
 * ticket: a change of target or calendar applies to every reading from then on.
 */
export class ServiceLevelService {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #tickets: TicketService;

  constructor(orm: MikroORM, clock: Clock, tickets: TicketService) {
    this.#orm = orm;
    this.#clock = clock;
    this.#tickets = tickets;
  }

  /** The service levels of a ticket, for staff on it (requesters: FORBIDDEN, hidden tickets: not found). */
  async forTicket(caller: Caller, reference: string): Promise<TicketServiceLevelView> {
    const access = await this.#tickets.access(caller, reference);
    if (!access.staff) throw new DomainError('FORBIDDEN', { rule: 'not_a_staff_action' });
    const now = this.#clock.now();
    return withEm(this.#orm, async (em) => {
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
        [access.ticketId],
      );
      const start = ticket!.sub_service_id ?? ticket!.service_id;
      const candidates = start
        ? await sql<
            ServiceLevelCandidate & { calendar_definition: Omit<BusinessCalendarDefinition, 'code'> }
          >(
            em,
            `with recursive chain as (
               select id, parent_id, 0 as depth from service where id = $1
               union all
               select s.id, s.parent_id, c.depth + 1 from service s join chain c on s.id = c.parent_id where c.depth < 20)
             select l.code, s.code as service, c.depth, l.priority, l.type, l.first_response_minutes as "firstResponseMinutes",
                    l.resolution_minutes as "resolutionMinutes", l.use_requester_calendar as "useRequesterCalendar",
                    l.pause_while_provider as "pauseWhileProvider", b.code as calendar, b.definition as calendar_definition
               from service_level l join chain c on c.id = l.service_id join service s on s.id = l.service_id
               join business_calendar b on b.id = l.calendar_id
              where l.active`,
            [start],
          )
        : [];
      const level = pickServiceLevel(candidates, { priority: ticket!.priority, type: ticket!.type });
      const base = { reference: access.reference, computedAt: now.toISOString() };
      if (!level) return { ...base, target: null, firstResponse: null, resolution: null };
      let calendarCode = level.calendar;
      let definition = level.calendar_definition;
      if (level.useRequesterCalendar && ticket!.establishment) {
        const [own] = await sql<{ code: string; definition: Omit<BusinessCalendarDefinition, 'code'> }>(
          em,
          'select code, definition from business_calendar where $1 = any(establishments)',
          [ticket!.establishment],
        );
        if (own) {
          calendarCode = own.code;
          definition = own.definition;
        }
      }
      const timeline = await sql<{ type: TicketEventType; created_at: Date; data: Record<string, unknown> }>(
        em,
        'select type, created_at, data from ticket_event where ticket_id = $1 order by id',
        [access.ticketId],
      );
      const references = await sql<{ id: string; provider_id: string; external_id: string }>(
        em,
        'select id, provider_id, external_id from provider_reference where ticket_id = $1',
        [access.ticketId],
      );
      const reading = readClocks(
        clockEventsOf(
          timeline.map((e) => ({ type: e.type, createdAt: new Date(e.created_at), data: e.data })),
          references.map((r) => ({ id: r.id, providerId: r.provider_id, externalId: r.external_id })),
        ),
        new BusinessCalendar({ ...definition, code: calendarCode }),
        { firstResponseMinutes: level.firstResponseMinutes, resolutionMinutes: level.resolutionMinutes },
        { pauseWhileProvider: level.pauseWhileProvider },
        now,
      );
      return {
        ...base,
        target: {
          code: level.code,
          service: level.service,
          priority: level.priority,
          type: level.type,
          calendar: calendarCode,
          pauseWhileProvider: level.pauseWhileProvider,
        },
        firstResponse: clockView(reading.firstResponse),
        resolution: clockView(reading.resolution),
      };
    });
  }
}
