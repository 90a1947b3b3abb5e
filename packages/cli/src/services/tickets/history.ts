import type { components } from '@guichet/api/client';
import { type Connection, callApi } from '../../lib/api.ts';
import { type Names, namesFor, needsTeams } from '../../lib/timeline.ts';
import type { Ticket } from './edit.ts';

type TicketEvent = components['schemas']['TicketEvent'];

/**
 * A ticket with its timeline and the names its ids stand for: GET the ticket and its timeline,
 * and the teams only when they name someone the ticket does not (once per command run). A caller
 * who may not list teams (a requester) gets the names the ticket gives.
 */
export async function ticketWithHistory(
  { api, url }: Connection,
  reference: string,
): Promise<{ ticket: Ticket; events: TicketEvent[]; names: Names }> {
  const path = { params: { path: { reference } } };
  const [ticket, events] = await Promise.all([
    callApi(url, api.GET('/v1/tickets/{reference}', path)),
    callApi(url, api.GET('/v1/tickets/{reference}/timeline', path)),
  ]);
  let teams: components['schemas']['Team'][] = [];
  if (needsTeams(ticket, events)) {
    const { data, response } = await api.GET('/v1/teams');
    if (response.ok && data) teams = data;
  }
  return { ticket, events, names: namesFor(ticket, events, teams) };
}
