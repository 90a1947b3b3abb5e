/**
 * The corpus, table-driven: every file of `corpus/` with the decision the gateway must take and the
 * facts that matter about it (the reason codes in order, the ticket it lands in, what the ticket or
 * the extracted attachments look like). The files are ingested in this order into one world (see
 * gateway.fixtures.ts), because some rows depend on the ones before (a second refusal the same day).
 */
import { describe, expect, it } from 'vitest';
import { CELL, corpusFiles, type GatewayWorld, givenGatewayWorld, MOODLE_BOX } from './gateway.fixtures.ts';
import type { IngestOutcome } from './mail-gateway.ts';

type Thread = 'ours' | 'new' | 'none' | 'first-new';

interface Row {
  file: string;
  mailbox?: string;
  decision: IngestOutcome['decision'];
  reasons: string[];
  /** `ours`: the fixture's ticket; `new`: a ticket of its own; `none`: no ticket; `first-new`: 01's ticket. */
  ticket: Thread;
  /** Further facts, checked against the outcome and the ticket it names. */
  check?: (o: IngestOutcome, w: GatewayWorld) => Promise<void>;
}

const KNOWN = ['thread_none', 'sender_known'];
const REPLY = ['thread_header', 'sender_requester'];
const BY_SUBJECT = ['thread_subject', 'sender_requester'];
const ticketOf = (o: IngestOutcome, w: GatewayWorld) => w.g.tickets.get('system', o.ticketReference ?? '');
const title = (expected: string) => async (o: IngestOutcome, w: GatewayWorld) => {
  expect((await ticketOf(o, w)).title).toBe(expected);
};
const description = (fragment: string, absent?: string) => async (o: IngestOutcome, w: GatewayWorld) => {
  const t = await ticketOf(o, w);
  expect(t.description).toContain(fragment);
  if (absent) expect(t.description).not.toContain(absent);
};
const lastReply = (fragment: string, absent?: string) => async (_o: IngestOutcome, w: GatewayWorld) => {
  const timeline = await w.g.tickets.timeline('system', w.reference);
  const body = String((timeline.at(-1)?.data as { body?: string } | undefined)?.body ?? '');
  expect(body).toContain(fragment);
  if (absent) expect(body).not.toContain(absent);
};
const attachments =
  (...names: string[]) =>
  async (o: IngestOutcome) => {
    expect(o.attachments.map((a) => a.filename)).toEqual(names);
  };

