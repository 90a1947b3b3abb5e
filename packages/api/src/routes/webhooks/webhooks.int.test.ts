import {
  createTestGuichet,
  givenDemoCatalogue,
  givenPerson,
  startWebhookReceiver,
  type TestGuichet,
  type WebhookReceiver,
} from '@guichet/core/testing';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { ProblemSchema } from '../../lib/problem.ts';
import { WebhookDeliverySchema, WebhookSchema, WebhookWithSecretSchema } from './schemas.ts';

let guichet: TestGuichet | null = null;
let receiver: WebhookReceiver | null = null;
afterEach(async () => {
  await guichet?.dispose();
  await receiver?.close();
  guichet = null;
  receiver = null;
});

async function setUp() {
  guichet = await createTestGuichet({ webhooks: { allowHttp: true, allowedTargets: ['127.0.0.1'] } });
  receiver = await startWebhookReceiver();
  await givenDemoCatalogue(guichet);
  const token = (
    await guichet.tokens.create(
      { person: 'admin@groupe-insa.fr', name: 'hooks', scopes: ['read', 'write', 'admin'] },
      'local',
    )
  ).token;
  const app = createApp(guichet);
  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  return { g: guichet, r: receiver, call };
}

describe('/v1/webhooks', () => {
  it('subscribes, shows the secret once, delivers signed events, logs, redelivers and tests', async () => {
    // Given an administrator who subscribes to ticket creations on Moodle
    const { g, r, call } = await setUp();
    const created = await call('POST', '/v1/webhooks', {
      url: r.url,
      eventTypes: ['ticket.created'],
      services: ['moodle'],
    });
    expect(created.status).toBe(201);
    const sub = WebhookWithSecretSchema.parse(await created.json());
    expect(sub).toMatchObject({ services: ['moodle'], establishments: [], active: true });
    // The secret is never shown again
    const read = (await (await call('GET', `/v1/webhooks/${sub.id}`)).json()) as Record<string, unknown>;
    expect(WebhookSchema.parse(read).id).toBe(sub.id);
    expect(read).not.toHaveProperty('secret');
    expect(JSON.stringify(await (await call('GET', '/v1/webhooks')).json())).not.toContain(sub.secret);

    // When a Moodle ticket and a Scenari ticket are created
    const student = await givenPerson(g);
    const moodle = await g.tickets.create(student, {
      title: 'Accès',
      description: 'Erreur',
      service: 'moodle',
    });
    await g.tickets.create(student, { title: 'Export', description: 'Erreur', service: 'scenari' });
    await g.webhooks.settle();
    await g.webhooks.deliverDue();

    // Then the receiver verified the Moodle one only
    expect(r.received).toHaveLength(1);
    const payload = new Webhook(sub.secret).verify(r.received[0]!.body, r.received[0]!.headers as never) as {
      type: string;
      data: { ticket: { reference: string }; sequence: number };
    };
    expect(payload).toMatchObject({
      type: 'ticket.created',
      data: { ticket: { reference: moodle.reference }, sequence: 1 },
    });

    // And the delivery log says so
    const listed = await call('GET', `/v1/webhooks/${sub.id}/deliveries`);
    const [delivery] = ((await listed.json()) as unknown[]).map((d) => WebhookDeliverySchema.parse(d));
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 204 });
    expect(delivery!.log[0]).toMatchObject({ statusCode: 204, error: null });

    // When it is redelivered, the same id comes again
    expect((await call('POST', `/v1/webhooks/${sub.id}/deliveries/${delivery!.id}/redeliver`)).status).toBe(
      200,
    );
    await g.webhooks.deliverDue();
    expect(r.received.map((h) => h.headers['webhook-id'])).toEqual([delivery!.id, delivery!.id]);

    // And a test event goes at once, its answer in the response
    r.status = 418;
    r.answer = 'teapot';
    const tested = WebhookDeliverySchema.parse(
      await (await call('POST', `/v1/webhooks/${sub.id}/test`)).json(),
    );
    expect(tested).toMatchObject({ type: 'webhook.test', status: 'failed', lastStatusCode: 418 });
    expect(tested.log[0]).toMatchObject({ statusCode: 418, responseExcerpt: 'teapot' });

    // Rotation gives a new secret; PATCH and DELETE work
    const rotated = WebhookWithSecretSchema.parse(
      await (await call('POST', `/v1/webhooks/${sub.id}/rotate-secret`)).json(),
    );
    expect(rotated.secret).not.toBe(sub.secret);
    const patched = await call('PATCH', `/v1/webhooks/${sub.id}`, { active: false });
    expect(WebhookSchema.parse(await patched.json()).active).toBe(false);
    expect((await call('DELETE', `/v1/webhooks/${sub.id}`)).status).toBe(204);
    expect((await call('GET', `/v1/webhooks/${sub.id}`)).status).toBe(404);
  });

  it('answers problem+json naming the field for a refused target, an unknown type or service', async () => {
    const { call } = await setUp();
    const problem = async (body: unknown) => {
      const res = await call('POST', '/v1/webhooks', body);
      expect(res.status).toBe(422);
      expect(res.headers.get('Content-Type')).toBe('application/problem+json');
      return ProblemSchema.parse(await res.json());
    };
    const ssrf = await problem({ url: 'http://169.254.169.254/latest', eventTypes: ['ticket.*'] });
    expect(ssrf.errors?.[0]?.field).toBe('url');
    const type = await problem({ url: 'http://127.0.0.1:9/h', eventTypes: ['ticket.*', 'ticket.nope'] });
    expect(type.errors?.[0]?.field).toBe('eventTypes.1');
    const service = await problem({ url: 'http://127.0.0.1:9/h', eventTypes: ['*'], services: ['nope'] });
    expect(service.errors?.[0]?.field).toBe('services.0');
    expect((await call('GET', '/v1/webhooks/not-a-uuid')).status).toBe(422);
  });
});
