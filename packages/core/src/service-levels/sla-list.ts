import type { CatalogueSnapshot } from '../catalogue/catalogue-snapshot.ts';
import type { Grants } from '../people/access.ts';

/** `?sla=` of ticket lists: a clock past its target, or past its warning threshold (none breached). */
export const SLA_FILTERS = ['breached', 'at_risk'] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];

/**
 * The list's `sort=dueAt` key on ticket `t`: the earliest due instant of its running clocks (stored
 * by the tracker), tickets without one last.
 */
export const DUE_SORT_KEY = `coalesce((select s.next_due_at from ticket_sla s where s.ticket_id = t.id), 'infinity'::timestamptz)`;

/**
 * The SLA filter as a condition on ticket `t` at `now` (a parameter): read from the stored due data,
 * so that a running clock turns at risk and breached at its stored instants without a recomputation.
 */
export function slaFilterSql(filter: SlaFilter, now: string): string {
  const breached = (c: string) =>
    `(s.${c}_breached or (s.${c}_state = 'running' and s.${c}_due_at < ${now}::timestamptz))`;
  const atRisk = (c: string) => `(s.${c}_state = 'running' and s.${c}_warn_at <= ${now}::timestamptz)`;
  const anyBreached = `(${breached('first_response')} or ${breached('resolution')})`;
  const condition =
    filter === 'breached'
      ? anyBreached
      : `((${atRisk('first_response')} or ${atRisk('resolution')}) and not ${anyBreached})`;
  return `exists (select 1 from ticket_sla s where s.ticket_id = t.id and ${condition})`;
}

/**
 * The tickets on which the caller is staff (any role but requester), as a condition on ticket `t`:
 * a list filtered or sorted by service levels holds only those, so that nobody learns the service
 * levels of a ticket they only requested (`$` adds a parameter).
 */
export function staffScopeSql(
  catalogue: CatalogueSnapshot,
  grants: Grants,
  $: (value: unknown) => string,
): string {
  if (grants.functionalAdmin) return 'true';
  const parts = [`t.agent_id = ${$(grants.person.id)}::uuid`];
  if (grants.technicianOf.size > 0) parts.push(`t.team_id = any(${$([...grants.technicianOf])}::uuid[])`);
  const services = catalogue.descendants([...grants.moderatorOf, ...grants.approverOf]);
  if (services.length > 0) {
    const list = $(services);
    parts.push(`t.service_id = any(${list}::uuid[])`, `t.sub_service_id = any(${list}::uuid[])`);
  }
  if (grants.moderatorOf.size > 0) parts.push('t.service_id is null');
  return `(${parts.join(' or ')})`;
}
