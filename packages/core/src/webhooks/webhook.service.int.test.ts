import { MikroORM } from '@mikro-orm/postgresql';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  administering,
  createTestGuichet,
  givenDemoCatalogue,
  givenPerson,
  type TestGuichet,
} from '../../testing/index.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../testing/webhook-receiver.ts';
import { ormConfig } from '../db/mikro-orm.config.ts';
import { inTransaction } from '../db/transaction.ts';
import { DomainError } from '../errors.ts';
import { RETRY_JITTER, RETRY_SCHEDULE_SECONDS } from './webhook.rules.ts';

let guichet: TestGuichet | null = null;
let receiver: WebhookReceiver | null = null;
afterEach(async () => {
  await guichet?.dispose();
  await receiver?.close();
  guichet = null;
  receiver = null;
});

/** A clock the test moves: retries come due without waiting for them. */
function testClock() {
  let now = Date.now();
  return {
    now: () => new Date(now),
    advance(seconds: number) {
      now += seconds * 1_000;
    },
  };
}

/** Longest wait the schedule may ask for after the `n`-th failure (jitter included). */
const longest = (n: number) => RETRY_SCHEDULE_SECONDS[n - 1]! * (1 + RETRY_JITTER) + 1;

async function setUp() {
  const clock = testClock();
  guichet = await createTestGuichet(
    { webhooks: { allowHttp: true, allowedTargets: ['127.0.0.1'] } },
    { clock },
  );
  receiver = await startWebhookReceiver();
  const staff = await givenDemoCatalogue(guichet);
  const admin = administering(await staff('admin@groupe-insa.fr'));
  return { g: guichet, r: receiver, clock, staff, admin };
}

interface Payload {
  type: string;
  timestamp: string;
  data: { eventId: string; ticket: { reference: string }; sequence: number; visibility: string };
}

/** Every request verified with the secret; the payloads in arrival order. */
function verified(r: WebhookReceiver, secret: string): Payload[] {
  const wh = new Webhook(secret);
  return r.received.map((hit) => wh.verify(hit.body, hit.headers as Record<string, string>) as Payload);
}

