/**
 * Announcements told by mail (`notify`) on real parts: real PostgreSQL, a real SMTP receiver, the
 * Moodle example (a problem with three incidents from three establishments, people following
 * services), and service subscriptions.
 */
import type { ParsedMail } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestGuichet,
  givenDemoCatalogue,
  givenPerson,
  type Receiver,
  startReceiver,
  type TestGuichet,
} from '../../testing/index.ts';
import { DomainError } from '../errors.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function recipient(mail: ParsedMail): string {
  return mail.to && !Array.isArray(mail.to) ? (mail.to.value[0]?.address ?? '') : '';
}

async function givenMoodleOutage() {
  const receiver: Receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const g: TestGuichet = await createTestGuichet({
    mail: {
      smtpUrl: receiver.url,
      from: 'Guichet INSA <guichet@groupe-insa.fr>',
      portalUrl: 'https://portail.groupe-insa.fr',
      retryBaseSeconds: 0,
      timeoutSeconds: 5,
    },
  });
  cleanups.push(() => g.dispose());
  const staff = await givenDemoCatalogue(g);
  const moderator = await staff('moodle.moderation@insa-lyon.fr');
  const people = {
    lyon: await givenPerson(g, { email: 'etudiant@insa-lyon.fr', establishment: 'insa-lyon' }),
    rennes: await givenPerson(g, {
      email: 'teacher@insa-rennes.fr',
      establishment: 'insa-rennes',
      affiliation: 'faculty',
      language: 'en',
    }),
    rouen: await givenPerson(g, { email: 'agent@insa-rouen.fr', establishment: 'insa-rouen' }),
    follower: await givenPerson(g, {
      email: 'suivi.moodle@insa-strasbourg.fr',
      establishment: 'insa-strasbourg',
    }),
    otherFollower: await givenPerson(g, {
      email: 'suivi.scenari@insa-toulouse.fr',
      establishment: 'insa-toulouse',
    }),
  };
  await g.subscriptions.subscribe(people.follower, 'moodle');
  await g.subscriptions.subscribe(people.otherFollower, 'scenari');
  // The Lyon requester follows Moodle too: still one mail per change. The moderator too: never
  // told of their own announcement.
  await g.subscriptions.subscribe(people.lyon, 'moodle');
  await g.subscriptions.subscribe(moderator, 'moodle');
  const problem = await g.tickets.create(moderator, {
    title: 'Erreur de lecture de la base de données Moodle',
    description: '« database read error » à la connexion',
    service: 'moodle',
    type: 'problem',
  });
  const incidents: Record<'lyon' | 'rennes' | 'rouen', string> = { lyon: '', rennes: '', rouen: '' };
  for (const who of ['lyon', 'rennes', 'rouen'] as const) {
    const t = await g.tickets.create(people[who], {
      title: 'Moodle inaccessible',
      description: 'database read error',
      service: 'moodle',
      subService: 'moodle.access',
    });
    await g.problems.link(moderator, problem.reference, { incident: t.reference });
    incidents[who] = t.reference;
  }
  /** The mails the outbox sends now. */
  const deliver = async () => {
    const before = receiver.received.length;
    await g.mail.deliverDue();
    return receiver.received.slice(before);
  };
  return { g, receiver, staff, moderator, problem, incidents, deliver, ...people };
}

const outage = {
  title: { fr: 'Moodle inaccessible', en: 'Moodle unavailable' },
  body: {
    fr: 'Une erreur de lecture de la base de données empêche la connexion.',
    en: 'A database read error.',
  },
  severity: 'outage' as const,
  services: ['moodle'],
};