const TABLE: Row[] = [
  {
    file: '01-new-plain-known.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: async (o, w) => {
      const t = await ticketOf(o, w);
      expect(t).toMatchObject({
        title: 'Génération .odt en échec dans Opale',
        channel: 'email',
        service: 'scenari',
        establishment: 'insa-rouen',
        requester: { email: 'marie.curie@insa-rouen.fr' },
      });
      expect(t.description).toContain('« Erreur de transformation XSL »');
    },
  },
  {
    file: '02-new-multipart-alternative.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: description('erreur 500', '<p>'),
  },
  {
    file: '03-new-html-only.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: description("Les images de mon atelier disparaissent à l'export", '<b>'),
  },
  {
    file: '04-new-quoted-printable.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: description('« échec de la génération »'),
  },
  {
    file: '05-new-base64-body.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: description('verrouillé depuis la mise à jour'),
  },
  {
    file: '06-subject-rfc2047-iso-8859-1.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: async (o, w) => {
      await title("Problème d'accès à l'atelier")(o, w);
      await description("je n'ai plus accès à l'atelier")(o, w);
    },
  },
  {
    file: '07-subject-rfc2047-windows-1252.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: async (o, w) => {
      await title('L’export « Opale » – urgent')(o, w);
      await description('c’est urgent')(o, w);
    },
  },
  {
    file: '08-subject-rfc2047-base64-utf8.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: title('Réinitialisation du mot de passe Scenari'),
  },
  {
    file: '09-new-domain-requester.eml',
    decision: 'created',
    reasons: ['thread_none', 'sender_new_requester'],
    ticket: 'new',
    check: async (o, w) => {
      const t = await ticketOf(o, w);
      expect(t.requester.email).toBe('nouveau.etudiant@insa-rouen.fr');
      const [p] = await w.query<{ code: string }>(
        `select e.code from person p join establishment e on e.id = p.establishment_id where p.email = $1`,
        ['nouveau.etudiant@insa-rouen.fr'],
      );
      expect(p?.code).toBe('insa-rouen');
    },
  },
  {
    file: '10-new-stranger-hold.eml',
    decision: 'held',
    reasons: ['thread_none', 'sender_unknown', 'policy_hold'],
    ticket: 'none',
  },
  {
    file: '11-new-stranger-refuse.eml',
    mailbox: MOODLE_BOX,
    decision: 'refused',
    reasons: ['thread_none', 'sender_unknown', 'policy_refuse', 'refusal_queued'],
    ticket: 'none',
  },
  {
    file: '12-new-stranger-refuse-again.eml',
    mailbox: MOODLE_BOX,
    decision: 'refused',
    reasons: ['thread_none', 'sender_unknown', 'policy_refuse', 'refusal_already_sent'],
    ticket: 'none',
  },
  {
    file: '13-nested-multipart.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: async (o, w) => {
      await attachments('piece-jointe-1', 'journal.pdf')(o);
      expect(o.attachments[1]?.contentType).toBe('application/pdf');
      expect(o.attachments[1]?.content.toString('latin1')).toContain('%PDF-1.4');
      await description("Voici la capture de l'erreur.")(o, w);
    },
  },
  {
    file: '14-attachment-path-traversal.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: attachments('passwd'),
  },
  {
    file: '15-attachment-rtlo.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    // The right-to-left override is gone: the name shows its real end, `.js`.
    check: attachments('a.pdfexe.js'),
  },
  {
    file: '16-attachment-long-name.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: async (o) => {
      const name = o.attachments[0]?.filename ?? '';
      expect(name.length).toBe(150);
      expect(name.endsWith('.pdf')).toBe(true);
    },
  },
  {
    file: '17-attachment-rfc2231-french.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: attachments('compte-rendu réunion.pdf'),
  },
  {
    file: '18-zero-width-subject.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: title('Problème d’affichage'),
  },
  { file: '19-rtl-from-name.eml', decision: 'created', reasons: KNOWN, ticket: 'new' },
  {
    file: '20-forwarded-gmail.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: title('Erreur de publication'),
  },
  {
    file: '21-forwarded-outlook-fr.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: title('Panne du serveur de publication'),
  },
  {
    file: '22-unknown-mailbox.eml',
    mailbox: 'inconnu@insa-rouen.fr',
    decision: 'refused',
    reasons: ['mailbox_unknown'],
    ticket: 'none',
  },
  {
    file: '23-no-message-id.eml',
    decision: 'created',
    reasons: ['message_no_message_id', ...KNOWN],
    ticket: 'new',
    check: async (o) => expect(o.messageId).toMatch(/^<sha256\.[0-9a-f]{64}@guichet\.invalid>$/),
  },
  {
    file: '24-empty-body.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: description('(courriel sans texte)'),
  },
  {
    file: '25-no-subject.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: title('(sans objet)'),
  },
  { file: '26-auto-submitted-no.eml', decision: 'created', reasons: KNOWN, ticket: 'new' },
  { file: '27-missing-boundary.eml', decision: 'created', reasons: KNOWN, ticket: 'new' },
  {
    file: '28-truncated-mime.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: description('Le début du message arrive.'),
  },
  { file: '29-bad-charset.eml', decision: 'created', reasons: KNOWN, ticket: 'new' },
  {
    file: '30-reply-thunderbird-fr.eml',
    decision: 'replied',
    reasons: REPLY,
    ticket: 'ours',
    check: lastReply('toujours la même erreur', 'a écrit'),
  },
  {
    file: '31-reply-outlook-fr.eml',
    decision: 'replied',
    reasons: REPLY,
    ticket: 'ours',
    check: lastReply('Voici le fichier demandé.', 'Envoyé :'),
  },
  { file: '32-reply-subject-only.eml', decision: 'replied', reasons: BY_SUBJECT, ticket: 'ours' },
  { file: '33-reply-subject-no-brackets.eml', decision: 'replied', reasons: BY_SUBJECT, ticket: 'ours' },
  {
    file: '34-reply-stranger-quoting-ref.eml',
    decision: 'held',
    reasons: ['thread_subject', 'sender_not_participant'],
    ticket: 'ours',
    // Never appended: the last event is still the previous reply.
    check: lastReply('Réponse sans crochets.'),
  },
  {
    file: '35-reply-stranger-with-references.eml',
    decision: 'held',
    reasons: ['thread_header', 'sender_not_participant'],
    ticket: 'ours',
    check: lastReply('Réponse sans crochets.'),
  },
  {
    file: '36-reply-technician.eml',
    decision: 'replied',
    reasons: ['thread_header', 'sender_staff'],
    ticket: 'ours',
    check: lastReply('je contacte Kelis', 'INSA Rouen'),
  },
  {
    file: '37-reply-moderator.eml',
    decision: 'replied',
    reasons: ['thread_subject', 'sender_staff'],
    ticket: 'ours',
  },
  { file: '38-reply-foreign-domain-ids.eml', decision: 'created', reasons: KNOWN, ticket: 'new' },
  { file: '39-reply-unknown-guichet-id.eml', decision: 'replied', reasons: BY_SUBJECT, ticket: 'ours' },
  {
    file: '40-provider-kelis.eml',
    decision: 'held',
    reasons: ['thread_provider', 'sender_not_participant'],
    ticket: 'ours',
  },
  {
    file: '41-provider-unknown-number.eml',
    decision: 'held',
    reasons: ['thread_none', 'sender_unknown', 'policy_hold'],
    ticket: 'none',
  },
  {
    file: '42-reply-html-gmail-fr.eml',
    decision: 'replied',
    reasons: REPLY,
    ticket: 'ours',
    check: lastReply('Toujours pas résolu.', 'a été ajoutée'),
  },
  { file: '43-reply-base64.eml', decision: 'replied', reasons: REPLY, ticket: 'ours' },
  { file: '44-reply-sender-case.eml', decision: 'replied', reasons: REPLY, ticket: 'ours' },
  {
    file: '45-reply-signature.eml',
    decision: 'replied',
    reasons: REPLY,
    ticket: 'ours',
    check: lastReply("C'est réparé, merci !", 'Cellule pédagogique'),
  },
  {
    file: '46-reply-to-inbound-message.eml',
    decision: 'replied',
    reasons: ['thread_header', 'sender_staff'],
    ticket: 'first-new',
  },
  {
    file: '50-auto-submitted-auto-replied.eml',
    decision: 'ignored',
    reasons: ['noise_auto_submitted'],
    ticket: 'none',
  },
  {
    file: '51-auto-submitted-auto-generated.eml',
    decision: 'ignored',
    reasons: ['noise_auto_submitted'],
    ticket: 'none',
  },
  { file: '53-x-autoreply.eml', decision: 'ignored', reasons: ['noise_autoreply_header'], ticket: 'none' },
  { file: '54-x-autorespond.eml', decision: 'ignored', reasons: ['noise_autoreply_header'], ticket: 'none' },
  { file: '55-precedence-bulk.eml', decision: 'ignored', reasons: ['noise_precedence'], ticket: 'none' },
  { file: '56-precedence-junk.eml', decision: 'ignored', reasons: ['noise_precedence'], ticket: 'none' },
  { file: '57-precedence-list.eml', decision: 'ignored', reasons: ['noise_precedence'], ticket: 'none' },
  {
    file: '58-x-auto-response-suppress.eml',
    decision: 'ignored',
    reasons: ['noise_auto_response_suppress'],
    ticket: 'none',
  },
  { file: '59-list-id.eml', decision: 'ignored', reasons: ['noise_mailing_list'], ticket: 'none' },
  { file: '60-list-unsubscribe.eml', decision: 'ignored', reasons: ['noise_mailing_list'], ticket: 'none' },
  {
    file: '61-subject-reponse-automatique.eml',
    decision: 'ignored',
    reasons: ['noise_auto_reply_subject'],
    ticket: 'none',
  },
  {
    file: '62-subject-absence-du-bureau.eml',
    decision: 'ignored',
    reasons: ['noise_auto_reply_subject'],
    ticket: 'none',
  },
  {
    file: '63-subject-out-of-office.eml',
    decision: 'ignored',
    reasons: ['noise_auto_reply_subject'],
    ticket: 'none',
  },
  {
    file: '64-subject-automatic-reply.eml',
    decision: 'ignored',
    reasons: ['noise_auto_reply_subject'],
    ticket: 'none',
  },
  {
    file: '65-dsn-multipart-report.eml',
    decision: 'ignored',
    reasons: ['noise_auto_submitted', 'noise_auto_reply_subject', 'noise_bounce', 'noise_bounce'],
    ticket: 'none',
  },
  { file: '66-dsn-null-return-path.eml', decision: 'ignored', reasons: ['noise_bounce'], ticket: 'none' },
  { file: '67-mdn-read-receipt.eml', decision: 'ignored', reasons: ['noise_bounce'], ticket: 'none' },
  { file: '68-own-sender.eml', decision: 'ignored', reasons: ['noise_own_sender'], ticket: 'none' },
  { file: '69-own-message-id.eml', decision: 'ignored', reasons: ['noise_own_message_id'], ticket: 'none' },
  // Noise is looked at before threading: an out-of-office naming our notification is not a reply.
  {
    file: '70-auto-reply-with-references.eml',
    decision: 'ignored',
    reasons: ['noise_auto_submitted'],
    ticket: 'none',
  },
  // An auto-reply from a stranger to a refusing mailbox gets no refusal (no loop).
  {
    file: '71-x-autoreply-stranger-refuse-box.eml',
    mailbox: MOODLE_BOX,
    decision: 'ignored',
    reasons: ['noise_autoreply_header', 'noise_auto_reply_subject'],
    ticket: 'none',
  },
  {
    file: '80-oversized.eml',
    decision: 'refused',
    reasons: ['message_too_large'],
    ticket: 'none',
    check: async (o, w) => {
      const [row] = await w.query<{ raw_kept: boolean; headers: unknown[]; subject: string }>(
        `select raw is not null as raw_kept, headers, subject from inbound_message where id = $1`,
        [o.inboundId],
      );
      expect(row).toMatchObject({ raw_kept: false, subject: 'Vidéo de la panne' });
      expect(row?.headers.length).toBeGreaterThan(5);
      expect(o.attachments).toEqual([]);
    },
  },
  { file: '81-header-folding-and-long-lines.eml', decision: 'created', reasons: KNOWN, ticket: 'new' },
  {
    file: '82-unicode-address-idn.eml',
    decision: 'created',
    reasons: ['thread_none', 'sender_new_requester'],
    ticket: 'new',
  },
  {
    file: '83-8bit-utf8-headers-raw.eml',
    decision: 'created',
    reasons: ['thread_none', 'sender_new_requester'],
    ticket: 'new',
    check: title('Problème d’accès (en-tête UTF-8 brut)'),
  },
  { file: '84-no-from.eml', decision: 'ignored', reasons: ['message_no_sender'], ticket: 'none' },
  {
    file: '85-garbage-bytes.eml',
    decision: 'ignored',
    reasons: ['message_no_message_id', 'message_no_sender'],
    ticket: 'none',
  },
  { file: '86-headers-only.eml', decision: 'created', reasons: KNOWN, ticket: 'new' },
  {
    file: '87-nul-bytes.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
    check: async (o, w) => {
      const t = await ticketOf(o, w);
      expect(t.title).toBe('Octetsnuls');
      expect(t.description).not.toContain('\u0000');
    },
  },
  { file: '88-invalid-from.eml', decision: 'ignored', reasons: ['message_no_sender'], ticket: 'none' },
  {
    file: '89-8bit-latin1-undeclared.eml',
    decision: 'created',
    reasons: KNOWN,
    ticket: 'new',
  },
];

