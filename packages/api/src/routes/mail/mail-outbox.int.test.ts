import { createTestGuichet, givenDemoCatalogue, givenPerson, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { ProblemSchema } from '../../lib/problem.ts';
import { OutboxEntrySchema } from './mail-outbox.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

describe('/v1/mail/outbox', () => {
  it('a technical admin sees what waits and queues a failed message again', async () => {
    // Given a Guichet without SMTP: a rejected request's notification waits in the outbox
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const manager = await staff('vr.manager@insa-rennes.fr');
    const student = await givenPerson(g, { email: 'etudiant@insa-rennes.fr' });
    const t = await g.tickets.create(student, {
      title: 'Soirée jeux',
      description: 'Cube',
      service: 'vr-room',
    });
    await g.tickets.act(manager, t.reference, { action: 'reject', reason: 'Usage non pédagogique' });
    await g.notifications.settle();
    const admin = (
      await g.tokens.create(
        { person: 'admin@groupe-insa.fr', name: 'ops', scopes: ['read', 'write', 'admin'] },
        'local',
      )
    ).token;
    const app = createApp(g);
    const call = (method: string, path: string) =>
      app.request(path, { method, headers: { Authorization: `Bearer ${admin}` } });

    // When the admin lists the outbox
    const listed = await call('GET', '/v1/mail/outbox');
    expect(listed.status).toBe(200);
    const entries = ((await listed.json()) as unknown[]).map((e) => OutboxEntrySchema.parse(e));

    // Then the notifications are there (receipt, approval request, refusal), pending, never tried
    expect(entries.map((e) => e.kind).sort()).toEqual([
      'ticket.approval_requested',
      'ticket.created',
      'ticket.rejected',
    ]);
    const refusal = entries.find((e) => e.kind === 'ticket.rejected');
    expect(refusal).toMatchObject({
      status: 'pending',
      attempts: 0,
      recipient: 'etudiant@insa-rennes.fr',
      reference: t.reference,
      kind: 'ticket.rejected',
      lastError: null,
      sentAt: null,
    });
    expect((await (await call('GET', '/v1/mail/outbox?status=failed')).json()) as unknown[]).toEqual([]);

    // A pending message cannot be retried; an unknown one is not found; a malformed id is refused
    const id = refusal?.id ?? '';
    const notFailed = await call('POST', `/v1/mail/outbox/${id}/retry`);
    expect(notFailed.status).toBe(409);
    expect(ProblemSchema.parse(await notFailed.json()).code).toBe('CONFLICT');
    expect((await call('POST', '/v1/mail/outbox/00000000-0000-7000-8000-000000000000/retry')).status).toBe(
      404,
    );
    expect((await call('POST', '/v1/mail/outbox/nope/retry')).status).toBe(422);
  });
});
