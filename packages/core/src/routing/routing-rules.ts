import type { TicketType } from '../tickets/ticket.types.ts';

/** A routing rule reduced to what matching needs. */
export interface RuleCandidate {
  code: string;
  matchServiceId: string | null;
  matchType: TicketType | null;
  matchEstablishmentId: string | null;
  defaultType: TicketType | null;
}

/** What routing knows about the ticket. */
export interface RoutableTicket {
  /** The ticket's service, sub-service and all their ancestors. */
  serviceChain: ReadonlySet<string>;
  type: TicketType | null;
  establishmentId: string | null;
}

/**
 * Rules that apply to the ticket, in the order given (callers sort by position). A rule on a service
 * also covers its sub-services; a null criterion matches anything; a ticket without a type only
 * matches rules that can give it one.
 * @example matchingRules(rules, { serviceChain: new Set([vr.id]), type: null, establishmentId: null })
 */
export function matchingRules<R extends RuleCandidate>(rules: readonly R[], ticket: RoutableTicket): R[] {
  return rules.filter(
    (rule) =>
      (rule.matchServiceId === null || ticket.serviceChain.has(rule.matchServiceId)) &&
      (rule.matchType === null || ticket.type === rule.matchType) &&
      (rule.matchEstablishmentId === null || ticket.establishmentId === rule.matchEstablishmentId) &&
      (ticket.type !== null || rule.defaultType !== null),
  );
}

/**
 * The technician to give a ticket to: the rule's preferred agent when still in the team, else the
 * least loaded member (open tickets), ties broken by email so the choice is reproducible.
 */
export function pickAgent(
  members: readonly { id: string; email: string; load: number }[],
  preferredId: string | null,
): string | null {
  if (preferredId && members.some((m) => m.id === preferredId)) return preferredId;
  const sorted = [...members].sort((a, b) => a.load - b.load || a.email.localeCompare(b.email));
  return sorted[0]?.id ?? null;
}