describe('notify: requesters of the linked incidents and followers of the services', () => {
  it('publication and updates with notify tell each one once, in their language; without it nobody', async () => {
    const { g, moderator, problem, incidents, deliver } = await givenMoodleOutage();

    // When the moderator publishes the outage about the problem, with notify
    const a = await g.announcements.create(moderator, {
      ...outage,
      linkedTicket: problem.reference,
      notify: true,
    });

    // Then the three requesters and the Moodle follower get one mail each; the Scenari follower none
    expect(a.notified).toBe(4);
    const first = await deliver();
    expect(first.map(recipient).sort()).toEqual([
      'agent@insa-rouen.fr',
      'etudiant@insa-lyon.fr',
      'suivi.moodle@insa-strasbourg.fr',
      'teacher@insa-rennes.fr',
    ]);
    const to = (address: string) => first.find((m) => recipient(m) === address)!;
    // A requester's mail is about their ticket: its reference, its link, then the announcement's
    expect(to('etudiant@insa-lyon.fr').subject).toBe(
      `[${incidents.lyon}] Service interrompu : Moodle inaccessible`,
    );
    expect(to('etudiant@insa-lyon.fr').text).toContain(`votre ticket ${incidents.lyon} est concerné`);
    expect(to('etudiant@insa-lyon.fr').text).toContain(
      `https://portail.groupe-insa.fr/tickets/${incidents.lyon}`,
    );
    // In English for the person who reads English
    expect(to('teacher@insa-rennes.fr').subject).toBe(`[${incidents.rennes}] Outage: Moodle unavailable`);
    expect(to('teacher@insa-rennes.fr').text).toContain('A database read error.');
    // The follower is told why, how to stop, and where to read it
    const follower = to('suivi.moodle@insa-strasbourg.fr');
    expect(follower.subject).toBe('Service interrompu : Moodle inaccessible');
    expect(follower.text).toContain('Une erreur de lecture de la base de données empêche la connexion.');
    expect(follower.text).toContain(`https://portail.groupe-insa.fr/announcements/${a.id}`);
    expect(follower.text).toContain('vous suivez le service Moodle groupe (OpenINSA)');
    expect(follower.text).not.toContain(incidents.lyon);

    // When an update is posted with notify: one more each, saying the update
    const identified = await g.announcements.addUpdate(moderator, a.id, {
      status: 'identified',
      message: {
        fr: 'Un disque plein sur le serveur de base de données.',
        en: 'A full disk on the database server.',
      },
      notify: true,
    });
    expect(identified.notified).toBe(4);
    const second = await deliver();
    expect(second.map(recipient).sort()).toEqual(first.map(recipient).sort());
    const rennes = second.find((m) => recipient(m) === 'teacher@insa-rennes.fr')!;
    expect(rennes.subject).toBe(`[${incidents.rennes}] Outage: Moodle unavailable (identified)`);
    expect(rennes.text).toContain('A full disk on the database server.');

    // When an update is posted without notify: nobody
    const monitoring = await g.announcements.addUpdate(moderator, a.id, {
      status: 'monitoring',
      message: { fr: 'Disque nettoyé, sous surveillance.' },
    });
    expect(monitoring.notified).toBeUndefined();
    expect(await deliver()).toEqual([]);
  });

  it('the resolved update honours preferences; a closed incident’s requester is not told', async () => {
    const { g, staff, moderator, problem, incidents, deliver, rouen } = await givenMoodleOutage();
    const a = await g.announcements.create(moderator, { ...outage, linkedTicket: problem.reference });
    expect(a.notified).toBeUndefined();
    expect(await deliver()).toEqual([]);
    // Given Rouen's requester wants no announcement updates, and Lyon's incident is closed
    await g.notifications.setPreferences(rouen, { 'announcement.updated': 'off' });
    await g.tickets.act(moderator, incidents.lyon, {
      action: 'assign',
      type: 'incident',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });
    const agent = await staff('netdb.tech@insa-toulouse.fr');
    await g.tickets.act(agent, incidents.lyon, { action: 'resolve', service: 'moodle', solution: 'Disque' });
    await g.tickets.act(moderator, incidents.lyon, { action: 'close' });

    // When the resolved update is posted with notify
    const resolved = await g.announcements.addUpdate(moderator, a.id, {
      status: 'resolved',
      message: { fr: 'Le service est rétabli.' },
      notify: true,
    });

    // Then Rennes' requester and both Moodle followers (Lyon's requester follows Moodle) are told
    expect(resolved.notified).toBe(3);
    const mails = await deliver();
    expect(mails.map(recipient).sort()).toEqual([
      'etudiant@insa-lyon.fr',
      'suivi.moodle@insa-strasbourg.fr',
      'teacher@insa-rennes.fr',
    ]);
    // Lyon's requester is now told as a follower, not about the closed ticket
    expect(mails.find((m) => recipient(m) === 'etudiant@insa-lyon.fr')!.subject).toBe(
      'Service interrompu : Moodle inaccessible (résolue)',
    );
  });

  it('followers: of a service above the one concerned, and only where it happens', async () => {
    const { g, moderator, deliver } = await givenMoodleOutage();
    // When an outage of Moodle's access at INSA Lyon only is published with notify
    const a = await g.announcements.create(moderator, {
      title: { fr: 'Connexion impossible à Lyon' },
      severity: 'degraded',
      services: ['moodle.access'],
      establishments: ['insa-lyon'],
      audience: 'requesters',
      notify: true,
    });
    // Then Lyon's follower of Moodle is told; the Strasbourg follower is not
    expect(a.notified).toBe(1);
    expect((await deliver()).map(recipient)).toEqual(['etudiant@insa-lyon.fr']);
  });
});

describe('service subscriptions', () => {
  it('each person follows, lists and stops following their own; a bad service names the field', async () => {
    const { g, follower, otherFollower } = await givenMoodleOutage();
    // Following again keeps one subscription
    await g.subscriptions.subscribe(follower, 'moodle');
    await g.subscriptions.subscribe(follower, 'video');
    expect((await g.subscriptions.list(follower)).map((s) => s.service)).toEqual(['moodle', 'video']);
    expect((await g.subscriptions.list(otherFollower)).map((s) => s.service)).toEqual(['scenari']);

    await g.subscriptions.unsubscribe(follower, 'moodle');
    await g.subscriptions.unsubscribe(follower, 'moodle');
    expect((await g.subscriptions.list(follower)).map((s) => s.service)).toEqual(['video']);
    expect((await g.subscriptions.list(otherFollower)).map((s) => s.service)).toEqual(['scenari']);

    const error = await g.subscriptions.subscribe(follower, 'nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details.fields?.[0]).toMatchObject({
      field: 'service',
      rule: 'field.unknown',
    });
  });
});
