/**
 * `notify` and service subscriptions over HTTP, on real PostgreSQL and a real SMTP receiver: the
 * Moodle example (three requesters at three establishments with incidents linked to a problem, a
 * Moodle follower, a Scenari follower), the count in the answer, the subscriptions of each person
 * kept to themself, and refusals as problem+json naming the field.
 */
import type { TokenScope } from '@guichet/core';
import {
  createTestGuichet,
  givenDemoCatalogue,
  type Receiver,
  startReceiver,
  type TestGuichet,
} from '@guichet/core/testing';
import type { ParsedMail } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { ProblemSchema } from '../../lib/problem.ts';
import { ServiceSubscriptionListSchema, ServiceSubscriptionSchema } from '../subscriptions/subscriptions.ts';
import { AnnouncementSchema } from './schemas.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const to = (mail: ParsedMail) =>
  mail.to && !Array.isArray(mail.to) ? (mail.to.value[0]?.address ?? '') : '';

async function givenApi() {
  const receiver: Receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const g: TestGuichet = await createTestGuichet({
    mail: {
      smtpUrl: receiver.url,
      from: 'Guichet INSA <guichet@groupe-insa.fr>',
      portalUrl: 'https://portail.groupe-insa.fr/tickets/{reference}',
      retryBaseSeconds: 0,
      timeoutSeconds: 5,
    },
  });
  cleanups.push(() => g.dispose());
  const staff = await givenDemoCatalogue(g);
  const people = {
    lyon: { email: 'etudiant@insa-lyon.fr', establishment: 'insa-lyon' },
    rennes: { email: 'teacher@insa-rennes.fr', establishment: 'insa-rennes', language: 'en' as const },
    rouen: { email: 'agent@insa-rouen.fr', establishment: 'insa-rouen' },
    follower: { email: 'suivi.moodle@insa-strasbourg.fr', establishment: 'insa-strasbourg' },
    otherFollower: { email: 'suivi.scenari@insa-toulouse.fr', establishment: 'insa-toulouse' },
  };
  for (const p of Object.values(people)) await g.catalogue.upsertPerson({ ...p, displayName: p.email });
  const token = async (person: string, scopes: TokenScope[] = ['read', 'write']) =>
    (await g.tokens.create({ person, name: 'test', scopes }, 'local')).token;
  const tokens = {
    moderator: await token('moodle.moderation@insa-lyon.fr'),
    follower: await token(people.follower.email),
    otherFollower: await token(people.otherFollower.email),
    readOnly: await token(people.follower.email, ['read']),
  };
  const app = createApp(g);
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await app.request(`http://guichet.test${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('Content-Type'),
      json: text ? JSON.parse(text) : null,
    };
  };
  // The problem and the three linked incidents, written through core (the API's own tests cover it)
  const moderator = await staff('moodle.moderation@insa-lyon.fr');
  const problem = await g.tickets.create(moderator, {
    title: 'Erreur de lecture de la base de données Moodle',
    description: 'database read error',
    service: 'moodle',
    type: 'problem',
  });
  for (const who of ['lyon', 'rennes', 'rouen'] as const) {
    const person = await g.catalogue.findActivePerson(people[who].email);
    const t = await g.tickets.create(
      { personId: person!.personId },
      { title: 'Moodle inaccessible', description: 'database read error', service: 'moodle' },
    );
    await g.problems.link(moderator, problem.reference, { incident: t.reference });
  }
  const deliver = async () => {
    const before = receiver.received.length;
    await g.mail.deliverDue();
    return receiver.received.slice(before);
  };
  return { g, call, tokens, problem, deliver };
}

describe('notify over HTTP', () => {
  it('the three requesters and the Moodle follower get one mail per notified change; the answer counts them', async () => {
    const { call, tokens, problem, deliver } = await givenApi();
    // Given one person follows Moodle and another Scenari, through the API
    const followed = await call('PUT', '/v1/me/subscriptions/moodle', tokens.follower);
    expect(followed.status).toBe(200);
    expect(ServiceSubscriptionSchema.parse(followed.json)).toMatchObject({ service: 'moodle' });
    expect((await call('PUT', '/v1/me/subscriptions/scenari', tokens.otherFollower)).status).toBe(200);

    // When the moderator publishes with notify
    const created = await call('POST', '/v1/announcements', tokens.moderator, {
      title: { fr: 'Moodle inaccessible', en: 'Moodle unavailable' },
      severity: 'outage',
      services: ['moodle'],
      linkedTicket: problem.reference,
      notify: true,
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const a = AnnouncementSchema.parse(created.json);
    expect(a.notified).toBe(4);
    const first = await deliver();
    expect(first.map(to).sort()).toEqual([
      'agent@insa-rouen.fr',
      'etudiant@insa-lyon.fr',
      'suivi.moodle@insa-strasbourg.fr',
      'teacher@insa-rennes.fr',
    ]);
    expect(first.find((m) => to(m) === 'teacher@insa-rennes.fr')!.subject).toMatch(
      /Outage: Moodle unavailable$/,
    );
    // The announcement's page beside the portal's ticket pages
    expect(first.find((m) => to(m) === 'suivi.moodle@insa-strasbourg.fr')!.text).toContain(
      `https://portail.groupe-insa.fr/announcements/${a.id}`,
    );

    // An update with notify: one more each
    const update = await call('POST', `/v1/announcements/${a.id}/updates`, tokens.moderator, {
      status: 'identified',
      message: { fr: 'Un disque plein.' },
      notify: true,
    });
    expect(update.status).toBe(201);
    expect(AnnouncementSchema.parse(update.json).notified).toBe(4);
    expect((await deliver()).map(to).sort()).toEqual(first.map(to).sort());

    // Without notify: nobody, and no count
    const quiet = await call('POST', `/v1/announcements/${a.id}/updates`, tokens.moderator, {
      status: 'monitoring',
      message: { fr: 'Sous surveillance.' },
    });
    expect(quiet.status).toBe(201);
    expect(quiet.json).not.toHaveProperty('notified');
    expect(await deliver()).toEqual([]);
    // A plain read never says it either
    expect((await call('GET', `/v1/announcements/${a.id}`, tokens.follower)).json).not.toHaveProperty(
      'notified',
    );
  });

  it('notify must be a boolean: 422 naming the field', async () => {
    const { call, tokens } = await givenApi();
    const res = await call('POST', '/v1/announcements', tokens.moderator, {
      title: { fr: 'Moodle inaccessible' },
      severity: 'outage',
      services: ['moodle'],
      notify: 'yes',
    });
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    expect(ProblemSchema.parse(res.json).errors?.map((e) => e.field)).toEqual(['notify']);
  });
});