describe('webhooks', () => {
  it('delivers every ticket event, signed, in order, with its sequence', async () => {
    // Given a functional admin subscribed to every ticket event
    const { g, r, admin, staff } = await setUp();
    const sub = await g.webhooks.create(admin, { url: r.url, eventTypes: ['ticket.*'] });
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const student = await givenPerson(g);
    const tech = await staff('moodle.moderation@insa-lyon.fr');

    // When a ticket is created, answered and resolved
    const t = await g.tickets.create(student, {
      title: 'Accès Moodle',
      description: 'Erreur',
      service: 'moodle',
    });
    await g.tickets.act(tech, t.reference, { action: 'reply', body: 'Pouvez-vous réessayer ?' });
    await g.tickets.act(tech, t.reference, { action: 'note', body: 'Base de données en lecture seule' });
    await g.webhooks.settle();
    await g.webhooks.deliverDue();

    // Then the receiver got each event of the timeline once, verified, in the ticket's order
    const got = verified(r, sub.secret);
    const timeline = await g.tickets.timeline(admin, t.reference);
    expect(got.map((p) => p.type)).toEqual(timeline.map((e) => `ticket.${e.type}`));
    expect(got.map((p) => p.data.sequence)).toEqual(timeline.map((_, i) => i + 1));
    expect(got.every((p) => p.data.ticket.reference === t.reference)).toBe(true);
    expect(new Set(r.received.map((h) => h.headers['webhook-id'])).size).toBe(got.length);
    // And a wrong secret does not verify
    expect(() => verified(r, `whsec_${Buffer.alloc(32, 1).toString('base64')}`)).toThrow();
    // And each attempt is logged
    const deliveries = await g.webhooks.deliveries(admin, sub.id);
    expect(deliveries.every((d) => d.status === 'delivered' && d.log.length === 1)).toBe(true);
    expect(deliveries[0]!.log[0]).toMatchObject({ statusCode: 204, error: null });
  });

  it('a receiver down for a while gets everything once back, in order, driven by the retry schedule', async () => {
    // Given a subscription whose receiver is down
    const { g, r, admin, staff, clock } = await setUp();
    const sub = await g.webhooks.create(admin, { url: r.url, eventTypes: ['ticket.*'] });
    await r.down();
    const student = await givenPerson(g);
    const tech = await staff('moodle.moderation@insa-lyon.fr');
    const t = await g.tickets.create(student, {
      title: 'Accès Moodle',
      description: 'Erreur',
      service: 'moodle',
    });
    await g.tickets.act(tech, t.reference, { action: 'reply', body: 'Un instant' });
    await g.webhooks.settle();

    // When deliveries are tried twice while it is down
    expect((await g.webhooks.deliverDue()).retried).toBe(1);
    clock.advance(longest(1));
    expect((await g.webhooks.deliverDue()).retried).toBe(1);
    // Then only the ticket's first event was tried (the next ones wait behind it)
    const during = await g.webhooks.deliveries(admin, sub.id);
    expect(during.filter((d) => d.attempts > 0).map((d) => d.sequence)).toEqual([1]);
    expect(during.find((d) => d.sequence === 1)!.log.map((a) => a.statusCode)).toEqual([null, null]);

    // When it comes back and the next retry is due
    await r.up();
    clock.advance(longest(2));
    const report = await g.webhooks.deliverDue();

    // Then everything arrives, in order, each once
    const got = verified(r, sub.secret);
    expect(report.delivered).toBe(got.length);
    expect(got.map((p) => p.data.sequence)).toEqual(got.map((_, i) => i + 1));
    expect(got.length).toBe((await g.tickets.timeline(admin, t.reference)).length);
  });

  it('sends an internal note only to a subscription whose owner may read it', async () => {
    // Given a technical admin (no functional profile) who is also the requester of a ticket, and a
    // functional admin, both subscribed
    const { g, r, admin, staff } = await setUp();
    const ops = await givenPerson(g, { email: 'ops@groupe-insa.fr', affiliation: 'staff' });
    await g.catalogue.grantProfile({ person: ops.email, profile: 'technical_admin' });
    const opsAdmin = administering(ops);
    const other = await startWebhookReceiver();
    try {
      const opsSub = await g.webhooks.create(opsAdmin, { url: other.url, eventTypes: ['ticket.*'] });
      const adminSub = await g.webhooks.create(admin, { url: r.url, eventTypes: ['ticket.*'] });
      const tech = await staff('moodle.moderation@insa-lyon.fr');
      const mine = await g.tickets.create(ops, {
        title: 'Mon accès',
        description: 'Erreur',
        service: 'moodle',
      });
      const notMine = await g.tickets.create(await givenPerson(g), {
        title: 'Autre',
        description: 'Erreur',
        service: 'moodle',
      });

      // When a technician writes an internal note and a public reply on the first ticket
      await g.tickets.act(tech, mine.reference, { action: 'note', body: 'Secret interne' });
      await g.tickets.act(tech, mine.reference, { action: 'reply', body: 'Réponse publique' });
      await g.webhooks.settle();
      await g.webhooks.deliverDue();

      // Then the technical admin's receiver has their own ticket's public events only
      const opsGot = verified(other, opsSub.secret);
      expect(opsGot.length).toBeGreaterThan(0);
      expect(opsGot.every((p) => p.data.ticket.reference === mine.reference)).toBe(true);
      expect(opsGot.map((p) => p.type)).not.toContain('ticket.internal_note');
      expect(opsGot.map((p) => p.type)).toContain('ticket.public_reply');
      expect(other.received.some((h) => h.body.includes('Secret interne'))).toBe(false);
      // And the functional admin's has both tickets, the note included
      const adminGot = verified(r, adminSub.secret);
      expect(adminGot.map((p) => p.type)).toContain('ticket.internal_note');
      expect(new Set(adminGot.map((p) => p.data.ticket.reference))).toEqual(
        new Set([mine.reference, notMine.reference]),
      );
    } finally {
      await other.close();
    }
  });

  it('refuses private, loopback, link-local and metadata targets unless allowed, and plain http unless allowed', async () => {
    // Given a Guichet that allows 127.0.0.1 and http
    const { g, admin } = await setUp();
    const refused = async (url: string) => {
      const error = await g.webhooks
        .create(admin, { url, eventTypes: ['ticket.*'] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details.fields?.[0]).toMatchObject({
        field: 'url',
        rule: 'field.webhook_target_refused',
      });
    };
    // Then every other non-public address is refused
    await refused('http://169.254.169.254/latest/meta-data/');
    await refused('http://10.1.2.3/hook');
    await refused('http://192.168.1.10/hook');
    await refused('http://127.0.0.2/hook');
    await refused('http://[::1]:8080/hook');
    await refused('http://[::ffff:10.0.0.1]/hook');
    await refused('http://[fe80::1]/hook');
    await refused('ftp://127.0.0.1/hook');
    await refused('http://user:pw@127.0.0.1/hook');

    // And a Guichet without the allowances refuses 127.0.0.1 and http
    const strict = await createTestGuichet();
    try {
      const strictStaff = await givenDemoCatalogue(strict);
      const strictAdmin = administering(await strictStaff('admin@groupe-insa.fr'));
      for (const url of ['http://127.0.0.1:9/hook', 'https://127.0.0.1:9/hook', 'http://example.org/hook']) {
        const error = await strict.webhooks
          .create(strictAdmin, { url, eventTypes: ['ticket.*'] })
          .catch((e: unknown) => e);
        expect((error as DomainError).details.fields?.[0]?.rule).toBe('field.webhook_target_refused');
      }
    } finally {
      await strict.dispose();
    }
  });

  it('disables a subscription whose deliveries fail for more than a day, tells the owner, and resumes when enabled again', async () => {
    // Given a receiver that answers 500
    const { g, r, admin, clock } = await setUp();
    r.status = 500;
    r.answer = 'x'.repeat(5_000);
    const sub = await g.webhooks.create(admin, { url: r.url, eventTypes: ['ticket.created'] });
    await g.tickets.create(await givenPerson(g), {
      title: 'Accès',
      description: 'Erreur',
      service: 'moodle',
    });
    await g.webhooks.settle();

    // When every attempt of the schedule fails
    await g.webhooks.deliverDue();
    for (let n = 1; n <= RETRY_SCHEDULE_SECONDS.length; n += 1) {
      clock.advance(longest(n));
      await g.webhooks.deliverDue();
    }

    // Then the delivery is given up after 1 + schedule attempts, each logged with a capped excerpt
    const [delivery] = await g.webhooks.deliveries(admin, sub.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: RETRY_SCHEDULE_SECONDS.length + 1 });
    expect(delivery!.log.every((a) => a.statusCode === 500 && a.responseExcerpt!.length === 1024)).toBe(true);
    expect(r.refused.length).toBe(RETRY_SCHEDULE_SECONDS.length + 1);
    // And the subscription is disabled, with the reason, and its owner told
    const disabled = await g.webhooks.get(admin, sub.id);
    expect(disabled.active).toBe(false);
    expect(disabled.disabledReason).toContain('HTTP 500');
    const outbox = await g.mail.outbox('local', { status: ['pending'] });
    const notice = outbox.find((n) => n.kind === 'webhook.disabled');
    expect(notice).toMatchObject({ recipient: 'admin@groupe-insa.fr' });
    expect(notice!.subject).toContain(r.url);

    // When another event comes while disabled, nothing is queued for it
    r.status = 204;
    await g.tickets.create(await givenPerson(g), {
      title: 'Encore',
      description: 'Erreur',
      service: 'moodle',
    });
    await g.webhooks.settle();
    expect((await g.webhooks.deliverDue()).delivered).toBe(0);
    expect(await g.webhooks.deliveries(admin, sub.id)).toHaveLength(1);
    // And enabled again, the next events go
    await g.webhooks.update(admin, sub.id, { active: true });
    expect((await g.webhooks.get(admin, sub.id)).disabledReason).toBeNull();
    await g.tickets.create(await givenPerson(g), {
      title: 'Après',
      description: 'Erreur',
      service: 'moodle',
    });
    await g.webhooks.settle();
    await g.webhooks.deliverDue();
    expect(r.received.length).toBe(1);
  });

  it('redelivers a delivery with the same id, rotates the secret and sends a test event at once', async () => {
    // Given a delivered event
    const { g, r, admin } = await setUp();
    const sub = await g.webhooks.create(admin, { url: r.url, eventTypes: ['ticket.created'] });
    await g.tickets.create(await givenPerson(g), {
      title: 'Accès',
      description: 'Erreur',
      service: 'moodle',
    });
    await g.webhooks.settle();
    await g.webhooks.deliverDue();
    const [delivery] = await g.webhooks.deliveries(admin, sub.id);
    expect(delivery!.status).toBe('delivered');

    // When it is redelivered after a rotation of the secret
    const rotated = await g.webhooks.rotateSecret(admin, sub.id);
    expect(rotated.secret).not.toBe(sub.secret);
    const again = await g.webhooks.redeliver(admin, sub.id, delivery!.id);
    expect(again.status).toBe('pending');
    await expect(g.webhooks.redeliver(admin, sub.id, delivery!.id)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await g.webhooks.deliverDue();

    // Then the receiver got it twice with the same id, the second signed with the new secret
    expect(r.received.map((h) => h.headers['webhook-id'])).toEqual([delivery!.id, delivery!.id]);
    expect(() =>
      new Webhook(sub.secret).verify(r.received[1]!.body, r.received[1]!.headers as never),
    ).toThrow();
    expect(
      new Webhook(rotated.secret).verify(r.received[1]!.body, r.received[1]!.headers as never),
    ).toBeTruthy();

    // And a test event goes at once
    const test = await g.webhooks.test(admin, sub.id);
    expect(test).toMatchObject({ type: 'webhook.test', status: 'delivered', attempts: 1 });
    expect(verified({ ...r, received: [r.received[2]!] }, rotated.secret)[0]!.type).toBe('webhook.test');
  });

  it('enqueues an event of another capability in its own transaction, with the filters applied', async () => {
    // Given two subscriptions, one filtered on a service
    const { g, r, admin } = await setUp();
    const all = await g.webhooks.create(admin, { url: r.url, eventTypes: ['announcement.*'] });
    await g.webhooks.create(admin, { url: r.url, eventTypes: ['announcement.*'], services: ['scenari'] });
    const orm = await MikroORM.init(ormConfig(g.databaseUrl, { pool: { min: 0, max: 2 } }));
    try {
      // When a fake capability enqueues an event about Moodle, and another in a rolled-back transaction
      const moodleId = await orm.em
        .fork()
        .getConnection()
        .execute<{ id: string }[]>("select id from service where code = 'moodle'");
      const queued = await inTransaction(orm, (em) =>
        g.webhooks.enqueue(em, {
          type: 'announcement.published',
          data: { title: 'Panne' },
          serviceIds: [moodleId[0]!.id],
        }),
      );
      await inTransaction(orm, async (em) => {
        await g.webhooks.enqueue(em, { type: 'announcement.published', data: { title: 'Jamais' } });
        throw new Error('rolled back');
      }).catch(() => {});
      await expect(
        inTransaction(orm, (em) => g.webhooks.enqueue(em, { type: 'ticket.created', data: {} })),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

      // Then only the unfiltered subscription gets the committed one
      expect(queued).toBe(1);
      await g.webhooks.deliverDue();
      const got = verified(r, all.secret);
      expect(got.map((p) => [p.type, (p.data as unknown as { title: string }).title])).toEqual([
        ['announcement.published', 'Panne'],
      ]);
    } finally {
      await orm.close(true);
    }
  });

  it('lets only an administrator manage subscriptions, and only their own', async () => {
    const { g, r, admin, staff } = await setUp();
    const sub = await g.webhooks.create(admin, { url: r.url, eventTypes: ['ticket.*'] });
    const moderator = administering(await staff('moodle.moderation@insa-lyon.fr'));
    await expect(g.webhooks.list(moderator)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // An administrator's ordinary session (no admin scope) is not enough
    await expect(g.webhooks.list({ personId: admin.personId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const ops = await givenPerson(g, { email: 'ops@groupe-insa.fr', affiliation: 'staff' });
    await g.catalogue.grantProfile({ person: ops.email, profile: 'technical_admin' });
    await expect(g.webhooks.get(administering(ops), sub.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await g.webhooks.list(administering(ops))).toEqual([]);
    await expect(g.webhooks.create(admin, { url: r.url, eventTypes: ['ticket.nope'] })).rejects.toMatchObject(
      { code: 'VALIDATION_FAILED' },
    );
    await g.webhooks.remove(admin, sub.id);
    expect(await g.webhooks.list(admin)).toEqual([]);
  });
});
