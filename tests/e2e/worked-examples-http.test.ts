/**
 * The three worked examples of MISSION.md through HTTP only: a real API server on a loopback port,
 * called with the typed client (`@guichet/api/client`), every person signed in with an access token
 * from a real OpenID provider (authorization code flow), and the portal's act-as token for the VR
 * room's requester. Only the bootstrap (demo catalogue, the portal's API token) goes through core,
 * as it does on a server machine.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '@guichet/api';
import { createGuichetClient, describeProblem, type GuichetClient } from '@guichet/api/client';
import { DEMO_MAIL_DOMAINS, startOidcProvider, type TestOidcProvider } from '@guichet/api/testing';
import type { CoreConfigInput } from '@guichet/core';
import {
  createTestGuichet,
  eventually,
  givenDemoCatalogue,
  startReceiver,
  startWebhookReceiver,
  type TestGuichet,
} from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';

const ACCOUNTS = {
  'vr.manager': { email: 'vr.manager@insa-rennes.fr', name: 'Responsable cube VR' },
  'vr.tech': { email: 'vr.tech@insa-rennes.fr', name: 'Technicienne cube VR' },
  enseignant: {
    email: 'enseignant@insa-rennes.fr',
    name: 'Dominique Enseignant',
    eduPersonAffiliation: ['faculty'],
  },
  'scenari.moderation': { email: 'scenari.moderation@insa-rouen.fr', name: 'Cellule d’appui pédagogique' },
  'scenari.tech': { email: 'scenari.tech@insa-rouen.fr', name: 'Technicien Scenari' },
  enseignante: {
    email: 'enseignante@insa-rouen.fr',
    name: 'Claude Enseignante',
    eduPersonAffiliation: ['faculty'],
  },
  'moodle.moderation': { email: 'moodle.moderation@insa-lyon.fr', name: 'Modération Moodle' },
  'netdb.tech': { email: 'netdb.tech@insa-toulouse.fr', name: 'Technicienne réseau et BD' },
  etudiant: {
    email: 'etudiant.moodle@insa-lyon.fr',
    name: 'Sacha Étudiant',
    eduPersonAffiliation: ['student'],
  },
  'enseignant.moodle': {
    email: 'enseignant.moodle@insa-rennes.fr',
    name: 'Dominique Enseignant',
    eduPersonAffiliation: ['faculty'],
  },
  'gestionnaire.moodle': {
    email: 'gestionnaire.moodle@insa-strasbourg.fr',
    name: 'Alex Gestionnaire',
    eduPersonAffiliation: ['staff'],
  },
};
type Account = keyof typeof ACCOUNTS;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

interface Stack {
  g: TestGuichet;
  baseUrl: string;
  op: TestOidcProvider;
  /** A client signed in as the account through the provider's authorization code flow. */
  as(account: Account): Promise<GuichetClient>;
}

