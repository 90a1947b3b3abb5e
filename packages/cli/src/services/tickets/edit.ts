import type { components } from '@guichet/api/client';
import { type Connection, callApi } from '../../lib/api.ts';

export type TicketChanges = components['schemas']['UpdateTicket'];
export type Ticket = components['schemas']['Ticket'];

/** The If-Match header of a ticket version, as the API issues ETags (`"v3"`). */
export const ifMatchHeader = (version: number | undefined) =>
  version === undefined ? {} : { header: { 'if-match': `"v${version}"` } };

/**
 * Changes a ticket's editable fields (PATCH /v1/tickets/{reference}); with `ifMatch`, only if the
 * ticket is still at that version.
 */
export async function editTicket(
  { api, url }: Connection,
  input: { reference: string; changes: TicketChanges; ifMatch?: number },
): Promise<Ticket> {
  return callApi(
    url,
    api.PATCH('/v1/tickets/{reference}', {
      params: { path: { reference: input.reference }, ...ifMatchHeader(input.ifMatch) },
      body: input.changes,
    }),
  );
}
