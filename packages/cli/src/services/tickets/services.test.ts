import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../lib/errors.ts';
import { fakeApi } from '../../testing/fake-api.ts';
import { aTicket, PEOPLE } from '../../testing/fixtures.ts';
import { editTicket } from './edit.ts';
import { listTickets } from './list.ts';
import { updateProviderReference } from './provider-ref-update.ts';

// Messages are asserted in French, whatever the machine's LANG.
beforeEach(() => {
  vi.stubEnv('GUICHET_LANG', 'fr');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('ticket services', () => {
  it('listTickets with openedByMe filters on the caller’s own email as requester', async () => {
    const { connection, requests } = fakeApi({
      'GET /v1/me': { ...PEOPLE.requester, profiles: [] },
      'GET /v1/tickets': { items: [aTicket()], next: null },
    });
    const { items } = await listTickets(connection, { query: { status: 'resolved' }, openedByMe: true });
    expect(items).toHaveLength(1);
    const query = new URLSearchParams(requests.at(-1)!.query);
    expect(Object.fromEntries(query)).toEqual({ status: 'resolved', requester: 'prof@insa-rennes.fr' });
  });

  it('editTicket sends the changes as a PATCH with the version as If-Match', async () => {
    const { connection, requests } = fakeApi({ 'PATCH /v1/tickets/GU-2026-000042': aTicket() });
    await editTicket(connection, { reference: 'GU-2026-000042', changes: { title: 'Casque 2' }, ifMatch: 3 });
    expect(requests[0]).toMatchObject({ method: 'PATCH', body: { title: 'Casque 2' } });
    expect(requests[0]!.headers.get('if-match')).toBe('"v3"');
  });

  it('updateProviderReference finds the reference by the provider’s ticket number', async () => {
    const ref = { id: '30000000-0000-4000-8000-000000000001', provider: 'kelis', externalId: 'KEL-4521' };
    const ticket = aTicket({ providerReferences: [{ ...ref, status: 'open', notes: null }] });
    const { connection, requests } = fakeApi({
      'GET /v1/tickets/GU-2026-000042': ticket,
      [`PATCH /v1/tickets/GU-2026-000042/provider-references/${ref.id}`]: ticket,
    });
    await updateProviderReference(connection, {
      reference: 'GU-2026-000042',
      providerRef: 'KEL-4521',
      changes: { status: 'resolved' },
    });
    expect(requests.at(-1)).toMatchObject({ method: 'PATCH', body: { status: 'resolved' } });
    await expect(
      updateProviderReference(connection, { reference: 'GU-2026-000042', providerRef: 'KEL-1', changes: {} }),
    ).rejects.toThrow(
      new CliError('aucune référence prestataire « KEL-1 » sur GU-2026-000042 (connues : kelis KEL-4521)'),
    );
  });
});
