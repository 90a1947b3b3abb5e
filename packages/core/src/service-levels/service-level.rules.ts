import type { Priority, TicketType } from '../tickets/ticket.types.ts';

/** A stored target that could apply to a ticket, with how far up its service it was found. */
export interface ServiceLevelCandidate {
  code: string;
  service: string;
  /** 0: the ticket's own (sub-)service; 1: its parent; … */
  depth: number;
  priority: Priority | null;
  type: TicketType | null;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  calendar: string;
  useRequesterCalendar: boolean;
  pauseWhileProvider: boolean;
}

/**
 * The target that applies to a ticket, as rules:
 * 1. a target naming a priority or a type applies only to tickets of that priority or type;
 * 2. the nearest service wins: the ticket's sub-service, then its service, then the parents
 *    (sub-services inherit their service's targets);
 * 3. at the same service, the more specific wins: priority and type, then priority, then type,
 *    then neither; and among equals the first code in alphabetical order (stable).
 * @example pickServiceLevel([{ code: 'moodle', depth: 1, priority: null, … }, { code: 'moodle-quiz-high', depth: 0, priority: 'high', … }], { priority: 'high', type: null }) // moodle-quiz-high
 */
export function pickServiceLevel<C extends ServiceLevelCandidate>(
  candidates: readonly C[],
  ticket: { priority: Priority; type: TicketType | null },
): C | null {
  const specificity = (c: C) => (c.priority ? 2 : 0) + (c.type ? 1 : 0);
  const fitting = candidates.filter(
    (c) =>
      (c.priority === null || c.priority === ticket.priority) && (c.type === null || c.type === ticket.type),
  );
  fitting.sort(
    (a, b) => a.depth - b.depth || specificity(b) - specificity(a) || a.code.localeCompare(b.code),
  );
  return fitting[0] ?? null;
}
