import type { components } from '@guichet/api/client';
import { type Connection, callApi } from '../../lib/api.ts';
import { CliError } from '../../lib/errors.ts';
import { t } from '../../lib/messages.ts';
import { ifMatchHeader, type Ticket } from './edit.ts';

export type ProviderReferenceChanges = components['schemas']['UpdateProviderReference'];

/**
 * Records what became of a provider's ticket (PATCH …/provider-references/{id}). The reference is
 * named by its id or by the provider's ticket number, as `tickets show` prints it.
 */
export async function updateProviderReference(
  { api, url }: Connection,
  input: { reference: string; providerRef: string; changes: ProviderReferenceChanges; ifMatch?: number },
): Promise<Ticket> {
  const path = { reference: input.reference };
  const ticket = await callApi(url, api.GET('/v1/tickets/{reference}', { params: { path } }));
  const found = ticket.providerReferences.filter(
    (r) => r.id === input.providerRef || r.externalId === input.providerRef,
  );
  if (found.length !== 1)
    throw new CliError(
      t(found.length === 0 ? 'provider_ref_unknown' : 'provider_ref_ambiguous', {
        ref: input.providerRef,
        ticket: input.reference,
        known: ticket.providerReferences.map((r) => `${r.provider} ${r.externalId}`).join(', ') || '—',
      }),
    );
  return callApi(
    url,
    api.PATCH('/v1/tickets/{reference}/provider-references/{referenceId}', {
      params: { path: { ...path, referenceId: found[0]!.id }, ...ifMatchHeader(input.ifMatch) },
      body: input.changes,
    }),
  );
}