describe('the corpus', () => {
  it('has at least 60 messages, each stated in the table once', () => {
    expect(corpusFiles().length).toBeGreaterThanOrEqual(60);
    expect(TABLE.map((r) => r.file).sort()).toEqual(corpusFiles());
  });

  it('each message gets its decision, its reasons and its ticket', async () => {
    // Given the world of the fixtures, a 256 KiB limit (80-oversized is above it) and no burst limit
    const w = await givenGatewayWorld({
      mail: { inbound: { maxBytes: 256 * 1024, burst: { count: 10_000, minutes: 10 } } },
    });
    try {
      const actual: unknown[] = [];
      const expected: unknown[] = [];
      const seen = new Set<string>();
      let first: string | null = null;
      for (const row of TABLE) {
        // When the message is ingested
        const o = await w.g.mailGateway.ingest(w.corpus(row.file), { mailbox: row.mailbox ?? CELL });
        if (row.file.startsWith('01-')) first = o.ticketReference;
        const ticket =
          o.ticketReference === null
            ? 'none'
            : o.ticketReference === w.reference
              ? 'ours'
              : o.ticketReference === first && seen.has(o.ticketReference)
                ? 'first-new'
                : seen.has(o.ticketReference)
                  ? 'reused'
                  : 'new';
        if (o.ticketReference) seen.add(o.ticketReference);
        // Then its decision, reasons and ticket are the table's
        actual.push({ file: row.file, decision: o.decision, reasons: o.reasons, ticket });
        expected.push({ file: row.file, decision: row.decision, reasons: row.reasons, ticket: row.ticket });
        if (row.check && o.decision === row.decision) await row.check(o, w);
      }
      expect(actual).toEqual(expected);
      // And every message is recorded once, with its decision
      const [count] = await w.query<{ n: string }>('select count(*) as n from inbound_message');
      expect(Number(count?.n)).toBe(TABLE.length);
    } finally {
      await w.dispose();
    }
  }, 120_000);
});
