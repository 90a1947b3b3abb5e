/**
 * The three worked examples of MISSION.md, end to end through core's public API on a real
 * PostgreSQL, with the real scheduler (pg-boss) for the VR room's pending-until wake-up.
 */
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  administering,
  createTestGuichet,
  eventually,
  givenDemoCatalogue,
  givenPerson,
  type Receiver,
  startReceiver,
  startWebhookReceiver,
  type TestGuichet,
  type WebhookReceiver,
} from '../testing/index.ts';
import type { TicketView } from './index.ts';
import { RETRY_JITTER, RETRY_SCHEDULE_SECONDS } from './webhooks/webhook.rules.ts';

let guichet: TestGuichet | null = null;
const receivers: (Receiver | WebhookReceiver)[] = [];
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
  for (const r of receivers.splice(0)) await r.close();
});

async function notificationsOf(
  g: TestGuichet,
  reference: string,
): Promise<{ kind: string; subject: string; email: string }[]> {
  // What the rules make of the timeline so far (the scheduler does this after each commit).
  await g.notifications.settle();
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: g.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select n.kind, n.subject, p.email from notification n
         join ticket t on t.id = n.ticket_id join person p on p.id = n.recipient_id
        where t.reference = $1 order by n.event_id, p.email, n.kind`,
      [reference],
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe('worked example: VR room', () => {
  it('approval, routing to an authorised technician, questions, pending until a date woken by the scheduler, resolution, closure', async () => {
    guichet = await createTestGuichet({
      scheduler: { enabled: true, pollingIntervalSeconds: 0.5, sweepCron: '* * * * *' },
    });
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const manager = await staff('vr.manager@insa-rennes.fr');
    const tech = await staff('vr.tech@insa-rennes.fr');
    const teacher = await givenPerson(g, { email: 'enseignant@insa-rennes.fr', affiliation: 'faculty' });

    // Given a teacher asks for a projector set-up in the VR room (approval required)
    const created = await g.tickets.create(teacher, {
      title: 'Installation d’un vidéoprojecteur dans le cube VR',
      description: 'Pour un TP du 3 décembre, il faut un vidéoprojecteur branché sur la station du cube.',
      service: 'vr-room',
      subService: 'vr-room.usage',
      channel: 'portal',
    });
    expect(created).toMatchObject({ status: 'pending_approval', establishment: 'insa-rennes', agent: null });
    expect(created.reference).toMatch(/^GU-\d{4}-\d{6}$/);

    // The technician cannot act before approval, and the requester cannot approve their own request
    await expect(g.tickets.act(teacher, created.reference, { action: 'approve' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    // When the VR room manager checks it is legitimate and approves
    const approved = await g.tickets.act(manager, created.reference, {
      action: 'approve',
      comment: 'Demande légitime',
    });

    // Then routing sends it to the authorised technician of the VR room team
    expect(approved).toMatchObject({
      status: 'assigned',
      team: 'vr-room',
      type: 'request',
      agent: { email: 'vr.tech@insa-rennes.fr' },
    });

    // The technician studies it and asks questions; the requester answers, which resumes the work
    const asked = await g.tickets.act(tech, created.reference, {
      action: 'request_info',
      question: 'Quel modèle de station ?',
    });
    expect(asked).toMatchObject({ status: 'pending', pendingKind: 'awaiting_requester' });
    const answered = await g.tickets.act(teacher, created.reference, {
      action: 'reply',
      body: 'La station HP Z4 du fond.',
    });
    expect(answered).toMatchObject({ status: 'assigned', agent: { email: 'vr.tech@insa-rennes.fr' } });

    // The requester cannot test before a date: the ticket is pending until then
    const until = new Date(Date.now() + 2_500);
    const pended = await g.tickets.act(tech, created.reference, {
      action: 'pend',
      until: until.toISOString(),
      reason: 'Le demandeur ne peut pas tester avant le créneau du TP',
    });
    expect(pended).toMatchObject({
      status: 'pending',
      pendingKind: 'until_date',
      pendingUntil: until.toISOString(),
    });

    // After the date, the scheduler wakes it and assignment is applied again (same team and agent)
    const woken = await eventually(async () => {
      const t = await g.tickets.get(tech, created.reference);
      return t.status === 'assigned' ? t : null;
    }, 15_000);
    expect(woken).toMatchObject({
      status: 'assigned',
      team: 'vr-room',
      agent: { email: 'vr.tech@insa-rennes.fr' },
      pendingUntil: null,
    });
    const wokenAt = (await g.tickets.timeline(tech, created.reference)).find((e) => e.type === 'woken');
    expect(wokenAt?.actor).toBeNull();
    expect(new Date(wokenAt!.createdAt).getTime()).toBeGreaterThanOrEqual(until.getTime());

    // The technician resumes, resolves it and notes the steps
    await g.tickets.act(tech, created.reference, {
      action: 'note',
      body: 'Étapes : câble HDMI 10 m, source 2, calibrage.',
    });
    const resolved = await g.tickets.act(tech, created.reference, {
      action: 'resolve',
      service: 'vr-room',
      subService: 'vr-room.usage',
      solution: 'Vidéoprojecteur installé et calibré sur la station HP Z4.',
    });
    expect(resolved).toMatchObject({ status: 'resolved', service: 'vr-room', subService: 'vr-room.usage' });

    // A moderator closes it; the requester is notified; nothing can change any more
    const closed = await g.tickets.act(manager, created.reference, { action: 'close' });
    expect(closed).toMatchObject({ status: 'closed', actions: [] });
    await expect(
      g.tickets.act(tech, created.reference, { action: 'reopen', reason: 'encore' }),
    ).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { rule: 'ticket_is_final' },
    });

    const timeline = await g.tickets.timeline(manager, created.reference);
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
    // The requester sees the public timeline only
    const publicTimeline = await g.tickets.timeline(teacher, created.reference);
    expect(publicTimeline.map((e) => e.type)).not.toContain('internal_note');
    // Everyone is told what concerns them, and nobody of their own action
    expect((await notificationsOf(g, created.reference)).map((n) => [n.kind, n.email])).toEqual([
      ['ticket.created', 'enseignant@insa-rennes.fr'],
      ['ticket.approval_requested', 'vr.manager@insa-rennes.fr'],
      ['ticket.approved', 'enseignant@insa-rennes.fr'],
      ['ticket.assigned', 'vr.tech@insa-rennes.fr'],
      ['ticket.info_requested', 'enseignant@insa-rennes.fr'],
      ['ticket.requester_replied', 'vr.tech@insa-rennes.fr'],
      ['ticket.woken', 'vr.tech@insa-rennes.fr'],
      ['ticket.resolved', 'enseignant@insa-rennes.fr'],
      ['ticket.closed', 'enseignant@insa-rennes.fr'],
    ]);
  });

  it('a rejected request ends there and the requester is told why', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const manager = await staff('vr.manager@insa-rennes.fr');
    const student = await givenPerson(g, { email: 'etudiant@insa-rennes.fr' });
    const t = await g.tickets.create(student, {
      title: 'Soirée jeux',
      description: 'Réserver le cube samedi',
      service: 'vr-room',
    });
    const rejected = await g.tickets.act(manager, t.reference, {
      action: 'reject',
      reason: 'Usage non pédagogique',
    });
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Usage non pédagogique',
      actions: [],
    });
    const notes = await notificationsOf(g, t.reference);
    expect(notes.map((n) => n.kind)).toEqual([
      'ticket.created',
      'ticket.approval_requested',
      'ticket.rejected',
    ]);
    expect(notes.slice(-1)).toEqual([
      {
        kind: 'ticket.rejected',
        subject: `[${t.reference}] Votre demande a été refusée`,
        email: 'etudiant@insa-rennes.fr',
      },
    ]);
  });
});

describe('worked example: Scenari', () => {
  it('a delegated moderator enters an emailed request, the technician escalates to Kelis, records the solution, the moderator closes', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const moderator = await staff('scenari.moderation@insa-rouen.fr');
    const tech = await staff('scenari.tech@insa-rouen.fr');
    const teacher = await givenPerson(g, {
      email: 'enseignante@insa-rouen.fr',
      affiliation: 'faculty',
      language: 'en',
    });

    // Given the requester emailed the teaching support cell; the moderator opens the ticket on their behalf
    const t = await g.tickets.create(moderator, {
      requester: 'enseignante@insa-rouen.fr',
      title: 'La génération .odt échoue dans le modèle Opale',
      description:
        'Message reçu par courriel : la publication ODT s’arrête sur une erreur de transformation.',
      service: 'scenari',
      subService: 'scenari.opale',
      channel: 'email',
    });
    // Then it goes to an authorised technician of the support cell
    expect(t).toMatchObject({
      status: 'assigned',
      team: 'pedagogy-support',
      type: 'incident',
      requester: { email: 'enseignante@insa-rouen.fr' },
      createdBy: { email: 'scenari.moderation@insa-rouen.fr' },
      channel: 'email',
      agent: { email: 'scenari.tech@insa-rouen.fr' },
    });

    // The technician reproduces it and opens a ticket at the provider Kelis
    await g.tickets.act(tech, t.reference, {
      action: 'note',
      body: 'Reproduit sur Opale 5.0.3 avec un document de test.',
    });
    const escalated = await g.tickets.act(tech, t.reference, {
      action: 'provider_escalate',
      provider: 'kelis',
      externalId: 'KELIS-4812',
      notes: 'Erreur XSLT lors de la génération ODT',
    });
    const ref = escalated.providerReferences[0]!;
    expect(ref).toMatchObject({ provider: 'kelis', externalId: 'KELIS-4812', status: 'open' });

    // The provider solves it and closes theirs
    const updated = await g.tickets.act(tech, t.reference, {
      action: 'provider_update',
      referenceId: ref.id,
      status: 'closed',
      notes: 'Correctif livré dans Opale 5.0.4',
    });
    expect(updated.providerReferences[0]).toMatchObject({
      status: 'closed',
      notes: 'Correctif livré dans Opale 5.0.4',
    });

    // The technician records the diagnosis and solution and hands the ticket to the moderator
    const resolved = await g.tickets.act(tech, t.reference, {
      action: 'resolve',
      service: 'scenari',
      subService: 'scenari.opale',
      solution: 'Diagnostic : bug XSLT d’Opale 5.0.3. Solution : mise à jour 5.0.4 par Kelis.',
    });
    expect(resolved.status).toBe('resolved');
    expect(resolved.actions).not.toContain('close');

    // The technician adds a knowledge-base entry from the resolution, in one step (the vocabulary
    // already knows that odt goes with LibreOffice)
    await g.knowledgeBase.upsertTag(moderator, {
      code: 'libreoffice',
      label: 'LibreOffice',
      synonyms: ['odt'],
    });
    const draft = await g.knowledgeBase.createFromTicket(tech, t.reference, {
      title: 'Opale : la génération .odt (LibreOffice) échoue',
    });
    expect(draft).toMatchObject({
      status: 'draft',
      kind: 'known_error',
      services: ['scenari', 'scenari.opale'],
      tags: ['libreoffice'],
      linkedTickets: [t.reference],
      solution: 'Diagnostic : bug XSLT d’Opale 5.0.3. Solution : mise à jour 5.0.4 par Kelis.',
    });
    // Internal notes stay out of it
    expect(draft.symptom).not.toContain('Reproduit sur Opale 5.0.3');

    // The moderator closes it; the requester is notified, in her language
    const closed = await g.tickets.act(moderator, t.reference, { action: 'close' });
    expect(closed.status).toBe('closed');
    const notes = await notificationsOf(g, t.reference);
    expect(notes.at(-1)).toEqual({
      kind: 'ticket.closed',
      subject: `[${t.reference}] Your ticket is closed`,
      email: 'enseignante@insa-rouen.fr',
    });
    // The requester never sees the provider details
    const seen = await g.tickets.get(teacher, t.reference);
    expect(seen.providerReferences).toEqual([]);

    // The moderator publishes the article for every signed-in requester of the group
    const published = await g.knowledgeBase.changeStatus(moderator, draft.reference, {
      action: 'publish',
      audience: 'requesters',
    });
    expect(published.status).toBe('published');
    // Later, a requester at another establishment types the same problem in other words, with
    // accents, and with a typo: the article is among the first three suggestions, before any ticket
    const lyon = await givenPerson(g, { email: 'etudiant@insa-lyon.fr' });
    for (const description of [
      'la génération des fichiers odt échoue avec Opale',
      'la generation des fichiers odt echoue avec Opalle',
    ]) {
      const suggestions = await g.knowledgeBase.suggest(lyon, { title: '', description });
      expect(suggestions.articles.slice(0, 3).map((a) => a.reference)).toContain(draft.reference);
      // Nobody's ticket but theirs: the teacher's ticket is not shown to them
      expect(suggestions.tickets).toEqual([]);
    }
  });
});

describe('worked example: OpenMoodle', () => {
  it('no rule matches: the Moodle moderator qualifies and dispatches to the network/database team, then closes', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const moderator = await staff('moodle.moderation@insa-lyon.fr');
    const tech = await staff('netdb.tech@insa-toulouse.fr');
    const student = await givenPerson(g, { email: 'etudiant.moodle@insa-lyon.fr' });

    // Given a requester reports an access problem to the group Moodle
    const t = await g.tickets.create(student, {
      title: 'Impossible d’accéder à OpenINSA',
      description: 'Page blanche après connexion.',
      service: 'moodle',
      channel: 'portal',
    });
    // Then no routing rule applies: it waits in the Moodle moderator's queue
    expect(t).toMatchObject({ status: 'new', agent: null, team: null });
    const queue = await g.tickets.list(moderator, { queue: 'unassigned' });
    expect(queue.items.map((x: TicketView) => x.reference)).toContain(t.reference);

    // The moderator reproduces it, details it and assigns it to the network/database team
    await g.tickets.act(moderator, t.reference, {
      action: 'edit',
      changes: {
        description:
          'Page blanche après connexion. Reproduit : « database read error » sur la page d’accueil.',
        subService: 'moodle.access',
        impact: 'high',
        urgency: 'high',
      },
    });
    const assigned = await g.tickets.act(moderator, t.reference, {
      action: 'assign',
      type: 'incident',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });
    expect(assigned).toMatchObject({
      status: 'assigned',
      priority: 'critical',
      team: 'network-db',
      subService: 'moodle.access',
    });

    // The technician fixes it together with the moderator, records the solution and transfers back
    await g.tickets.act(tech, t.reference, {
      action: 'note',
      body: 'Réplica PostgreSQL en retard, bascule avec le modérateur.',
    });
    await g.tickets.act(tech, t.reference, {
      action: 'resolve',
      service: 'moodle',
      subService: 'moodle.access',
      solution: 'Réplica de lecture resynchronisée ; accès rétabli.',
    });
    const closed = await g.tickets.act(moderator, t.reference, { action: 'close' });
    expect(closed.status).toBe('closed');
    expect((await notificationsOf(g, t.reference)).map((n) => [n.kind, n.email])).toEqual([
      ['ticket.created', 'etudiant.moodle@insa-lyon.fr'],
      ['ticket.queued', 'moodle.moderation@insa-lyon.fr'],
      ['ticket.assigned', 'netdb.tech@insa-toulouse.fr'],
      ['ticket.resolved', 'etudiant.moodle@insa-lyon.fr'],
      ['ticket.closed', 'etudiant.moodle@insa-lyon.fr'],
    ]);
  });
});

/**
 * The wall clock, which the test moves forward: webhook retries come due without waiting for them,
 * and it is never behind what the database calls now (the mail outbox's rows are due from then).
 */
function testClock() {
  let ahead = 0;
  return {
    now: () => new Date(Date.now() + ahead),
    advance(seconds: number) {
      ahead += seconds * 1_000;
    },
  };
}

/** Longest wait the retry schedule may ask for after the `n`-th failure (jitter included). */
const longestRetry = (n: number) => RETRY_SCHEDULE_SECONDS[n - 1]! * (1 + RETRY_JITTER) + 1;

interface TicketPayload {
  type: string;
  data: { eventId: string; ticket: { reference: string }; sequence: number };
}

describe('worked example: OpenMoodle, many users hit', () => {
  it('the database read error becomes a problem of three establishments; the announcement, the batch resolution, every requester told, every event delivered to a receiver that was down for a minute', async () => {
    const clock = testClock();
    const smtp = await startReceiver();
    receivers.push(smtp);
    const hooks = await startWebhookReceiver();
    receivers.push(hooks);
    guichet = await createTestGuichet(
      {
        mail: {
          smtpUrl: smtp.url,
          from: 'Guichet INSA <guichet@groupe-insa.fr>',
          messageIdDomain: 'guichet.groupe-insa.fr',
          retryBaseSeconds: 0,
        },
        webhooks: { allowHttp: true, allowedTargets: ['127.0.0.1'] },
      },
      { clock },
    );
    const g = guichet;
    const staff = await givenDemoCatalogue(g);
    const moderator = await staff('moodle.moderation@insa-lyon.fr');
    const tech = await staff('netdb.tech@insa-toulouse.fr');
    const admin = administering(await staff('admin@groupe-insa.fr'));

    // Given the group's intranet subscribed to every Moodle ticket event (a receiver on 127.0.0.1,
    // allowed by the configuration)
    const subscription = await g.webhooks.create(admin, {
      url: hooks.url,
      eventTypes: ['ticket.*', 'announcement.*'],
      services: ['moodle'],
    });

    // Given three requesters of three establishments hit by the same "database read error"
    const requesters = [
      await givenPerson(g, { email: 'etudiant.moodle@insa-lyon.fr', displayName: 'Sacha Étudiant' }),
      await givenPerson(g, {
        email: 'enseignant.moodle@insa-rennes.fr',
        displayName: 'Dominique Enseignant',
        affiliation: 'faculty',
      }),
      await givenPerson(g, {
        email: 'gestionnaire.moodle@insa-strasbourg.fr',
        displayName: 'Alex Gestionnaire',
        affiliation: 'staff',
        language: 'en',
      }),
    ];
    const titles = [
      'OpenINSA : database read error sur mon cours de mécanique',
      'OpenINSA : database read error en déposant un devoir',
      'OpenINSA : database read error on the grades page',
    ];
    const incidents: TicketView[] = [];
    for (const [i, who] of requesters.entries()) {
      incidents.push(
        await g.tickets.create(who, {
          title: titles[i]!,
          description: 'Message « database read error » en me connectant au Moodle.',
          service: 'moodle',
          channel: 'portal',
        }),
      );
    }
    expect(incidents.map((t) => t.establishment)).toEqual(['insa-lyon', 'insa-rennes', 'insa-strasbourg']);

    // The moderator reproduces it and opens a problem for it, which suggests the three incidents
    const problem = await g.tickets.create(moderator, {
      title: 'Erreur de lecture de la base de données Moodle',
      description: 'Reproduit : « database read error » à l’accès au Moodle, plusieurs établissements.',
      service: 'moodle',
      subService: 'moodle.access',
      type: 'problem',
    });
    const suggested = await g.problems.suggest(moderator, problem.reference);
    expect(suggested.map((s) => s.reference).sort()).toEqual(incidents.map((t) => t.reference).sort());
    for (const t of [problem, ...incidents]) {
      await g.tickets.act(moderator, t.reference, {
        action: 'assign',
        type: t.reference === problem.reference ? 'problem' : 'incident',
        team: 'network-db',
        agent: 'netdb.tech@insa-toulouse.fr',
      });
    }
    for (const t of incidents) {
      await g.problems.link(moderator, problem.reference, { incident: t.reference });
    }
    await g.problems.update(moderator, problem.reference, {
      rootCause: 'Réplica PostgreSQL db-2 en retard après une rotation de mot de passe',
      workaround: 'Se reconnecter après une minute',
    });
    expect((await g.problems.incidents(moderator, problem.reference)).map((i) => i.establishment)).toEqual([
      'insa-lyon',
      'insa-rennes',
      'insa-strasbourg',
    ]);
    // Each requester reads the public summary from their own incident: the workaround, not the cause
    for (const [i, who] of requesters.entries()) {
      expect(await g.problems.ofTicket(who, incidents[i]!.reference)).toMatchObject({
        view: 'public',
        workaround: 'Se reconnecter après une minute',
        rootCause: null,
      });
    }

    // Because many users are hit, the moderator publishes an information notice linked to the problem
    const notice = await g.announcements.create(moderator, {
      title: { fr: 'OpenINSA : erreurs de lecture de la base', en: 'OpenINSA: database read errors' },
      body: { fr: 'Certaines pages de Moodle affichent « database read error ». Nous y travaillons.' },
      severity: 'outage',
      services: ['moodle'],
      linkedTicket: problem.reference,
    });
    await g.announcements.addUpdate(moderator, notice.id, {
      status: 'identified',
      message: { fr: 'Cause identifiée : un réplica de la base est en retard.' },
    });
    // Anyone sees it without signing in (the portal's home page and its banner: see
    // tests/e2e/portal-announcements.test.ts), and in the feed; the problem's reference is not shown
    const seen = await g.announcements.list('anonymous', { state: 'active', service: 'moodle' });
    expect(seen.items.map((a) => a.id)).toEqual([notice.id]);
    expect(seen.items[0]).toMatchObject({ phase: 'identified', linkedTicket: null });
    expect((await g.announcements.feed('anonymous')).map((a) => a.id)).toContain(notice.id);

    // Every event so far reached the receiver
    await g.webhooks.settle();
    await g.webhooks.deliverDue();
    const before = hooks.received.length;
    expect(before).toBeGreaterThan(0);

    // The receiver goes down for a minute: first it answers 500, then it is not even listening
    hooks.status = 500;
    await g.tickets.act(tech, problem.reference, {
      action: 'note',
      body: 'Réplica db-2 resynchronisé avec le modérateur, lectures revenues sur le primaire.',
    });
    // When the moderator resolves the problem, its incidents and the notice in one operation
    const solution = 'Réplica de lecture resynchronisé ; reconnectez-vous pour retrouver vos cours.';
    const report = await g.problems.resolveIncidents(moderator, problem.reference, {
      resolveProblem: true,
      solution,
      announcementMessage: {
        fr: 'OpenINSA fonctionne de nouveau normalement.',
        en: 'OpenINSA is working normally again.',
      },
    });
    // Then the problem and the three incidents are resolved, each through its own resolve
    expect(report.problem).toMatchObject({ outcome: 'resolved', status: 'resolved' });
    expect(report.incidents).toEqual(
      incidents.map((t) => ({ reference: t.reference, outcome: 'resolved', status: 'resolved' })),
    );
    expect(report.notVisible).toBe(0);
    for (const t of incidents) {
      expect(await g.tickets.get(moderator, t.reference)).toMatchObject({ status: 'resolved', solution });
    }
    // And the notice got its resolved update: it is over for everyone
    expect(report.announcements).toEqual([{ id: notice.id, outcome: 'resolved' }]);
    const over = await g.announcements.get('anonymous', notice.id);
    expect(over).toMatchObject({ phase: 'resolved', state: 'past' });
    expect(over.updates.map((u) => u.status)).toEqual(['identified', 'resolved']);
    expect((await g.announcements.list('anonymous', { state: 'active' })).items).toEqual([]);
    expect((await g.announcements.feed('anonymous')).find((a) => a.id === notice.id)?.phase).toBe('resolved');

    // And each requester is told by mail, in their language, of their own ticket only
    await g.notifications.settle();
    await g.mail.deliverDue();
    const toWhom = (address: string) =>
      smtp.received.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : null) === address);
    for (const [i, who] of requesters.entries()) {
      const mine = toWhom(who.email);
      const own = incidents[i]!.reference;
      const resolvedSubject =
        i === 2 ? `[${own}] Your ticket is resolved` : `[${own}] Votre ticket est résolu`;
      expect(mine.map((m) => m.subject)).toContain(resolvedSubject);
      const resolvedMail = mine.find((m) => m.subject === resolvedSubject)!;
      expect(resolvedMail.text).toContain(solution);
      for (const m of mine) {
        const text = `${m.subject}\n${m.text}\n${m.html || ''}`;
        expect(text).toContain(own);
        for (const [j, other] of requesters.entries()) {
          if (j === i) continue;
          expect(text).not.toContain(incidents[j]!.reference);
          expect(text).not.toContain(titles[j]!);
          expect(text).not.toContain(other.email);
        }
        // Nor the problem's internal analysis
        expect(text).not.toContain('db-2');
      }
    }

    // The receiver is still answering 500, then stops listening altogether, for a minute in all
    await g.webhooks.settle();
    expect((await g.webhooks.deliverDue()).delivered).toBe(0);
    await hooks.down();
    for (let elapsed = 0; elapsed < 60; elapsed += 15) {
      clock.advance(15);
      expect((await g.webhooks.deliverDue()).delivered).toBe(0);
    }
    expect(hooks.refused.length).toBeGreaterThan(0);
    expect(hooks.received.length).toBe(before);

    // When it comes back, the retries (driven by the schedule, through the clock) deliver everything
    hooks.status = 204;
    await hooks.up();
    for (let n = 2; n <= 3; n += 1) {
      clock.advance(longestRetry(n));
      await g.webhooks.deliverDue();
    }

    // Then every delivery was made, none is left pending or given up
    const deliveries = await g.webhooks.deliveries(admin, subscription.id, { limit: 200 });
    expect(deliveries.filter((d) => d.status !== 'delivered')).toEqual([]);
    // Every request the receiver accepted is signed with the subscription's secret
    const wh = new Webhook(subscription.secret);
    const all = hooks.received.map((hit) => ({
      id: String(hit.headers['webhook-id']),
      payload: wh.verify(hit.body, hit.headers as Record<string, string>) as TicketPayload,
    }));
    // None lost, none twice: one accepted request per delivery
    expect(all.map((x) => x.id).sort()).toEqual(deliveries.map((d) => d.id).sort());
    // The notice's life reached it too: published, the identified update, the resolved one, in that
    // order by the announcement's version each carries (other sources than tickets are not ordered
    // on the wire)
    const notices = all
      .map(
        (x) =>
          x.payload as unknown as { type: string; data: { announcement: { id: string; version: number } } },
      )
      .filter((p) => p.type.startsWith('announcement.'))
      .sort((x, y) => x.data.announcement.version - y.data.announcement.version);
    expect(notices.map((p) => p.type)).toEqual([
      'announcement.published',
      'announcement.updated',
      'announcement.resolved',
    ]);
    expect(notices.every((p) => p.data.announcement.id === notice.id)).toBe(true);
    const got = all.filter((x) => x.payload.type.startsWith('ticket.'));
    // In each ticket's order, every event of its timeline
    for (const t of [problem, ...incidents]) {
      const timeline = await g.tickets.timeline(admin, t.reference);
      const mine = got.filter((x) => x.payload.data.ticket.reference === t.reference).map((x) => x.payload);
      expect(mine.map((p) => p.data.sequence)).toEqual(timeline.map((_, i) => i + 1));
      expect(mine.map((p) => p.type)).toEqual(timeline.map((e) => `ticket.${e.type}`));
    }
    // Including the resolutions made while it was down
    expect(
      got.filter((x) => x.payload.type === 'ticket.resolved').map((x) => x.payload.data.ticket.reference),
    ).toEqual(expect.arrayContaining([problem.reference, ...incidents.map((t) => t.reference)]));
  });
});
