/**
 * Outbound email on real parts: a real SMTP receiver (smtp-server on 127.0.0.1, a random port) and
 * real PostgreSQL, notifications produced by real ticket changes.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  administering,
  createTestGuichet,
  eventually,
  givenDemoCatalogue,
  givenPerson,
  type Receiver,
  startReceiver,
  type TestGuichet,
} from '../../testing/index.ts';
import type { CoreConfigInput } from '../config.ts';
import { createGuichet, type Guichet } from '../guichet.ts';

function mailConfig(receiver: Receiver, extra: Partial<NonNullable<CoreConfigInput['mail']>> = {}) {
  return {
    smtpUrl: receiver.url,
    from: 'Guichet INSA <guichet@insa-rennes.fr>',
    portalUrl: 'https://portail.insa-rennes.fr',
    retryBaseSeconds: 0,
    timeoutSeconds: 5,
    ...extra,
  };
}

/** A rejected request: the requester is notified (one outbox row). */
async function givenRejectedRequest(g: Guichet, title = 'Soirée jeux'): Promise<string> {
  const staff = await givenDemoCatalogue(g);
  const manager = await staff('vr.manager@insa-rennes.fr');
  const student = await givenPerson(g, {
    email: `etudiant.${Math.random().toString(36).slice(2, 8)}@insa-rennes.fr`,
  });
  // Only the refusal concerns these tests: the receipt and the approval request are not wanted.
  await g.notifications.setPreferences(student, { 'ticket.created': 'off' });
  await g.notifications.setPreferences(manager, { 'ticket.approval_requested': 'off' });
  const t = await g.tickets.create(student, {
    title,
    description: 'Réserver le cube samedi',
    service: 'vr-room',
  });
  await g.tickets.act(manager, t.reference, { action: 'reject', reason: 'Usage non pédagogique' });
  // The outbox as the rules leave it (done at once where the scheduler works).
  await g.notifications.settle();
  return t.reference;
}