async function givenServer(
  withScheduler = false,
  config: Partial<CoreConfigInput> = {},
  clock?: { now(): Date },
): Promise<Stack> {
  const g = await createTestGuichet(
    withScheduler
      ? { scheduler: { enabled: true, pollingIntervalSeconds: 0.5, sweepCron: '* * * * *' }, ...config }
      : config,
    clock ? { clock } : {},
  );
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  const op = await startOidcProvider(ACCOUNTS);
  cleanups.push(() => op.stop());
  const app = createApp(g, {
    oidcIssuers: [{ issuer: op.issuer, audience: op.audience, mailDomains: DEMO_MAIL_DOMAINS }],
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  cleanups.push(() => new Promise<void>((ok) => server.close(() => ok())));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    g,
    baseUrl,
    op,
    as: async (account) => createGuichetClient({ baseUrl, token: await op.accessTokenFor(account) }),
  };
}

/** Unwraps a call's data, failing the test with the problem's one-line description otherwise. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(describeProblem(result.error as never, result.response.status));
  }
  return result.data;
}

const path = (reference: string) => ({ params: { path: { reference } } });

describe('worked examples over HTTP with OpenID Connect tokens', () => {
  it('VR room: the portal opens it for the teacher, approval, questions, pending woken by the scheduler, resolution, closure', async () => {
    const { g, baseUrl, as } = await givenServer(true);
    const manager = await as('vr.manager');
    const tech = await as('vr.tech');
    const teacher = await as('enseignant');
    // The teacher signs in to the portal (their first call provisions them from the token's claims)
    expect(ok(await teacher.GET('/v1/me'))).toMatchObject({
      email: 'enseignant@insa-rennes.fr',
      establishment: 'insa-rennes',
      affiliation: 'faculty',
    });
    // The portal holds an act-as API token (bootstrapped on the server machine) and acts for them
    await g.catalogue.upsertPerson({ email: 'portail@groupe-insa.fr', displayName: 'Portail du groupe' });
    const portalToken = (
      await g.tokens.create(
        { person: 'portail@groupe-insa.fr', name: 'portail', scopes: ['read', 'write', 'act-as'] },
        'local',
      )
    ).token;
    const portal = createGuichetClient({ baseUrl, token: portalToken, actAs: 'enseignant@insa-rennes.fr' });

    const created = ok(
      await portal.POST('/v1/tickets', {
        body: {
          title: 'Installation d’un vidéoprojecteur dans le cube VR',
          description: 'Pour un TP du 3 décembre, il faut un vidéoprojecteur branché sur la station du cube.',
          service: 'vr-room',
          subService: 'vr-room.usage',
          channel: 'portal',
        },
      }),
    );
    expect(created).toMatchObject({
      status: 'pending_approval',
      requester: { email: 'enseignant@insa-rennes.fr' },
    });
    const ref = created.reference;

    const refused = await teacher.POST('/v1/tickets/{reference}/actions/approve', { ...path(ref), body: {} });
    expect(refused.response.status).toBe(403);
    expect(
      ok(
        await manager.POST('/v1/tickets/{reference}/actions/approve', {
          ...path(ref),
          body: { comment: 'Légitime' },
        }),
      ),
    ).toMatchObject({ status: 'assigned', team: 'vr-room', agent: { email: 'vr.tech@insa-rennes.fr' } });

    expect(
      ok(
        await tech.POST('/v1/tickets/{reference}/actions/request-info', {
          ...path(ref),
          body: { question: 'Quel modèle de station ?' },
        }),
      ),
    ).toMatchObject({ status: 'pending', pendingKind: 'awaiting_requester' });
    ok(
      await teacher.POST('/v1/tickets/{reference}/comments', {
        ...path(ref),
        body: { body: 'La station HP Z4.' },
      }),
    );
    expect(ok(await tech.GET('/v1/tickets/{reference}', path(ref))).status).toBe('assigned');

    const until = new Date(Date.now() + 2_500).toISOString();
    expect(
      ok(
        await tech.POST('/v1/tickets/{reference}/actions/pend', {
          ...path(ref),
          body: { until, reason: 'Pas de test possible avant le créneau du TP' },
        }),
      ),
    ).toMatchObject({ status: 'pending', pendingKind: 'until_date', pendingUntil: until });
    const woken = await eventually(async () => {
      const t = ok(await tech.GET('/v1/tickets/{reference}', path(ref)));
      return t.status === 'assigned' ? t : null;
    }, 15_000);
    expect(woken).toMatchObject({ agent: { email: 'vr.tech@insa-rennes.fr' }, pendingUntil: null });

    ok(
      await tech.POST('/v1/tickets/{reference}/comments', {
        ...path(ref),
        body: { body: 'Étapes : câble HDMI 10 m, source 2, calibrage.', internal: true },
      }),
    );
    ok(
      await tech.POST('/v1/tickets/{reference}/actions/resolve', {
        ...path(ref),
        body: {
          service: 'vr-room',
          subService: 'vr-room.usage',
          solution: 'Vidéoprojecteur installé et calibré.',
        },
      }),
    );
    expect(
      ok(await manager.POST('/v1/tickets/{reference}/actions/close', { ...path(ref), body: {} })),
    ).toMatchObject({ status: 'closed', actions: [] });

    const timeline = ok(await manager.GET('/v1/tickets/{reference}/timeline', path(ref)));
    expect(timeline.map((e) => e.type)).toEqual([
      'created',
      'approval_requested',
      'approval_granted',
      'assigned',
      'info_requested',
      'requester_replied',
      'resumed',
      'pended',
      'woken',
      'internal_note',
      'resolved',
      'closed',
    ]);
    // The portal is recorded next to the teacher; the teacher never sees the internal note
    expect(timeline[0]).toMatchObject({
      actor: { email: 'enseignant@insa-rennes.fr' },
      data: { via: 'portail@groupe-insa.fr' },
    });
    const seen = ok(await teacher.GET('/v1/tickets/{reference}/timeline', path(ref)));
    expect(seen.map((e) => e.type)).not.toContain('internal_note');
  }, 60_000);

  it('Scenari: the delegated moderator opens it on behalf, escalation to Kelis, resolution, a knowledge-base article suggested elsewhere, closure', async () => {
    const { g, as } = await givenServer();
    await g.catalogue.upsertPerson({ email: 'enseignante@insa-rouen.fr', displayName: 'Claude Enseignante' });
    const moderator = await as('scenari.moderation');
    const tech = await as('scenari.tech');
    const teacher = await as('enseignante');
    const created = ok(
      await moderator.POST('/v1/tickets', {
        body: {
          requester: 'enseignante@insa-rouen.fr',
          title: 'La génération .odt échoue dans le modèle Opale',
          description: 'Reçu par courriel : la publication ODT s’arrête sur une erreur de transformation.',
          service: 'scenari',
          subService: 'scenari.opale',
          channel: 'email',
        },
      }),
    );
    expect(created).toMatchObject({
      status: 'assigned',
      team: 'pedagogy-support',
      agent: { email: 'scenari.tech@insa-rouen.fr' },
      createdBy: { email: 'scenari.moderation@insa-rouen.fr' },
    });
    const ref = created.reference;
    const escalated = ok(
      await tech.POST('/v1/tickets/{reference}/provider-references', {
        ...path(ref),
        body: { provider: 'kelis', externalId: 'KELIS-4812', notes: 'Erreur XSLT' },
      }),
    );
    const providerRef = escalated.providerReferences[0]!;
    ok(
      await tech.PATCH('/v1/tickets/{reference}/provider-references/{referenceId}', {
        params: { path: { reference: ref, referenceId: providerRef.id } },
        body: { status: 'closed', notes: 'Correctif livré dans Opale 5.0.4' },
      }),
    );
    const resolved = ok(
      await tech.POST('/v1/tickets/{reference}/actions/resolve', {
        ...path(ref),
        body: {
          service: 'scenari',
          subService: 'scenari.opale',
          solution: 'Diagnostic : bug XSLT d’Opale 5.0.3. Solution : mise à jour 5.0.4 par Kelis.',
        },
      }),
    );
    expect(resolved.actions).not.toContain('close');
    // The technician adds the knowledge-base entry from the resolution, in one step
    ok(
      await moderator.PUT('/v1/tags/{code}', {
        params: { path: { code: 'libreoffice' } },
        body: { label: 'LibreOffice', synonyms: ['odt'] },
      }),
    );
    const article = ok(await tech.POST('/v1/tickets/{reference}/articles', { ...path(ref), body: {} }));
    expect(article).toMatchObject({
      status: 'draft',
      kind: 'known_error',
      tags: ['libreoffice'],
      linkedTickets: [ref],
    });
    expect(
      ok(await moderator.POST('/v1/tickets/{reference}/actions/close', { ...path(ref), body: {} })).status,
    ).toBe('closed');
    const seen = ok(await teacher.GET('/v1/tickets/{reference}', path(ref)));
    expect(seen).toMatchObject({ status: 'closed', providerReferences: [] });
    // The moderator publishes it; a student of another establishment typing the problem in other
    // words, before opening any ticket, is suggested that article among the first three
    ok(
      await moderator.POST('/v1/articles/{reference}/actions/publish', {
        params: { path: { reference: article.reference } },
        body: { audience: 'requesters' },
      }),
    );
    const student = await as('etudiant');
    const suggestions = ok(
      await student.GET('/v1/suggestions', {
        params: { query: { description: 'la génération des fichiers odt échoue avec Opalle' } },
      }),
    );
    expect(suggestions.articles.slice(0, 3).map((a) => a.reference)).toContain(article.reference);
  }, 60_000);

  it('OpenMoodle: the moderator qualifies from the unassigned queue, dispatches to network/database, closes', async () => {
    const { as } = await givenServer();
    const student = await as('etudiant');
    const moderator = await as('moodle.moderation');
    const tech = await as('netdb.tech');
    const created = ok(
      await student.POST('/v1/tickets', {
        body: {
          title: 'Impossible d’accéder à OpenINSA',
          description: 'Page blanche après connexion.',
          service: 'moodle',
        },
      }),
    );
    expect(created).toMatchObject({ status: 'new', agent: null, team: null });
    const ref = created.reference;
    const queue = ok(await moderator.GET('/v1/tickets', { params: { query: { queue: 'unassigned' } } }));
    expect(queue.items.map((t) => t.reference)).toContain(ref);

    ok(
      await moderator.PATCH('/v1/tickets/{reference}', {
        ...path(ref),
        body: {
          description: 'Page blanche après connexion. Reproduit : « database read error ».',
          subService: 'moodle.access',
          impact: 'high',
          urgency: 'high',
        },
      }),
    );
    expect(
      ok(
        await moderator.POST('/v1/tickets/{reference}/actions/assign', {
          ...path(ref),
          body: { type: 'incident', team: 'network-db', agent: 'netdb.tech@insa-toulouse.fr' },
        }),
      ),
    ).toMatchObject({ status: 'assigned', priority: 'critical', team: 'network-db' });
    ok(
      await tech.POST('/v1/tickets/{reference}/actions/resolve', {
        ...path(ref),
        body: {
          service: 'moodle',
          subService: 'moodle.access',
          solution: 'Réplica resynchronisée ; accès rétabli.',
        },
      }),
    );
    expect(
      ok(await moderator.POST('/v1/tickets/{reference}/actions/close', { ...path(ref), body: {} })).status,
    ).toBe('closed');
    const mine = ok(await student.GET('/v1/tickets'));
    expect(mine.items).toEqual([expect.objectContaining({ reference: ref, status: 'closed' })]);
  }, 60_000);

  it('OpenMoodle, many users hit: a problem of three establishments, a public announcement, one batch resolution, every requester told, every event delivered to a receiver down for a minute', async () => {
    // The wall clock, moved forward by the test so webhook retries come due without waiting
    let ahead = 0;
    const clock = { now: () => new Date(Date.now() + ahead) };
    const smtp = await startReceiver();
    cleanups.push(() => smtp.close());
    const hooks = await startWebhookReceiver();
    cleanups.push(() => hooks.close());
    const { g, baseUrl, as } = await givenServer(
      false,
      {
        mail: { smtpUrl: smtp.url, from: 'Guichet INSA <guichet@groupe-insa.fr>', retryBaseSeconds: 0 },
        webhooks: { allowHttp: true, allowedTargets: ['127.0.0.1'] },
      },
      clock,
    );
    // The workers' passes (what the scheduler runs after each commit), driven by the test
    const work = async () => {
      await g.notifications.settle();
      await g.mail.deliverDue();
      await g.webhooks.settle();
      return g.webhooks.deliverDue();
    };
    // The intranet's integration: an administrative API token made on the server machine
    const adminToken = (
      await g.tokens.create(
        { person: 'admin@groupe-insa.fr', name: 'intranet', scopes: ['read', 'write', 'admin'] },
        'local',
      )
    ).token;
    const admin = createGuichetClient({ baseUrl, token: adminToken });
    const subscription = ok(
      await admin.POST('/v1/webhooks', {
        body: { url: hooks.url, eventTypes: ['ticket.*', 'announcement.*'], services: ['moodle'] },
      }),
    );
    const moderator = await as('moodle.moderation');
    const accounts = ['etudiant', 'enseignant.moodle', 'gestionnaire.moodle'] as const;
    const requesters = await Promise.all(accounts.map((a) => as(a)));
    const titles = [
      'OpenINSA : database read error sur mon cours de mécanique',
      'OpenINSA : database read error en déposant un devoir',
      'OpenINSA : database read error sur la page des notes',
    ];
    const incidents: string[] = [];
    for (const [i, requester] of requesters.entries()) {
      const created = ok(
        await requester.POST('/v1/tickets', {
          body: {
            title: titles[i]!,
            description: 'Message « database read error » en me connectant au Moodle.',
            service: 'moodle',
          },
        }),
      );
      incidents.push(created.reference);
    }
    const problem = ok(
      await moderator.POST('/v1/tickets', {
        body: {
          title: 'Erreur de lecture de la base de données Moodle',
          description: 'Reproduit : « database read error » à l’accès au Moodle, plusieurs établissements.',
          service: 'moodle',
          type: 'problem',
        },
      }),
    ).reference;
    for (const ref of [problem, ...incidents]) {
      ok(
        await moderator.POST('/v1/tickets/{reference}/actions/assign', {
          ...path(ref),
          body: {
            type: ref === problem ? 'problem' : 'incident',
            team: 'network-db',
            agent: 'netdb.tech@insa-toulouse.fr',
          },
        }),
      );
    }
    for (const incident of incidents) {
      ok(
        await moderator.POST('/v1/problems/{reference}/incidents', { ...path(problem), body: { incident } }),
      );
    }
    const linked = ok(await moderator.GET('/v1/problems/{reference}/incidents', path(problem)));
    expect(linked.map((i) => i.establishment)).toEqual(['insa-lyon', 'insa-rennes', 'insa-strasbourg']);

    // The moderator publishes the notice, linked to the problem
    const notice = ok(
      await moderator.POST('/v1/announcements', {
        body: {
          title: { fr: 'OpenINSA : erreurs de lecture de la base', en: 'OpenINSA: database read errors' },
          body: { fr: 'Certaines pages affichent « database read error ». Nous y travaillons.' },
          severity: 'outage',
          services: ['moodle'],
          linkedTicket: problem,
        },
      }),
    );
    // Visible without a token (the portal's banner reads the same list: its Chromium test is
    // tests/e2e/portal-announcements.test.ts), and in the Atom feed, without the problem's reference
    const anonymous = await fetch(`${baseUrl}/v1/announcements?state=active`);
    expect(anonymous.status).toBe(200);
    const listed = (await anonymous.json()) as { items: { id: string; phase: string | null }[] };
    expect(listed.items.map((a) => a.id)).toEqual([notice.id]);
    const atom = await fetch(`${baseUrl}/v1/announcements/feed.atom`);
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    const feed = await atom.text();
    expect(feed).toContain('OpenINSA : erreurs de lecture de la base');
    expect(feed).not.toContain(problem);

    // Everything so far reaches the receiver; then it answers 500, and stops listening, for a minute
    expect((await work()).delivered).toBeGreaterThan(0);
    const before = hooks.received.length;
    hooks.status = 500;

    // The moderator resolves the problem, its three incidents and the notice in one call
    const solution = 'Réplica de lecture resynchronisé ; reconnectez-vous pour retrouver vos cours.';
    const report = ok(
      await moderator.POST('/v1/problems/{reference}/resolve-incidents', {
        ...path(problem),
        body: {
          resolveProblem: true,
          solution,
          announcementMessage: {
            fr: 'OpenINSA fonctionne de nouveau normalement.',
            en: 'OpenINSA is working normally again.',
          },
        },
      }),
    );
    expect(report.problem.outcome).toBe('resolved');
    expect(report.incidents).toEqual(
      incidents.map((reference) => ({ reference, outcome: 'resolved', status: 'resolved' })),
    );
    expect(report.announcements).toEqual([{ id: notice.id, outcome: 'resolved' }]);
    const after = (await (await fetch(`${baseUrl}/v1/announcements/${notice.id}`)).json()) as {
      phase: string;
      state: string;
      updates: { status: string; message: string }[];
    };
    expect(after).toMatchObject({
      phase: 'resolved',
      state: 'past',
      updates: [{ status: 'resolved', message: 'OpenINSA fonctionne de nouveau normalement.' }],
    });
    const active = (await (await fetch(`${baseUrl}/v1/announcements?state=active`)).json()) as {
      items: unknown[];
    };
    expect(active.items).toEqual([]);

    // Each requester reads their own ticket resolved, and gets their own mail, nobody else's
    expect((await work()).delivered).toBe(0);
    for (const [i, requester] of requesters.entries()) {
      const own = incidents[i]!;
      expect(ok(await requester.GET('/v1/tickets/{reference}', path(own)))).toMatchObject({
        status: 'resolved',
        solution,
      });
      const email = ACCOUNTS[accounts[i]!].email;
      const mine = smtp.received.filter(
        (m) => (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : null) === email,
      );
      expect(mine.map((m) => m.subject)).toContain(`[${own}] Votre ticket est résolu`);
      for (const m of mine) {
        const text = `${m.subject}\n${m.text}`;
        for (const [j, other] of incidents.entries()) {
          if (j === i) continue;
          expect(text).not.toContain(other);
          expect(text).not.toContain(titles[j]!);
        }
      }
    }

    await hooks.down();
    for (let elapsed = 0; elapsed < 60; elapsed += 15) {
      ahead += 15_000;
      expect((await work()).delivered).toBe(0);
    }
    expect(hooks.received.length).toBe(before);
    expect(hooks.refused.length).toBeGreaterThan(0);

    // It comes back; the next retries (5 min later on the schedule) deliver everything
    hooks.status = 204;
    await hooks.up();
    ahead += 6 * 60_000;
    await work();
    ahead += 31 * 60_000;
    await work();
    const deliveries = ok(
      await admin.GET('/v1/webhooks/{id}/deliveries', {
        params: { path: { id: subscription.id }, query: { limit: 200 } },
      }),
    );
    expect(deliveries.filter((d) => d.status !== 'delivered')).toEqual([]);
    expect(deliveries.some((d) => d.log.length > 1)).toBe(true);
    const wh = new Webhook(subscription.secret);
    const all = hooks.received.map((hit) => ({
      id: String(hit.headers['webhook-id']),
      payload: wh.verify(hit.body, hit.headers as Record<string, string>) as {
        type: string;
        data: { ticket: { reference: string }; sequence: number; announcement?: { id: string } };
      },
    }));
    // None lost, none twice, every one signed, each ticket's events in order
    expect(all.map((x) => x.id).sort()).toEqual(deliveries.map((d) => d.id).sort());
    // The notice's publication and its resolved update (posted by the batch) reached it too
    const notices = all.filter((x) => x.payload.type.startsWith('announcement.')).map((x) => x.payload);
    expect(notices.map((p) => p.type)).toEqual(
      expect.arrayContaining(['announcement.published', 'announcement.resolved']),
    );
    expect(notices.every((p) => p.data.announcement?.id === notice.id)).toBe(true);
    const got = all.filter((x) => x.payload.type.startsWith('ticket.'));
    for (const ref of [problem, ...incidents]) {
      const timeline = ok(await admin.GET('/v1/tickets/{reference}/timeline', path(ref)));
      const mine = got.filter((x) => x.payload.data.ticket.reference === ref).map((x) => x.payload);
      expect(mine.map((p) => p.data.sequence)).toEqual(timeline.map((_, i) => i + 1));
      expect(mine.map((p) => p.type)).toEqual(timeline.map((e) => `ticket.${e.type}`));
      expect(mine.at(-1)?.type).toBe('ticket.resolved');
    }
  }, 60_000);
});
