/**
 * Webhooks of the other sources on a real PostgreSQL: announcements and knowledge-base
 * publications are enqueued in their own transaction, carry the public view, respect the
 * subscriptions' filters and what each owner may read.
 */
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

let guichet: TestGuichet | null = null;
let receiver: WebhookReceiver | null = null;
afterEach(async () => {
  await guichet?.dispose();
  await receiver?.close();
  guichet = null;
  receiver = null;
});

interface Payload {
  type: string;
  data: Record<string, unknown>;
}

async function setUp() {
  guichet = await createTestGuichet({ webhooks: { allowHttp: true, allowedTargets: ['127.0.0.1'] } });
  receiver = await startWebhookReceiver();
  const staff = await givenDemoCatalogue(guichet);
  const admin = administering(await staff('admin@groupe-insa.fr'));
  return { g: guichet, r: receiver, staff, admin };
}

/** What a subscription received (verified with its secret), in arrival order. */
function got(r: WebhookReceiver, secret: string): Payload[] {
  const wh = new Webhook(secret);
  return r.received.flatMap((hit) => {
    try {
      return [wh.verify(hit.body, hit.headers as Record<string, string>) as Payload];
    } catch {
      return [];
    }
  });
}

const outage = {
  title: { fr: 'Moodle inaccessible', en: 'Moodle unavailable' },
  body: { fr: 'Erreur de lecture', en: 'Read error' },
  severity: 'outage' as const,
  services: ['moodle'],
};

describe('webhooks of announcements', () => {
  it('sends publication, updates, resolution and corrections with both languages, filtered by service', async () => {
    // Given a subscription to every announcement, and one filtered on Scenari
    const { g, r, staff, admin } = await setUp();
    const all = await g.webhooks.create(admin, { url: r.url, eventTypes: ['announcement.*'] });
    const scenari = await g.webhooks.create(admin, {
      url: r.url,
      eventTypes: ['announcement.*'],
      services: ['scenari'],
    });
    const moderator = await staff('moodle.moderation@insa-lyon.fr');
    const student = await givenPerson(g);
    const ticket = await g.tickets.create(student, { title: 'Accès', description: 'x', service: 'moodle' });

    // When the Moodle moderator publishes an outage (linked to a ticket), updates, resolves, corrects it
    const a = await g.announcements.create(moderator, { ...outage, linkedTicket: ticket.reference });
    await g.announcements.addUpdate(moderator, a.id, {
      status: 'identified',
      message: { fr: 'Cause trouvée', en: 'Cause found' },
    });
    await g.announcements.addUpdate(moderator, a.id, { status: 'resolved', message: { fr: 'Rétabli' } });
    await g.announcements.correct(moderator, a.id, { title: { fr: 'Moodle inaccessible (lundi)' } });
    await g.webhooks.deliverDue();

    // Then the unfiltered subscription has the four events, the Scenari one none. Events of other
    // sources than tickets may arrive in any order; each carries the announcement's version, which
    // orders them.
    const version = (e: Payload) => (e.data as { announcement: { version: number } }).announcement.version;
    const events = got(r, all.secret).sort((x, y) => version(x) - version(y));
    expect(new Set(events.map(version)).size).toBe(4);
    expect(events.map((e) => e.type)).toEqual([
      'announcement.published',
      'announcement.updated',
      'announcement.resolved',
      'announcement.corrected',
    ]);
    expect(got(r, scenari.secret)).toEqual([]);
    const first = events[0]!.data as { announcement: Record<string, unknown> };
    expect(first.announcement).toMatchObject({
      id: a.id,
      title: { fr: 'Moodle inaccessible', en: 'Moodle unavailable' },
      body: { fr: 'Erreur de lecture', en: 'Read error' },
      services: ['moodle'],
      audience: 'public',
    });
    // The linked ticket (not everyone may see it) and the author's rights do not leave
    expect(first.announcement).not.toHaveProperty('linkedTicket');
    expect(first.announcement).not.toHaveProperty('editable');
    expect(JSON.stringify(events)).not.toContain(ticket.reference);
    expect(events[1]!.data).toMatchObject({
      update: { status: 'identified', message: { fr: 'Cause trouvée', en: 'Cause found' } },
    });
    expect(events[2]!.data).toMatchObject({
      update: { status: 'resolved' },
      announcement: { phase: 'resolved' },
    });
    expect(events[3]!.data).toMatchObject({ announcement: { title: { fr: 'Moodle inaccessible (lundi)' } } });
  });

  it('sends nothing for a refused change, and refuses a subscription to a type that does not exist', async () => {
    const { g, r, staff, admin } = await setUp();
    const all = await g.webhooks.create(admin, { url: r.url, eventTypes: ['*'] });
    // A Scenari moderator may not publish about Moodle: nothing is written, nothing goes
    await expect(
      g.announcements.create(await staff('scenari.moderation@insa-rouen.fr'), outage),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await g.webhooks.deliveries(admin, all.id)).toEqual([]);
    // A typo in a type is refused, naming the field and the types that exist
    const typo = await g.webhooks
      .create(admin, { url: r.url, eventTypes: ['ticket.*', 'announcement.publishd'] })
      .catch((e: unknown) => e);
    expect(typo).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        fields: [
          { field: 'eventTypes.1', params: { reason: expect.stringContaining('announcement.published') } },
        ],
      },
    });
  });
});