/** Undone in reverse order: a second instance closes before the first one drops its database. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function given<T extends { dispose?: () => Promise<void>; close?: () => Promise<void> }>(
  x: T,
): Promise<T> {
  cleanups.push(async () => {
    if (x.dispose) await x.dispose();
    else await x.close?.();
  });
  return x;
}

describe('outbound email of notifications', () => {
  it('sends a ticket change’s notification once, threaded, with its reference and text', async () => {
    // Given a receiver and a Guichet whose scheduler works (it hears new notifications)
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const g: TestGuichet = await given(
      await createTestGuichet({ mail: mailConfig(receiver), scheduler: { enabled: true } }),
    );

    // When a request is rejected
    const reference = await givenRejectedRequest(g);

    // Then the requester's notification arrives, once
    const mail = await eventually(async () => receiver.received[0] ?? null, 15_000);
    await g.mail.idle();
    expect((await g.mail.deliverDue()).sent).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const [entry] = await g.mail.outbox('local', { status: ['sent'] });
    expect(entry).toMatchObject({ status: 'sent', reference, attempts: 1, lastError: null });
    expect(mail.subject).toBe(`[${reference}] Votre demande a été refusée`);
    expect(mail.messageId).toBe(`<notification.${entry?.id}@insa-rennes.fr>`);
    expect(mail.inReplyTo).toMatch(/^<ticket\.[0-9a-f-]{36}@insa-rennes\.fr>$/);
    expect(mail.references).toBe(mail.inReplyTo);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Guichet INSA', address: 'guichet@insa-rennes.fr' });
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : null).toBe(entry?.recipient);
    expect(mail.text).toContain('Motif : Usage non pédagogique');
    expect(mail.text).toContain(`https://portail.insa-rennes.fr/tickets/${reference}`);
    expect(mail.html).toContain('Motif : Usage non pédagogique');
  });

  it('retries a refused message with backoff, then gives it up as failed, until an admin retries it', async () => {
    // Given a receiver that answers 451 (try again later)
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    receiver.refuseWith = 451;
    const g = await given(await createTestGuichet({ mail: mailConfig(receiver, { maxAttempts: 3 }) }));
    await givenRejectedRequest(g);

    // When the worker tries three times
    expect(await g.mail.deliverDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await g.mail.deliverDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await g.mail.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 1 });

    // Then the message is dead-lettered with the server's answer, and nothing takes it any more
    const [failed] = await g.mail.outbox('local');
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed?.lastError).toContain('451');
    expect(await g.mail.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(0);

    // A person who is not a technical admin may neither see nor retry it
    const staff = await givenDemoCatalogue(g);
    const manager = administering(await staff('vr.manager@insa-rennes.fr'));
    await expect(g.mail.outbox(manager)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(g.mail.retry(manager, failed?.id ?? '')).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // When the receiver accepts again and a technical admin retries it, it is sent
    receiver.refuseWith = null;
    const retried = await g.mail.retry('local', failed?.id ?? '');
    expect(retried).toMatchObject({ status: 'pending', attempts: 0 });
    await g.mail.idle();
    await g.mail.deliverDue();
    expect(receiver.received).toHaveLength(1);
    expect(await g.mail.outbox('local')).toEqual([]);
    await expect(g.mail.retry('local', failed?.id ?? '')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(g.mail.retry('local', '00000000-0000-7000-8000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('gives up at once on a permanent refusal (5xx)', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    receiver.refuseWith = 550;
    const g = await given(await createTestGuichet({ mail: mailConfig(receiver) }));
    await givenRejectedRequest(g);

    expect(await g.mail.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const [failed] = await g.mail.outbox('local', { status: ['failed'] });
    expect(failed?.lastError).toContain('550');
  });

  it('leaves a claimed message to its worker until the lease ends, then resends it with the same Message-ID', async () => {
    // Given a message that was sent, but whose worker crashed before marking it sent
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const g = await given(await createTestGuichet({ mail: mailConfig(receiver) }));
    await givenRejectedRequest(g);
    expect((await g.mail.deliverDue()).sent).toBe(1);
    const db = new pg.Client({ connectionString: g.databaseUrl });
    await db.connect();
    cleanups.push(() => db.end());
    await db.query(
      `update notification set status = 'pending', sent_at = null, next_attempt_at = now() + interval '1 minute'`,
    );

    // While its lease runs, no worker takes it
    expect((await g.mail.deliverDue()).sent).toBe(0);

    // Once the lease has ended, it is sent again, recognisably the same message
    await db.query(`update notification set next_attempt_at = now() - interval '1 second'`);
    expect((await g.mail.deliverDue()).sent).toBe(1);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.messageId).toBe(receiver.received[0]?.messageId);
    expect((await g.mail.outbox('local', { status: ['sent'] }))[0]?.attempts).toBe(2);
  });

  it('two delivery workers on one database send each message exactly once', async () => {
    // Given two Guichet instances (two API processes) on one database and ten queued notifications
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const config = mailConfig(receiver, { batchSize: 2 });
    const first = await given(await createTestGuichet({ mail: config }));
    const second = await given(
      await createGuichet({
        database: { url: first.databaseUrl },
        migrate: false,
        scheduler: { enabled: false },
        poolSize: 3,
        mail: config,
      }),
    );
    const staff = await givenDemoCatalogue(first);
    const manager = await staff('vr.manager@insa-rennes.fr');
    const student = await givenPerson(first);
    await first.notifications.setPreferences(student, { 'ticket.created': 'off' });
    await first.notifications.setPreferences(manager, { 'ticket.approval_requested': 'off' });
    for (let i = 0; i < 10; i += 1) {
      const t = await first.tickets.create(student, {
        title: `Séance ${i}`,
        description: 'Cube',
        service: 'vr-room',
      });
      await first.tickets.act(manager, t.reference, { action: 'reject', reason: 'Complet' });
    }
    await first.notifications.settle();

    // When both deliver at the same time, twice each
    const reports = await Promise.all([
      first.mail.deliverDue(),
      second.mail.deliverDue(),
      second.mail.deliverDue(),
      first.mail.deliverDue(),
    ]);

    // Then every message arrived once
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(10);
    const ids = receiver.received.map((m) => m.messageId);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    expect(await first.mail.outbox('local')).toEqual([]);
  });

  it('without SMTP, sends nothing and keeps the notifications in the outbox', async () => {
    // Given a Guichet with no SMTP server and a working scheduler
    const g = await given(await createTestGuichet({ scheduler: { enabled: true } }));
    expect(g.mail.enabled).toBe(false);

    // When a request is rejected
    const reference = await givenRejectedRequest(g);

    // Then the notification waits, untouched
    expect(await g.mail.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    const outbox = await g.mail.outbox('local');
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ status: 'pending', attempts: 0, reference, sentAt: null });
  });

  it('sends a test message at once for a technical admin, and says clearly what is wrong otherwise', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const g = await given(await createTestGuichet({ mail: mailConfig(receiver) }));
    const staff = await givenDemoCatalogue(g);
    const admin = { ...(await staff('admin@groupe-insa.fr')), scopes: new Set(['admin'] as const) };
    const report = await g.mail.sendTest(admin, 'ops@insa-rennes.fr', 'en');
    expect(report.response).toMatch(/^250/);
    const mail = await eventually(async () => receiver.received[0] ?? null, 5_000);
    expect(mail.subject).toBe('Guichet: test message');
    expect(mail.messageId).toBe(report.messageId);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    await expect(g.mail.sendTest(admin, 'not an address')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'to' }] },
    });
    await expect(
      g.mail.sendTest(await staff('vr.tech@insa-rennes.fr'), 'ops@insa-rennes.fr'),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Nothing went through the outbox
    expect(await g.mail.outbox('local', { status: ['pending', 'sent', 'failed'] })).toEqual([]);
  });

  it('without SMTP, a test message is refused as unavailable', async () => {
    const g = await given(await createTestGuichet());
    await expect(g.mail.sendTest('local', 'ops@insa-rennes.fr')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      details: { rule: 'smtp_not_configured' },
    });
  });
});
