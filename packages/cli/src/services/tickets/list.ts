import type { paths } from '@guichet/api/client';
import { type Connection, callApi } from '../../lib/api.ts';
import type { Ticket } from './edit.ts';

export type TicketQuery = NonNullable<paths['/v1/tickets']['get']['parameters']['query']>;

/**
 * Tickets matching the query, one page or (`all`) every page. `openedByMe` lists the tickets the
 * caller opened: the requester filter set to their own email (GET /v1/me).
 */
export async function listTickets(
  { api, url }: Connection,
  options: { query: TicketQuery; all?: boolean; openedByMe?: boolean },
): Promise<{ items: Ticket[]; next: string | null }> {
  const query = { ...options.query };
  if (options.openedByMe) query.requester = (await callApi(url, api.GET('/v1/me'))).email;
  const items: Ticket[] = [];
  let after = query.after;
  let next: string | null = null;
  do {
    const page = await callApi(url, api.GET('/v1/tickets', { params: { query: { ...query, after } } }));
    items.push(...page.items);
    next = page.next;
    after = next ?? undefined;
  } while (options.all && next);
  return { items, next };
}