describe('webhooks of the knowledge base', () => {
  it('sends a publication and the archiving of a published article, without its body', async () => {
    const { g, r, staff, admin } = await setUp();
    const sub = await g.webhooks.create(admin, { url: r.url, eventTypes: ['article.*'] });
    const moderator = await staff('scenari.moderation@insa-rouen.fr');
    // Given a draft archived without being published, and an article published then archived
    const draft = await g.knowledgeBase.create(moderator, {
      title: 'Brouillon',
      kind: 'how_to',
      services: ['scenari'],
    });
    await g.knowledgeBase.changeStatus(moderator, draft.reference, { action: 'archive' });
    const a = await g.knowledgeBase.create(moderator, {
      title: 'Exporter en .odt',
      summary: 'Générer un .odt depuis Opale',
      body: 'Texte interne détaillé',
      kind: 'how_to',
      services: ['scenari.opale'],
      tags: [],
    });
    await g.knowledgeBase.changeStatus(moderator, a.reference, { action: 'publish', audience: 'public' });
    await g.knowledgeBase.changeStatus(moderator, a.reference, { action: 'archive' });
    await g.webhooks.deliverDue();

    // Then only the published article's two events went (other sources than tickets may arrive in
    // any order: sorted by type here)
    const events = got(r, sub.secret).sort((x, y) => x.type.localeCompare(y.type));
    expect(
      events.map((e) => [e.type, (e.data as { article: { reference: string } }).article.reference]),
    ).toEqual([
      ['article.archived', a.reference],
      ['article.published', a.reference],
    ]);
    expect(events[1]!.data).toMatchObject({
      article: {
        title: 'Exporter en .odt',
        summary: 'Générer un .odt depuis Opale',
        audience: 'public',
        status: 'published',
        services: ['scenari.opale'],
        path: `/v1/articles/${a.reference}`,
      },
    });
    expect(JSON.stringify(events)).not.toContain('Texte interne');
  });

  it('sends an internal article only to subscriptions whose owner may read it', async () => {
    const { g, r, staff, admin } = await setUp();
    // Given a technical admin's subscription, and the owner then losing the profile (no longer staff)
    const ops = await givenPerson(g, { email: 'ops@groupe-insa.fr', affiliation: 'staff' });
    await g.catalogue.grantProfile({ person: ops.email, profile: 'technical_admin' });
    const former = await g.webhooks.create(administering(ops), {
      url: r.url,
      eventTypes: ['article.published'],
    });
    const current = await g.webhooks.create(admin, { url: r.url, eventTypes: ['article.published'] });
    await g.catalogue.revokeProfile({ person: ops.email, profile: 'technical_admin' });
    const moderator = await staff('scenari.moderation@insa-rouen.fr');

    // When an internal article and a public one are published
    for (const [title, audience] of [
      ['Note interne', 'internal'],
      ['FAQ publique', 'public'],
    ] as const) {
      const a = await g.knowledgeBase.create(moderator, { title, kind: 'faq', services: ['scenari'] });
      await g.knowledgeBase.changeStatus(moderator, a.reference, { action: 'publish', audience });
    }
    await g.webhooks.deliverDue();

    // Then the administrator gets both, the former one only the public article
    const titles = (p: Payload[]) => p.map((e) => (e.data as { article: { title: string } }).article.title);
    expect(titles(got(r, current.secret)).sort()).toEqual(['FAQ publique', 'Note interne']);
    expect(titles(got(r, former.secret))).toEqual(['FAQ publique']);
  });
});
