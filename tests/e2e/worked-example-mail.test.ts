/**
 * The Scenari worked example lived by mail (issue 13), on real parts: the requester writes to the
 * teaching support cell's mailbox (the gateway's pipe path, what `guichet mail ingest` and the IMAP
 * poller call), answers Guichet's question from her mail client, and receives every notification,
 * the closure included, at a real SMTP receiver; Kelis's mail carrying its own ticket number is
 * matched to the ticket. The scheduler works, so dispatch and delivery happen as in production.
 * (The same start through a real IMAP server is in tests/system/worked-example-imap.test.ts.)
 */
import {
  createTestGuichet,
  eventually,
  givenDemoCatalogue,
  startReceiver,
  type TestGuichet,
} from '@guichet/core/testing';
import type { ParsedMail } from 'mailparser';
import { afterEach, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 180_000 });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const CELL = 'cellule-pedagogique@insa-rouen.fr';
const TEACHER = 'claire.dupont@insa-rouen.fr';
const DOMAIN = 'guichet.groupe-insa.fr';

it('Scenari by mail: the requester writes, answers and is told of the closure without ever opening Guichet', async () => {
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const g: TestGuichet = await createTestGuichet({
    scheduler: { enabled: true },
    mail: {
      smtpUrl: receiver.url,
      from: 'Guichet INSA <guichet@groupe-insa.fr>',
      messageIdDomain: DOMAIN,
      portalUrl: 'https://portail.groupe-insa.fr',
      retryBaseSeconds: 0,
    },
  });
  cleanups.push(() => g.dispose());
  const staff = await givenDemoCatalogue(g);
  await g.catalogue.applyDocument({
    providers: [
      {
        code: 'kelis',
        name: 'Kelis',
        mailSubjectPattern: '\\[Kelis #(\\d+)\\]',
        mailAddress: 'support@kelis.fr',
      },
    ],
    mailboxes: [{ address: CELL, service: 'scenari', establishment: 'insa-rouen', unknownSenders: 'hold' }],
  });
  const moderator = await staff('scenari.moderation@insa-rouen.fr');
  const tech = await staff('scenari.tech@insa-rouen.fr');
  const mailTo = (address: string, subject: RegExp) =>
    eventually(
      async () =>
        receiver.received.find(
          (m: ParsedMail) =>
            (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : null) === address &&
            subject.test(m.subject ?? ''),
        ) ?? null,
      30_000,
    );

  // A teacher of INSA Rouen (not yet known to Guichet) writes to the cell
  const first = await g.mailGateway.ingest(
    Buffer.from(
      [
        `From: Claire Dupont <${TEACHER}>`,
        `To: ${CELL}`,
        'Subject: =?ISO-8859-1?Q?G=E9n=E9ration_ODT_en_=E9chec_dans_Opale?=',
        'Message-ID: <a1b2c3@insa-rouen.fr>',
        'Date: Wed, 02 Dec 2026 09:12:00 +0100',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=ISO-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Bonjour,',
        '',
        'la g=E9n=E9ration .odt =E9choue avec le mod=E8le Opale depuis ce matin.',
        '',
        'Claire',
        '',
      ].join('\r\n'),
    ),
    { mailbox: CELL },
  );
  // Then a ticket by mail is open in Scenari's queue, routed to the cell's technicians
  expect(first).toMatchObject({ decision: 'created' });
  const reference = first.ticketReference!;
  const ticket = await g.tickets.get(moderator, reference);
  expect(ticket).toMatchObject({
    channel: 'email',
    service: 'scenari',
    requester: { email: TEACHER, displayName: 'Claire Dupont' },
    status: 'assigned',
    team: 'pedagogy-support',
    title: 'Génération ODT en échec dans Opale',
  });
  // And she receives the receipt, threaded, with the reference to answer to
  const receipt = await mailTo(TEACHER, new RegExp(`^\\[${reference}\\]`));
  expect(receipt.inReplyTo).toMatch(
    new RegExp(`^<ticket\\.[0-9a-f-]{36}@${DOMAIN.replaceAll('.', '\\.')}>$`),
  );

  // The technician asks a question; she answers from Outlook, which quotes the history in French
  await g.tickets.act(moderator, reference, {
    action: 'reassign',
    team: 'pedagogy-support',
    agent: 'scenari.tech@insa-rouen.fr',
  });
  await g.tickets.act(tech, reference, {
    action: 'request_info',
    question: 'Quelle version d’Opale utilisez-vous ?',
  });
  const question = await mailTo(TEACHER, /informations/);
  const answer = await g.mailGateway.ingest(
    Buffer.from(
      [
        `From: Claire Dupont <${TEACHER}>`,
        `To: ${CELL}`,
        `Subject: RE: ${question.subject}`,
        'Message-ID: <d4e5f6@insa-rouen.fr>',
        `In-Reply-To: ${question.messageId}`,
        `References: ${question.inReplyTo} ${question.messageId}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Opale 5.0.3, sur Windows 11.',
        '',
        'De : Guichet INSA <guichet@groupe-insa.fr>',
        'Envoyé : mercredi 2 décembre 2026 10:03',
        `À : ${TEACHER}`,
        `Objet : ${question.subject}`,
        '',
        'Pour traiter « Génération ODT en échec dans Opale », nous avons besoin de précisions.',
        '',
      ].join('\r\n'),
    ),
    { mailbox: CELL },
  );
  expect(answer).toMatchObject({ decision: 'replied', ticketReference: reference });
  const afterAnswer = await g.tickets.get(tech, reference);
  expect(afterAnswer.status).toBe('assigned');
  const timeline = await g.tickets.timeline(tech, reference);
  const reply = timeline.find((e) => e.type === 'requester_replied');
  expect(reply?.data.body).toContain('Opale 5.0.3');
  expect(String(reply?.data.body)).not.toContain('Envoyé :');
  // The technician hears of her answer by mail too
  await mailTo('scenari.tech@insa-rouen.fr', /répondu/);

  // The technician escalates to Kelis; Kelis's mail carrying its own number is matched to the ticket,
  // and held for a moderator (Kelis is no participant: nothing lands in the ticket unseen)
  await g.tickets.act(tech, reference, { action: 'note', body: 'Reproduit sur la préproduction' });
  await g.tickets.act(tech, reference, {
    action: 'provider_escalate',
    provider: 'kelis',
    externalId: '4711',
  });
  // Guichet writes to Kelis with both numbers in the subject, and nothing internal
  const toKelis = await mailTo('support@kelis.fr', /\[Kelis #4711\]/);
  expect(toKelis.subject).toBe(`[${reference}] [Kelis #4711] Génération ODT en échec dans Opale`);
  expect(toKelis.text).toContain('Opale depuis ce matin');
  expect(toKelis.text).not.toContain('préproduction');
  const kelis = await g.mailGateway.ingest(
    Buffer.from(
      [
        'From: Support Kelis <support@kelis.fr>',
        `To: ${CELL}`,
        'Subject: [Kelis #4711] Correctif livré (Opale 5.0.4)',
        'Message-ID: <k4711@kelis.fr>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Le correctif est en production.',
        '',
      ].join('\r\n'),
    ),
    { mailbox: CELL },
  );
  expect(kelis).toMatchObject({ decision: 'held', ticketReference: reference });
  expect(kelis.reasons).toContain('thread_provider');
  const explained = await g.mailGateway.explain(moderator, '<k4711@kelis.fr>', { language: 'fr' });
  expect(JSON.stringify(explained)).toContain('4711');

  // The technician records the solution; the moderator closes; she receives the resolution and the closure
  await g.tickets.act(tech, reference, {
    action: 'resolve',
    service: 'scenari',
    solution: 'Bug XSLT d’Opale 5.0.3, corrigé par Kelis dans la 5.0.4.',
  });
  await g.tickets.act(moderator, reference, { action: 'close' });
  const resolved = await mailTo(TEACHER, /résolu/);
  expect(resolved.text).toContain('5.0.4');
  const closure = await mailTo(TEACHER, /clos/);
  expect(closure.subject).toBe(`[${reference}] Votre ticket est clos`);
  expect(closure.text).toContain(`https://portail.groupe-insa.fr/tickets/${reference}`);
  // Every mail to her belongs to the ticket's thread, none to anyone else's, and none tells her of her own answer
  const hers = receiver.received.filter(
    (m) => (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : null) === TEACHER,
  );
  expect(new Set(hers.map((m) => m.inReplyTo))).toEqual(new Set([receipt.inReplyTo]));
  expect(hers.map((m) => m.subject)).not.toContainEqual(expect.stringMatching(/répondu/));
});