describe('subscriptions over HTTP', () => {
  it('each person lists and changes only their own; an unknown service is 422 naming it', async () => {
    const { call, tokens } = await givenApi();
    await call('PUT', '/v1/me/subscriptions/moodle', tokens.follower);
    await call('PUT', '/v1/me/subscriptions/moodle', tokens.follower);
    await call('PUT', '/v1/me/subscriptions/video', tokens.otherFollower);
    const mine = await call('GET', '/v1/me/subscriptions', tokens.follower);
    expect(ServiceSubscriptionListSchema.parse(mine.json).items.map((s) => s.service)).toEqual(['moodle']);
    const theirs = await call('GET', '/v1/me/subscriptions', tokens.otherFollower);
    expect(ServiceSubscriptionListSchema.parse(theirs.json).items.map((s) => s.service)).toEqual(['video']);

    // Stopping: only the caller's own, and again is no error
    expect((await call('DELETE', '/v1/me/subscriptions/video', tokens.follower)).status).toBe(204);
    expect((await call('DELETE', '/v1/me/subscriptions/moodle', tokens.follower)).status).toBe(204);
    expect((await call('DELETE', '/v1/me/subscriptions/moodle', tokens.follower)).status).toBe(204);
    expect((await call('GET', '/v1/me/subscriptions', tokens.follower)).json).toEqual({ items: [] });
    expect((await call('GET', '/v1/me/subscriptions', tokens.otherFollower)).json.items).toHaveLength(1);

    // A read-only token reads but does not change
    expect((await call('GET', '/v1/me/subscriptions', tokens.readOnly)).status).toBe(200);
    expect((await call('PUT', '/v1/me/subscriptions/moodle', tokens.readOnly)).status).toBe(403);

    const unknown = await call('PUT', '/v1/me/subscriptions/nope', tokens.follower);
    expect(unknown.status).toBe(422);
    expect(unknown.type).toBe('application/problem+json');
    expect(ProblemSchema.parse(unknown.json).errors?.map((e) => e.field)).toEqual(['service']);
  });
});
