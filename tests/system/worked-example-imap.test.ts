/**
 * The Scenari worked example's start and end through real servers (issue 13): the requester's mail
 * is delivered to the teaching support cell's mailbox on a real Dovecot, the Guichet server's IMAP
 * poller reads it and the gateway opens the ticket; the receipt and the closure reach a real SMTP
 * receiver. (The full conversation by mail, on the pipe path, is tests/e2e/worked-example-mail.test.ts.)
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, expect, inject, it } from 'vitest';
import { createGuichet, type Guichet } from '../../packages/core/src/index.ts';
import { eventually, givenDemoCatalogue, startReceiver } from '../../packages/core/testing/index.ts';
import { createMailbox, openImap } from './imap.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

it('a mail in the cell’s IMAP mailbox becomes a ticket in Scenari’s queue; the receipt and the closure reach the requester', async () => {
  const mailbox = await createMailbox();
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const name = `guichet_sys_${randomBytes(5).toString('hex')}`;
  await admin(`create database ${name}`);
  cleanups.push(() => admin(`drop database if exists ${name} with (force)`));
  const g: Guichet = await createGuichet({
    database: { url: inject('databaseUrl').replace(/\/[^/]*$/, `/${name}`) },
    migrate: true,
    poolSize: 5,
    scheduler: { enabled: true },
    mail: {
      smtpUrl: receiver.url,
      from: 'Guichet INSA <guichet@groupe-insa.fr>',
      retryBaseSeconds: 0,
      imap: { mailboxes: [{ url: mailbox.url(), mailbox: mailbox.address }], pollIntervalSeconds: 1 },
    },
  });
  cleanups.push(() => g.close());
  const staff = await givenDemoCatalogue(g);
  await g.catalogue.applyDocument({
    mailboxes: [
      { address: mailbox.address, service: 'scenari', establishment: 'insa-rouen', unknownSenders: 'hold' },
    ],
  });
  const moderator = await staff('scenari.moderation@insa-rouen.fr');
  const tech = await staff('scenari.tech@insa-rouen.fr');

  // The requester's mail is delivered to the cell's mailbox
  {
    await using imap = await openImap(mailbox);
    await imap.append(
      'INBOX',
      [
        'From: Claire Dupont <claire.dupont@insa-rouen.fr>',
        `To: ${mailbox.address}`,
        'Subject: La génération ODT échoue dans Opale',
        `Message-ID: <${randomBytes(6).toString('hex')}@insa-rouen.fr>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Bonjour, la génération .odt échoue avec le modèle Opale.',
        '',
      ].join('\r\n'),
    );
  }

  // Then the server reads it and opens a ticket by mail in Scenari's queue
  const mine = () => g.tickets.list(moderator, { service: 'scenari' });
  const ticket = await eventually(
    async () => (await mine()).items.find((t) => t.channel === 'email') ?? null,
    30_000,
  );
  expect(ticket).toMatchObject({ service: 'scenari', requester: { email: 'claire.dupont@insa-rouen.fr' } });
  const toHer = (subject: RegExp) =>
    eventually(
      async () =>
        receiver.received.find(
          (m) =>
            (m.to && !Array.isArray(m.to) ? m.to.value[0]?.address : null) ===
              'claire.dupont@insa-rouen.fr' && subject.test(m.subject ?? ''),
        ) ?? null,
      30_000,
    );
  await toHer(new RegExp(`^\\[${ticket.reference}\\]`));

  // And once resolved and closed, she receives the closure
  await g.tickets.act(tech, ticket.reference, {
    action: 'resolve',
    service: 'scenari',
    solution: 'Mise à jour d’Opale 5.0.4.',
  });
  await g.tickets.act(moderator, ticket.reference, { action: 'close' });
  const closure = await toHer(/clos/);
  expect(closure.subject).toBe(`[${ticket.reference}] Votre ticket est clos`);
});
