/**
 * The mail gateway on real parts: real PostgreSQL, tickets made and answered through the ticket
 * service, and for the refusal a real SMTP receiver the delivery worker sends to.
 */
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { administering } from '../../../testing/index.ts';
import { DomainError } from '../../errors.ts';
import { CELL, DOMAIN, type GatewayWorld, givenGatewayWorld, MARIE, MOODLE_BOX } from './gateway.fixtures.ts';

let world: GatewayWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

/** A plain-text mail; headers as given. */
function mail(headers: Record<string, string>, body = 'Bonjour,\n\nVoici ma demande.\n'): Buffer {
  const all = {
    'Message-ID': `<${Math.random().toString(36).slice(2)}@mail.insa-rouen.fr>`,
    Date: 'Tue, 01 Dec 2026 10:12:00 +0100',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...headers,
  };
  const head = Object.entries(all)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return Buffer.from(`${head}\r\n\r\n${body.replaceAll('\n', '\r\n')}`, 'utf8');
}

const notificationId = (w: GatewayWorld) => `<notification.${w.notificationId}@${DOMAIN}>`;

describe('the mail gateway', () => {
  it('a new mail to Moodle’s mailbox opens an email ticket in the Moodle moderator’s queue', async () => {
    // Given Moodle's mailbox and a known INSA Lyon student
    world = await givenGatewayWorld();
    const w = world;
    await w.g.catalogue.upsertPerson({ email: 'lea.dupont@insa-lyon.fr', displayName: 'Léa Dupont' });

    // When she writes to the mailbox
    const o = await w.g.mailGateway.ingest(
      mail({
        From: 'Léa Dupont <lea.dupont@insa-lyon.fr>',
        To: MOODLE_BOX,
        Subject: 'Accès refusé à OpenINSA',
      }),
      { mailbox: MOODLE_BOX },
    );

    // Then a ticket is open on Moodle, channel email, in the moderator's unassigned queue
    expect(o).toMatchObject({ decision: 'created', reasons: ['thread_none', 'sender_known'] });
    const moderator = await w.staff('moodle.moderation@insa-lyon.fr');
    const queue = await w.g.tickets.list(moderator, { queue: 'unassigned' });
    const ticket = queue.items.find((t) => t.reference === o.ticketReference);
    expect(ticket).toMatchObject({
      channel: 'email',
      service: 'moodle',
      status: 'new',
      title: 'Accès refusé à OpenINSA',
      requester: { email: 'lea.dupont@insa-lyon.fr' },
    });
  }, 60_000);

  it('a reply naming our notification in References lands as the requester’s reply, quote stripped', async () => {
    world = await givenGatewayWorld();
    const w = world;
    // When Marie answers the moderator's notification from Thunderbird
    const o = await w.g.mailGateway.ingest(
      mail(
        {
          From: `Marie Curie <${MARIE}>`,
          To: CELL,
          Subject: `Re: [${w.reference}] Nouvelle réponse sur votre ticket`,
          'In-Reply-To': notificationId(w),
          References: `<ticket.${w.ticketId}@${DOMAIN}> ${notificationId(w)}`,
        },
        'Toujours la même erreur.\n\nLe 01/12/2026 à 10:12, Guichet INSA a écrit :\n> Pouvez-vous réessayer ?\n',
      ),
      { mailbox: CELL },
    );
    // Then it is her public reply on the ticket, without the quoted notification
    expect(o).toMatchObject({ decision: 'replied', ticketReference: w.reference });
    const last = (await w.g.tickets.timeline('system', w.reference)).at(-1);
    expect(last).toMatchObject({ type: 'requester_replied', visibility: 'public', actor: { email: MARIE } });
    expect((last?.data as { body?: string } | undefined)?.body).toBe('Toujours la même erreur.');
  }, 60_000);

  it('a reply whose client stripped References is threaded by the subject’s reference', async () => {
    world = await givenGatewayWorld();
    const w = world;
    const o = await w.g.mailGateway.ingest(
      mail(
        { From: MARIE, To: CELL, Subject: `RE: [${w.reference}] Nouvelle réponse` },
        'Voici ma réponse.\n',
      ),
      { mailbox: CELL },
    );
    expect(o).toMatchObject({
      decision: 'replied',
      ticketReference: w.reference,
      reasons: ['thread_subject', 'sender_requester'],
    });
    const last = (await w.g.tickets.timeline('system', w.reference)).at(-1);
    expect(last?.type).toBe('requester_replied');
  }, 60_000);

  it('a stranger quoting the reference is held for a moderator and never appended', async () => {
    world = await givenGatewayWorld();
    const w = world;
    const before = await w.g.tickets.timeline('system', w.reference);
    const o = await w.g.mailGateway.ingest(
      mail(
        { From: 'paul.martin@insa-rouen.fr', To: CELL, Subject: `Re: [${w.reference}] Nouvelle réponse` },
        'Je réponds à la place de Marie.\n',
      ),
      { mailbox: CELL },
    );
    expect(o).toMatchObject({
      decision: 'held',
      ticketReference: w.reference,
      reasons: ['thread_subject', 'sender_not_participant'],
    });
    expect(await w.g.tickets.timeline('system', w.reference)).toEqual(before);
    // And the moderator of the mailbox's service finds it among the held mails, with the reason
    const moderator = await w.staff('scenari.moderation@insa-rouen.fr');
    const held = await w.g.mailGateway.list(moderator, { decision: 'held' });
    expect(held.map((h) => h.id)).toEqual([o.inboundId]);
    expect(held[0]?.summary).toBe(
      `référence dans l’objet → ${w.reference}; l’expéditeur (paul.martin@insa-rouen.fr) n’est pas partie prenante du ticket : retenu pour un modérateur`,
    );
  }, 60_000);

  it('a moderator adds a held mail to its ticket as a note, opens a ticket from another, sets a third aside', async () => {
    world = await givenGatewayWorld();
    const w = world;
    const moderator = await w.staff('scenari.moderation@insa-rouen.fr');
    const tech = await w.staff('scenari.tech@insa-rouen.fr');
    const stranger = await w.g.mailGateway.ingest(
      mail(
        {
          From: 'Paul Martin <paul.martin@insa-rouen.fr>',
          To: CELL,
          Subject: `Re: [${w.reference}] Nouvelle réponse`,
        },
        'Même souci chez moi, avec Opale 5.0.3.\n',
      ),
      { mailbox: CELL },
    );
    expect(stranger.decision).toBe('held');
    // Someone who is neither admin nor the mailbox's moderator may not decide
    await expect(w.g.mailGateway.resolveHeld(tech, stranger.messageId, 'note')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // note: the ticket gets an internal note by the moderator quoting the sender; the requester sees nothing
    const noted = await w.g.mailGateway.resolveHeld(moderator, stranger.messageId, 'note');
    expect(noted).toMatchObject({ decision: 'replied', ticketReference: w.reference });
    expect(noted.reasons.at(-1)).toBe('moderator_noted');
    const staffTimeline = await w.g.tickets.timeline(moderator, w.reference);
    const note = staffTimeline.at(-1);
    expect(note).toMatchObject({ type: 'internal_note', visibility: 'internal' });
    expect(String(note?.data.body)).toContain('paul.martin@insa-rouen.fr');
    expect(String(note?.data.body)).toContain('Opale 5.0.3');
    const seenByMarie = await w.g.tickets.timeline(w.marie, w.reference);
    expect(seenByMarie.map((e) => e.type)).not.toContain('internal_note');
    // twice: it is not held any more
    await expect(w.g.mailGateway.resolveHeld(moderator, stranger.messageId, 'note')).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    // open: an unknown sender's mail (held by the mailbox's policy) becomes their ticket, entered by the moderator
    const unknown = await w.g.mailGateway.ingest(
      mail(
        { From: 'Jean Dupuis <jean.dupuis@exterieur.example>', To: CELL, Subject: 'Accès à Opale' },
        'Bonjour, je n’ai pas accès.\n',
      ),
      { mailbox: CELL },
    );
    expect(unknown.decision).toBe('held');
    const opened = await w.g.mailGateway.resolveHeld(moderator, unknown.messageId, 'open');
    expect(opened.decision).toBe('created');
    const ticket = await w.g.tickets.get(moderator, opened.ticketReference!);
    expect(ticket).toMatchObject({
      channel: 'email',
      service: 'scenari',
      title: 'Accès à Opale',
      requester: { email: 'jean.dupuis@exterieur.example', displayName: 'Jean Dupuis' },
    });

    // dismiss
    const other = await w.g.mailGateway.ingest(
      mail({ From: 'spam@exterieur.example', To: CELL, Subject: 'Offre' }, 'Achetez.\n'),
      { mailbox: CELL },
    );
    const dismissed = await w.g.mailGateway.resolveHeld(moderator, other.messageId, 'dismiss');
    expect(dismissed).toMatchObject({ decision: 'ignored', ticketReference: null });
    expect(await w.g.mailGateway.list(moderator, { decision: 'held' })).toEqual([]);
  }, 60_000);

  it('the requester’s mail answers a request for information and resumes the ticket', async () => {
    world = await givenGatewayWorld();
    const w = world;
    // Given the moderator asked Marie a question: the ticket waits for her
    const moderator = await w.staff('scenari.moderation@insa-rouen.fr');
    await w.g.tickets.act(moderator, w.reference, { action: 'request_info', question: 'Quelle version ?' });
    expect(await w.g.tickets.get('system', w.reference)).toMatchObject({
      status: 'pending',
      pendingKind: 'awaiting_requester',
    });
    // When she answers by mail
    const o = await w.g.mailGateway.ingest(
      mail(
        { From: MARIE, To: CELL, Subject: `Re: [${w.reference}] Des informations vous sont demandées` },
        'La 6.1.\n',
      ),
      { mailbox: CELL },
    );
    // Then her reply resumes it (the workflow's rule, unchanged)
    expect(o.decision).toBe('replied');
    const t = await w.g.tickets.get('system', w.reference);
    expect(t.status).toBe('assigned');
    const types = (await w.g.tickets.timeline('system', w.reference)).slice(-2).map((e) => e.type);
    expect(types).toEqual(['requester_replied', 'resumed']);
  }, 60_000);

  it('the same mail delivered twice (or at once, twice) makes one ticket; the second answer is duplicate', async () => {
    world = await givenGatewayWorld();
    const w = world;
    const raw = mail({
      From: MARIE,
      To: CELL,
      Subject: 'Une seule fois',
      'Message-ID': '<une-fois@insa-rouen.fr>',
    });
    const first = await w.g.mailGateway.ingest(raw, { mailbox: CELL });
    const again = await w.g.mailGateway.ingest(raw, { mailbox: CELL });
    expect(first.decision).toBe('created');
    expect(again).toMatchObject({
      decision: 'duplicate',
      inboundId: first.inboundId,
      ticketReference: first.ticketReference,
      reasons: ['duplicate_of'],
    });
    // Concurrently: the unique key makes the second wait for the first, then see it
    const other = mail({
      From: MARIE,
      To: CELL,
      Subject: 'En même temps',
      'Message-ID': '<meme-temps@insa-rouen.fr>',
    });
    const both = await Promise.all([
      w.g.mailGateway.ingest(other, { mailbox: CELL }),
      w.g.mailGateway.ingest(other, { mailbox: CELL }),
    ]);
    expect(both.map((b) => b.decision).sort()).toEqual(['created', 'duplicate']);
    const tickets = await w.query<{ n: string }>(
      `select count(*) as n from ticket where title = 'En même temps'`,
    );
    expect(Number(tickets[0]?.n)).toBe(1);
    // A mail without Message-ID is keyed by its content
    const bare = Buffer.from(`From: ${MARIE}\r\nSubject: Sans identifiant\r\n\r\nTexte\r\n`);
    expect((await w.g.mailGateway.ingest(bare, { mailbox: CELL })).decision).toBe('created');
    expect((await w.g.mailGateway.ingest(bare, { mailbox: CELL })).decision).toBe('duplicate');
  }, 60_000);

  it('auto-replies and bounces touch no ticket and send nothing', async () => {
    world = await givenGatewayWorld();
    const w = world;
    const before = await w.g.tickets.timeline('system', w.reference);
    const [outbox] = await w.query<{ n: string }>('select count(*) as n from notification');
    const outOfOffice = await w.g.mailGateway.ingest(
      mail({
        From: MARIE,
        To: CELL,
        Subject: `Réponse automatique : [${w.reference}]`,
        'Auto-Submitted': 'auto-replied',
        'In-Reply-To': notificationId(w),
      }),
      { mailbox: CELL },
    );
    const bounce = await w.g.mailGateway.ingest(
      mail({ From: 'MAILER-DAEMON@smtp.example.com', To: MOODLE_BOX, Subject: 'Undelivered Mail' }),
      { mailbox: MOODLE_BOX },
    );
    expect(outOfOffice).toMatchObject({ decision: 'ignored', ticketReference: null });
    expect(outOfOffice.reasons).toContain('noise_auto_submitted');
    expect(bounce).toMatchObject({ decision: 'ignored', ticketReference: null });
    expect(bounce.reasons).toContain('noise_bounce');
    expect(await w.g.tickets.timeline('system', w.reference)).toEqual(before);
    const [after] = await w.query<{ n: string }>('select count(*) as n from notification');
    expect(after?.n).toBe(outbox?.n);
  }, 60_000);

  it('a burst from one sender is ignored past the threshold (count mails in minutes pass, not more)', async () => {
    world = await givenGatewayWorld({ mail: { inbound: { burst: { count: 2, minutes: 10 } } } });
    const w = world;
    const decisions: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      decisions.push(
        (
          await w.g.mailGateway.ingest(mail({ From: MARIE, To: CELL, Subject: `Boucle ${i}` }), {
            mailbox: CELL,
          })
        ).decision,
      );
    }
    expect(decisions).toEqual(['created', 'created', 'ignored', 'ignored']);
  }, 60_000);

  it('a stranger writing to a refusing mailbox gets one polite refusal a day, sent by the delivery worker', async () => {
    // Given a real SMTP receiver the delivery worker sends to
    const received: ParsedMail[] = [];
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then((m) => {
          received.push(m);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    try {
      world = await givenGatewayWorld({
        mail: { smtpUrl: `smtp://127.0.0.1:${port}`, timeoutSeconds: 5, retryBaseSeconds: 0 },
      });
      const w = world;
      await w.g.mail.deliverDue();
      received.length = 0;
      // When the same stranger writes twice, and their out-of-office answers once
      const first = await w.g.mailGateway.ingest(
        mail({ From: 'jean@example.com', To: MOODLE_BOX, Subject: 'Inscription' }),
        { mailbox: MOODLE_BOX },
      );
      const second = await w.g.mailGateway.ingest(
        mail({ From: 'jean@example.com', To: MOODLE_BOX, Subject: 'Relance' }),
        { mailbox: MOODLE_BOX },
      );
      const auto = await w.g.mailGateway.ingest(
        mail({ From: 'jean@example.com', To: MOODLE_BOX, Subject: 'Absent', 'X-Autoreply': 'yes' }),
        { mailbox: MOODLE_BOX },
      );
      expect(first.reasons).toContain('refusal_queued');
      expect(second.reasons).toContain('refusal_already_sent');
      expect(auto.decision).toBe('ignored');
      // Then exactly one refusal is sent, to the address, marked automatic (RFC 3834)
      const report = await w.g.mail.deliverDue();
      expect(report).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(received).toHaveLength(1);
      const sent = received[0];
      expect(sent?.to && !Array.isArray(sent.to) ? sent.to.value[0]?.address : null).toBe('jean@example.com');
      expect(sent?.subject).toContain('n’a pas été enregistré');
      expect(sent?.headers.get('auto-submitted')).toBe('auto-generated');
      // And the admin's outbox view shows it by address
      const outbox = await w.g.mail.outbox('local', { status: ['sent'] });
      expect(outbox.filter((e) => e.kind === 'mail.refused').map((e) => e.recipient)).toEqual([
        'jean@example.com',
      ]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);

  it('explains which rule matched and why, to admins and to the mailbox’s moderators only', async () => {
    world = await givenGatewayWorld();
    const w = world;
    const raw = mail({
      From: MARIE,
      To: CELL,
      Subject: `Re: [${w.reference}]`,
      'Message-ID': '<explique-moi@insa-rouen.fr>',
      References: notificationId(w),
    });
    await w.g.mailGateway.ingest(raw, { mailbox: CELL });
    const admin = administering(await w.staff('admin@groupe-insa.fr'));
    const fr = await w.g.mailGateway.explain(admin, '<explique-moi@insa-rouen.fr>');
    expect(fr).toMatchObject({
      decision: 'replied',
      ticketReference: w.reference,
      mailbox: CELL,
      rawKept: true,
    });
    expect(fr.summary).toBe(`en-tête References → ${w.reference}; l’expéditeur (${MARIE}) est le demandeur`);
    const en = await w.g.mailGateway.explain('local', 'explique-moi@insa-rouen.fr', { language: 'en' });
    expect(en.summary).toBe(`References header → ${w.reference}; the sender (${MARIE}) is the requester`);
    // The Scenari moderator sees it; Moodle's moderator and the requester do not
    const scenari = await w.staff('scenari.moderation@insa-rouen.fr');
    expect((await w.g.mailGateway.explain(scenari, '<explique-moi@insa-rouen.fr>')).id).toBe(fr.id);
    const moodle = await w.staff('moodle.moderation@insa-lyon.fr');
    await expect(w.g.mailGateway.explain(moodle, '<explique-moi@insa-rouen.fr>')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(w.g.mailGateway.explain(w.marie, '<explique-moi@insa-rouen.fr>')).rejects.toBeInstanceOf(
      DomainError,
    );
    await expect(w.g.mailGateway.list(w.marie)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  }, 60_000);

  it('a requester’s mail on a closed ticket opens a follow-up ticket instead of being lost', async () => {
    world = await givenGatewayWorld();
    const w = world;
    const moderator = await w.staff('scenari.moderation@insa-rouen.fr');
    await w.g.tickets.act(moderator, w.reference, { action: 'reject', reason: 'Doublon' }).catch(() => null);
    const tech = await w.staff('scenari.tech@insa-rouen.fr');
    const t = await w.g.tickets.get('system', w.reference);
    if (t.status === 'assigned') {
      await w.g.tickets.act(tech, w.reference, {
        action: 'resolve',
        service: 'scenari',
        solution: 'Corrigé',
      });
      await w.g.tickets.act(moderator, w.reference, { action: 'close' });
    }
    expect((await w.g.tickets.get('system', w.reference)).status).toBe('closed');
    const o = await w.g.mailGateway.ingest(
      mail(
        { From: MARIE, To: CELL, Subject: `Re: [${w.reference}] Votre ticket est clos` },
        'Ça recommence.\n',
      ),
      { mailbox: CELL },
    );
    expect(o).toMatchObject({
      decision: 'created',
      reasons: ['thread_subject', 'sender_requester', 'thread_closed_followup'],
    });
    expect(o.ticketReference).not.toBe(w.reference);
    const followUp = await w.g.tickets.get('system', o.ticketReference ?? '');
    expect(followUp.description).toContain(`Suite du ticket clos ${w.reference}.`);
  }, 60_000);

  it('no input crashes ingest: every mail is decided and recorded (property)', async () => {
    world = await givenGatewayWorld({
      mail: { inbound: { maxBytes: 4096, burst: { count: 10_000, minutes: 10 } } },
    });
    const w = world;
    const headerName = fc.constantFrom(
      'From',
      'Subject',
      'Message-ID',
      'In-Reply-To',
      'References',
      'Content-Type',
      'Content-Transfer-Encoding',
      'Auto-Submitted',
      'Return-Path',
      'X-Weird',
    );
    const value = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom(
        MARIE,
        `<notification.${w.notificationId}@${DOMAIN}>`,
        `[${w.reference}] x`,
        'multipart/mixed; boundary="b"',
        'text/plain; charset=x-nope',
        'base64',
        '=?utf-8?B?////?=',
        // A lone surrogate once decoded (half an emoji in UTF-16), and a subject cut in an emoji.
        '=?utf-16be?B?2D0=?=',
        `Réponse automatique :${'😀'.repeat(200)}`,
        '<>',
      ),
      fc.string({ maxLength: 80, unit: 'binary' }),
    );
    const structured = fc
      .tuple(fc.array(fc.tuple(headerName, value), { maxLength: 8 }), fc.string({ maxLength: 300 }))
      .map(([headers, body]) =>
        Buffer.from(`${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`),
      );
    const bytes = fc.uint8Array({ maxLength: 6000 }).map((a) => Buffer.from(a));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(structured, bytes), async (raw) => {
        n += 1;
        const o = await w.g.mailGateway.ingest(raw, { mailbox: n % 2 ? CELL : MOODLE_BOX });
        expect(['created', 'replied', 'held', 'refused', 'ignored', 'duplicate']).toContain(o.decision);
        expect(o.inboundId).not.toBe('');
      }),
      { numRuns: 150, seed: 13 },
    );
    const [count] = await w.query<{ n: string }>('select count(*) as n from inbound_message');
    expect(Number(count?.n)).toBeGreaterThan(100);
  }, 120_000);
});
