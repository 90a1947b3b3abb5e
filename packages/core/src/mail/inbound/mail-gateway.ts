import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { ReadCache } from '../../cache/read-cache.ts';
import type { CoreConfig } from '../../config.ts';
import { sql } from '../../db/sql.ts';
import { inAmbientTransaction, withEm } from '../../db/transaction.ts';
import { DomainError, fieldError, isDomainError } from '../../errors.ts';
import { type Language, translate } from '../../i18n/messages.ts';
import { type Grants, rolesOnTicket } from '../../people/access.ts';
import {
  type AdminActor,
  assertTechnicalAdmin,
  loadAdminAuthority,
  type PersonCaller,
} from '../../people/authority.ts';
import type { Clock } from '../../shared/clock.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import type { TicketService } from '../../tickets/ticket.service.ts';
import { FINAL_STATUSES, type TicketStatus } from '../../tickets/ticket.types.ts';
import type { InboundDecision } from './inbound-message.entity.ts';
import type { UnknownSenderPolicy } from './mailbox.entity.ts';
import { noiseReasons, type OwnIdentity } from './noise.ts';
import {
  clean,
  type ExtractedAttachment,
  headerSection,
  type InboundMail,
  parseMail,
  replyText,
  sha256,
  truncate,
} from './parse.ts';
import { type InboundReason, reason, renderReason } from './reasons.ts';
import { guichetIds, providerNumber, subjectReference, titleOf } from './threading.ts';

/** What `ingest` decided about one mail. */
export interface IngestOutcome {
  /** The `inbound_message` row (for `duplicate`: the row of the first delivery). */
  inboundId: string;
  /** The mail's Message-ID, or `<sha256.<hash>@guichet.invalid>` when it had none. */
  messageId: string;
  decision: InboundDecision | 'duplicate';
  ticketReference: string | null;
  /** Stable reason codes, in the order the rules found them (see `details` for their parameters). */
  reasons: string[];
  details: InboundReason[];
  /** Extracted attachments (name sanitised, bytes, declared type); none stored by the gateway. */
  attachments: ExtractedAttachment[];
}

/** What the attachment store receives, inside the transaction that created or answered the ticket. */
export interface InboundAttachments {
  em: EntityManager;
  inboundId: string;
  ticketId: string;
  ticketReference: string;
  /** The person the reply or ticket was written as (null: entered by the gateway for a new requester). */
  authorId: string | null;
  attachments: ExtractedAttachment[];
  /** Which event of the transaction carries them (default: the creation or the reply). */
  eventTypes?: string[];
}
export type AttachmentHandler = (batch: InboundAttachments) => Promise<void>;

/** One stored mail as `guichet mail explain` and the API show it. */
export interface InboundView {
  id: string;
  mailbox: string;
  messageId: string;
  sender: string;
  subject: string;
  decision: InboundDecision;
  ticketReference: string | null;
  reasons: string[];
  /** Each reason with its parameters and its sentence in the caller's language. */
  explanation: { code: string; params: Record<string, string>; text: string }[];
  /** The sentences joined: "References header → GU-2026-000042; sender is the requester". */
  summary: string;
  size: number;
  sha256: string;
  /** Whether the raw message is kept (false: too big, only its hash and headers). */
  rawKept: boolean;
  bodyText: string | null;
  attachments: { filename: string; contentType: string; size: number; sha256: string }[];
  receivedAt: Date;
}

type InboundConfig = CoreConfig['mail']['inbound'];

interface MailboxRow {
  address: string;
  service_id: string;
  service_code: string;
  establishment_code: string | null;
  unknown_senders: UnknownSenderPolicy;
  active: boolean;
}

interface PersonRow {
  id: string;
  email: string;
  active: boolean;
  language: Language;
}

interface TicketRow {
  id: string;
  reference: string;
  status: TicketStatus;
  requester_id: string;
  agent_id: string | null;
  team_id: string | null;
  service_id: string | null;
  sub_service_id: string | null;
}

interface Found {
  ticket: TicketRow;
  why: InboundReason;
  /** Matched by a provider's number: only a participant's mail may land; the provider's is held. */
  provider: boolean;
}

interface Decided {
  decision: InboundDecision;
  reasons: InboundReason[];
  ticketId: string | null;
  ticketReference: string | null;
  authorId: string | null;
  bodyText: string | null;
}

interface StoredRow {
  id: string;
  mailbox: string;
  message_id: string;
  sender: string;
  subject: string;
  decision: InboundDecision;
  reasons: InboundReason[];
  reference: string | null;
  size: number;
  sha256: string;
  raw_kept: boolean;
  body_text: string | null;
  attachments: InboundView['attachments'];
  created_at: Date;
  service_id: string | null;
}

const TICKET_COLUMNS =
  't.id, t.reference, t.status, t.requester_id, t.agent_id, t.team_id, t.service_id, t.sub_service_id';

const STORED = `select i.id, i.mailbox, i.message_id, i.sender, i.subject, i.decision, i.reasons, t.reference,
       i.size, i.sha256, (i.raw is not null) as raw_kept, i.body_text, i.attachments, i.created_at, m.service_id
  from inbound_message i left join ticket t on t.id = i.ticket_id left join mailbox m on m.address = i.mailbox`;

/**
 * The inbound mail gateway: one code path for every way mail comes in (`guichet mail ingest` from
 * an MTA pipe, `POST /v1/mail/inbound`, the IMAP poller). `ingest` decides what a mail is (noise, a
 * reply to a ticket, a new ticket, a stranger's mail to hold or refuse), acts through the ticket
 * service as the sender (so the workflow's rules apply unchanged) and records the mail with its
 * decision and reasons in the same transaction. See docs/mail.md for the rules and why.
 */
export class MailGateway {
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #cache: ReadCache;
  readonly #tickets: TicketService;
  readonly #config: InboundConfig;
  readonly #own: OwnIdentity;
  #attachments: AttachmentHandler | null = null;

  constructor(
    orm: MikroORM,
    clock: Clock,
    cache: ReadCache,
    tickets: TicketService,
    config: CoreConfig['mail'],
  ) {
    this.#orm = orm;
    this.#clock = clock;
    this.#cache = cache;
    this.#tickets = tickets;
    this.#config = config.inbound;
    const from = config.from ? addressOf(config.from) : null;
    this.#own = {
      addresses: from ? [from] : [],
      domain: (config.messageIdDomain ?? from?.split('@')[1] ?? 'guichet.invalid').toLowerCase(),
    };
  }

  /** The size above which a mail is refused (its hash and headers only are kept). */
  get maxBytes(): number {
    return this.#config.maxBytes;
  }

  /**
   * Where extracted attachments go: called inside the transaction that created the ticket or added
   * the reply, so a failure undoes both. Until the attachment store is wired, attachments stay in
   * the stored raw message only.
   */
  onAttachments(handler: AttachmentHandler | null): void {
    this.#attachments = handler;
  }

  /**
   * Decides, acts and records, in one transaction. Idempotent by (mailbox, Message-ID): a second
   * delivery answers `duplicate` with the first one's ticket, and never writes again. Never throws
   * because of the mail's content (oversized, malformed, hostile: recorded as refused, ignored or
   * held with the reason); throws only when the message could not be recorded (database down), so
   * that the caller (an MTA) delivers it again later.
   */
  async ingest(
    raw: Buffer,
    options: {
      mailbox: string;
      /**
       * For a caller that streamed the message and kept only its first `maxBytes + 1` bytes (the
       * API): the whole message's size and SHA-256, which decide and are recorded instead.
       */
      received?: { size: number; sha256: string };
    },
  ): Promise<IngestOutcome> {
    const mailbox = clean(options.mailbox).trim().toLowerCase().slice(0, 320);
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    const size = options.received?.size ?? bytes.length;
    const hash = options.received?.sha256 ?? sha256(bytes);
    const tooLarge = size > this.#config.maxBytes || bytes.length > this.#config.maxBytes;
    const mail = await parseMail(tooLarge ? headerSection(bytes) : bytes);
    const messageId = (mail?.messageId ?? `<sha256.${hash}@guichet.invalid>`).slice(0, 1000);
    const attachments = tooLarge ? [] : (mail?.attachments ?? []);
    const row = {
      id: newId(),
      mailbox,
      messageId,
      sender: mail?.from?.address ?? '',
      subject: mail?.subject ?? '',
      size,
      sha256: hash,
      headers: mail?.headers ?? [],
      raw: tooLarge ? null : bytes,
      attachments: attachments.map(({ content: _c, ...meta }) => meta),
    };
    const first: InboundReason[] = [];
    if (tooLarge) first.push(reason('message_too_large', { size, limit: this.#config.maxBytes }));
    if (!mail) first.push(reason('message_unparseable'));
    if (mail && !mail.messageId) first.push(reason('message_no_message_id'));
    let decided: { outcome: IngestOutcome; queued: boolean };
    try {
      decided = await inAmbientTransaction(this.#orm, async (em) => {
        const inserted = await sql<{ id: string }>(
          em,
          `insert into inbound_message (id, created_at, updated_at, mailbox, message_id, sender, subject, decision,
             reasons, size, sha256, headers, raw, attachments)
           values ($1, $2, $2, $3, $4, $5, $6, 'held', '[]', $7, $8, $9::jsonb, $10, $11::jsonb)
           on conflict (mailbox, message_id) do nothing returning id`,
          [
            row.id,
            this.#clock.now(),
            row.mailbox,
            row.messageId,
            row.sender,
            row.subject,
            row.size,
            row.sha256,
            JSON.stringify(row.headers),
            row.raw,
            JSON.stringify(row.attachments),
          ],
        );
        if (inserted.length === 0) return { outcome: await this.#duplicate(em, row), queued: false };
        const d = await this.#decide(em, mail, mailbox, first, tooLarge);
        if (d.ticketId && d.ticketReference && attachments.length > 0 && this.#attachments) {
          await this.#attachments({
            em,
            inboundId: row.id,
            ticketId: d.ticketId,
            ticketReference: d.ticketReference,
            authorId: d.authorId,
            attachments,
          });
        }
        await sql(
          em,
          `update inbound_message set decision = $2, reasons = $3::jsonb, ticket_id = $4, body_text = $5 where id = $1`,
          [row.id, d.decision, JSON.stringify(d.reasons), d.ticketId, d.bodyText],
        );
        return {
          outcome: {
            inboundId: row.id,
            messageId,
            decision: d.decision,
            ticketReference: d.ticketReference,
            reasons: d.reasons.map((r) => r.code),
            details: d.reasons,
            attachments,
          },
          queued: d.reasons.some((r) => r.code === 'refusal_queued'),
        };
      });
    } catch (error) {
      // The database is unreachable: say so to the caller (an MTA delivers again later).
      if (isDomainError(error) && error.code === 'UNAVAILABLE') throw error;
      // A rule failed in a way no test foresaw: keep the mail for a moderator rather than lose it
      // (and if even that cannot be written, the error reaches the caller, who delivers again).
      const code = isDomainError(error) ? error.code : 'INTERNAL';
      decided = await this.#holdAfterFailure(row, [...first, reason('action_refused', { code })]);
    }
    return decided.outcome;
  }

  /** Stored mails, newest first, optionally by decision: admins all, moderators their mailboxes'. */
  async list(
    caller: PersonCaller | 'local',
    query: { decision?: InboundDecision; limit?: number; language?: Language } = {},
  ): Promise<InboundView[]> {
    const scope = await this.#scope(caller);
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const rows = await withEm(this.#orm, (em) =>
      sql<StoredRow>(
        em,
        `${STORED} where ($1::text is null or i.decision = $1) and ($2::uuid[] is null or m.service_id = any($2::uuid[]))
          order by i.created_at desc, i.id limit $3`,
        [query.decision ?? null, scope, limit],
      ),
    );
    return rows.map((r) => toView(r, query.language ?? 'fr'));
  }

  /**
   * Which rule matched and why, for a Message-ID (angle brackets optional) or an inbound id; the
   * newest when the same mail reached several mailboxes. NOT_FOUND when absent or not the caller's.
   */
  async explain(
    caller: PersonCaller | 'local',
    key: string,
    options: { language?: Language } = {},
  ): Promise<InboundView> {
    const scope = await this.#scope(caller);
    const k = clean(key).trim().slice(0, 1000);
    const id = k.startsWith('<') ? k : `<${k}>`;
    const rows = await withEm(this.#orm, (em) =>
      sql<StoredRow>(
        em,
        `${STORED} where (i.message_id = $1 or ($2::uuid is not null and i.id = $2::uuid))
            and ($3::uuid[] is null or m.service_id = any($3::uuid[]))
          order by i.created_at desc limit 1`,
        [id, isUuid(k) ? k : null, scope],
      ),
    );
    const [row] = rows;
    if (!row) throw new DomainError('NOT_FOUND', { rule: 'inbound_not_found', params: { messageId: k } });
    return toView(row, options.language ?? 'fr');
  }

  /**
   * A moderator's decision on a held mail, so that nobody retypes it: `note` adds it to the ticket
   * it was matched to as an internal note by the moderator (quoting the sender; its attachments go
   * with the note), `open` opens a ticket for its sender (made a requester if unknown) on the
   * mailbox's service, `dismiss` sets it aside. One transaction; the mail's decision and reasons say
   * who did what. Admins and the mailbox's moderators only; CONFLICT if it is no longer held.
   */
  async resolveHeld(
    caller: PersonCaller,
    key: string,
    action: 'note' | 'open' | 'dismiss',
    options: { language?: Language } = {},
  ): Promise<InboundView> {
    const held = await this.explain(caller, key, options);
    if (held.decision !== 'held') {
      throw new DomainError('CONFLICT', { rule: 'inbound_not_held', params: { decision: held.decision } });
    }
    await inAmbientTransaction(this.#orm, async (em) => {
      const [row] = await sql<{
        id: string;
        mailbox: string;
        sender: string;
        subject: string;
        body_text: string | null;
        reasons: InboundReason[];
        headers: [string, string][];
        raw: Buffer | null;
        ticket_id: string | null;
        reference: string | null;
        service_code: string | null;
        establishment_id: string | null;
      }>(
        em,
        `select i.id, i.mailbox, i.sender, i.subject, i.body_text, i.reasons, i.headers, i.raw, i.ticket_id,
                t.reference, s.code as service_code, m.establishment_id
           from inbound_message i left join ticket t on t.id = i.ticket_id
           left join mailbox m on m.address = i.mailbox left join service s on s.id = m.service_id
          where i.id = $1 and i.decision = 'held' for update of i`,
        [held.id],
      );
      if (!row) throw new DomainError('CONFLICT', { rule: 'inbound_not_held', params: { decision: '?' } });
      const lang = options.language ?? 'fr';
      const by = reason(
        action === 'note'
          ? 'moderator_noted'
          : action === 'open'
            ? 'moderator_opened'
            : 'moderator_dismissed',
        { by: caller.personId },
      );
      const body = row.body_text || translate(lang, 'inbound.empty_body');
      let decision: InboundDecision = 'ignored';
      let ticketId = row.ticket_id;
      let reference = row.reference;
      if (action === 'note') {
        if (!row.reference) throw fieldError('action', 'field.inbound_no_ticket');
        await this.#tickets.act(caller, row.reference, {
          action: 'note',
          body: truncate(
            translate(lang, 'inbound.note_from', { sender: row.sender, subject: row.subject, body }),
            50_000,
          ),
        });
        decision = 'replied';
      } else if (action === 'open') {
        if (!row.service_code || !row.sender) throw fieldError('action', 'field.inbound_no_mailbox');
        const parsed = row.raw ? await parseMail(row.raw) : null;
        await insertRequester(em, row.sender, parsed?.from?.name, row.establishment_id);
        const t = await this.#tickets.create(caller, {
          title: titleOf(row.subject) || translate(lang, 'inbound.no_subject'),
          description: truncate(body, 50_000),
          service: row.service_code,
          channel: 'email',
          requester: row.sender,
        });
        decision = 'created';
        ticketId = t.id;
        reference = t.reference;
      }
      await sql(
        em,
        `update inbound_message set decision = $2, ticket_id = $3, reasons = reasons || $4::jsonb, updated_at = now()
          where id = $1`,
        [row.id, decision, ticketId, JSON.stringify([by])],
      );
      if (action !== 'dismiss' && ticketId && reference && row.raw && this.#attachments) {
        const attachments = (await parseMail(row.raw))?.attachments ?? [];
        if (attachments.length > 0) {
          await this.#attachments({
            em,
            inboundId: row.id,
            ticketId,
            ticketReference: reference,
            authorId: caller.personId,
            attachments,
            ...(action === 'note' ? { eventTypes: ['internal_note'] } : {}),
          });
        }
      }
    });
    return this.explain(caller, held.id, options);
  }

  /**
   * Whether the actor may feed mail in over the API: a technical admin through an administrative
   * credential (the MTA's or the IMAP poller's token), or the local machine.
   */
  async assertMayIngest(actor: AdminActor): Promise<void> {
    await withEm(this.#orm, async (em) => assertTechnicalAdmin(await loadAdminAuthority(em, actor)));
  }

  /** The services whose mailboxes the caller may read (null: every mail). FORBIDDEN for others. */
  async #scope(caller: PersonCaller | 'local'): Promise<string[] | null> {
    if (caller === 'local') return null;
    if (caller.via) throw new DomainError('FORBIDDEN', { rule: 'act_as_not_allowed' });
    const grants = await this.#cache.grants(caller.personId);
    if (grants.functionalAdmin || grants.technicalAdmin) return null;
    if (grants.moderatorOf.size === 0) throw new DomainError('FORBIDDEN', { rule: 'inbound_not_allowed' });
    const catalogue = await this.#cache.catalogue();
    return catalogue.descendants([...grants.moderatorOf]);
  }

  async #duplicate(em: EntityManager, row: { mailbox: string; messageId: string }): Promise<IngestOutcome> {
    const [stored] = await sql<StoredRow>(em, `${STORED} where i.mailbox = $1 and i.message_id = $2`, [
      row.mailbox,
      row.messageId,
    ]);
    return {
      inboundId: stored?.id ?? '',
      messageId: row.messageId,
      decision: 'duplicate',
      ticketReference: stored?.reference ?? null,
      reasons: ['duplicate_of'],
      details: [reason('duplicate_of', { decision: stored?.decision ?? '' })],
      attachments: [],
    };
  }

  async #holdAfterFailure(
    row: { id: string; mailbox: string; messageId: string; sender: string; subject: string } & Record<
      string,
      unknown
    >,
    reasons: InboundReason[],
  ): Promise<{ outcome: IngestOutcome; queued: boolean }> {
    return inAmbientTransaction(this.#orm, async (em) => {
      const inserted = await sql<{ id: string }>(
        em,
        `insert into inbound_message (id, created_at, updated_at, mailbox, message_id, sender, subject, decision,
           reasons, size, sha256, headers, raw, attachments)
         values ($1, $2, $2, $3, $4, $5, $6, 'held', $7::jsonb, $8, $9, $10::jsonb, $11, $12::jsonb)
         on conflict (mailbox, message_id) do nothing returning id`,
        [
          row.id,
          this.#clock.now(),
          row.mailbox,
          row.messageId,
          row.sender,
          row.subject,
          JSON.stringify(reasons),
          row.size,
          row.sha256,
          JSON.stringify(row.headers),
          row.raw,
          JSON.stringify(row.attachments),
        ],
      );
      if (inserted.length === 0) return { outcome: await this.#duplicate(em, row), queued: false };
      return {
        outcome: {
          inboundId: row.id,
          messageId: row.messageId,
          decision: 'held',
          ticketReference: null,
          reasons: reasons.map((r) => r.code),
          details: reasons,
          attachments: [],
        },
        queued: false,
      };
    });
  }

  /** The rules, in order: the mail itself, noise, the mailbox, the thread, the sender. */
  async #decide(
    em: EntityManager,
    mail: InboundMail | null,
    mailbox: string,
    reasons: InboundReason[],
    tooLarge: boolean,
  ): Promise<Decided> {
    const none = (decision: InboundDecision): Decided => ({
      decision,
      reasons,
      ticketId: null,
      ticketReference: null,
      authorId: null,
      bodyText: null,
    });
    if (!mail) return none('refused');
    const noise = noiseReasons(mail, this.#own);
    if (noise.length > 0) {
      reasons.push(...noise);
      return none('ignored');
    }
    if (tooLarge) return none('refused');
    if (!mail.from) {
      reasons.push(reason('message_no_sender'));
      return none('ignored');
    }
    const since = new Date(this.#clock.now().getTime() - this.#config.burst.minutes * 60_000);
    const [burst] = await sql<{ n: string }>(
      em,
      `select count(*) as n from inbound_message where sender = $1 and mailbox = $2 and created_at > $3`,
      [mail.from.address, mailbox, since],
    );
    if (Number(burst?.n ?? 0) > this.#config.burst.count) {
      reasons.push(
        reason('noise_burst', { count: this.#config.burst.count, minutes: this.#config.burst.minutes }),
      );
      return none('ignored');
    }
    const [box] = await sql<MailboxRow>(
      em,
      `select m.address, m.service_id, s.code as service_code, e.code as establishment_code, m.unknown_senders, m.active
         from mailbox m join service s on s.id = m.service_id left join establishment e on e.id = m.establishment_id
        where m.address = $1`,
      [mailbox],
    );
    if (!box?.active) {
      reasons.push(reason('mailbox_unknown', { mailbox }));
      return none('refused');
    }
    const [person] = await sql<PersonRow>(
      em,
      'select id, email, active, language from person where email = $1',
      [mail.from.address],
    );
    const body = replyText(mail.text);
    const found = await this.#thread(em, mail);
    if (found) return this.#onThread(mail, found, person ?? null, body, reasons);
    reasons.push(reason('thread_none'));
    return this.#newTicket(em, mail, box, person ?? null, body, reasons);
  }

  /** The ticket a mail answers: Guichet's Message-IDs, then the subject's reference, then a provider's number. */
  async #thread(em: EntityManager, mail: InboundMail): Promise<Found | null> {
    for (const g of guichetIds(mail.inReplyTo, mail.references, this.#own.domain)) {
      const [ticket] =
        g.kind === 'ticket'
          ? await sql<TicketRow>(em, `select ${TICKET_COLUMNS} from ticket t where t.id = $1`, [g.id])
          : await sql<TicketRow>(
              em,
              `select ${TICKET_COLUMNS} from notification n join ticket t on t.id = n.ticket_id where n.id = $1`,
              [g.id],
            );
      if (ticket) {
        return {
          ticket,
          why: reason('thread_header', { header: g.header, reference: ticket.reference }),
          provider: false,
        };
      }
    }
    // A reply to a mail that reached Guichet before (a colleague in copy answering the requester).
    const named = [...mail.inReplyTo, ...mail.references];
    if (named.length > 0) {
      const [ticket] = await sql<TicketRow>(
        em,
        `select ${TICKET_COLUMNS} from inbound_message i join ticket t on t.id = i.ticket_id
          where i.message_id = any($1::text[]) and i.decision in ('created', 'replied')
          order by i.created_at desc limit 1`,
        [named.slice(0, 100)],
      );
      if (ticket) {
        return {
          ticket,
          why: reason('thread_header', { header: 'References', reference: ticket.reference }),
          provider: false,
        };
      }
    }
    const ref = subjectReference(mail.subject);
    if (ref) {
      const [ticket] = await sql<TicketRow>(
        em,
        `select ${TICKET_COLUMNS} from ticket t where t.reference = $1`,
        [ref],
      );
      if (ticket)
        return { ticket, why: reason('thread_subject', { reference: ticket.reference }), provider: false };
    }
    const providers = await sql<{ id: string; code: string; mail_subject_pattern: string }>(
      em,
      'select id, code, mail_subject_pattern from provider where mail_subject_pattern is not null order by code',
    );
    for (const p of providers) {
      const number = providerNumber(mail.subject, p.mail_subject_pattern);
      if (!number) continue;
      const tickets = await sql<TicketRow>(
        em,
        `select ${TICKET_COLUMNS} from provider_reference r join ticket t on t.id = r.ticket_id
          where r.provider_id = $1 and r.external_id = $2 order by t.created_at desc`,
        [p.id, number],
      );
      const [ticket] = tickets;
      if (!ticket) continue;
      const why =
        tickets.length > 1
          ? reason('thread_provider_ambiguous', { provider: p.code, number, reference: ticket.reference })
          : reason('thread_provider', { provider: p.code, number, reference: ticket.reference });
      return { ticket, why, provider: true };
    }
    return null;
  }

  /** A reply to a known ticket: the requester's or a staff participant's lands; anyone else's is held. */
  async #onThread(
    mail: InboundMail,
    found: Found,
    person: PersonRow | null,
    body: string,
    reasons: InboundReason[],
  ): Promise<Decided> {
    const { ticket } = found;
    reasons.push(found.why);
    const held = (why: InboundReason): Decided => {
      reasons.push(why);
      return {
        decision: 'held',
        reasons,
        ticketId: ticket.id,
        ticketReference: ticket.reference,
        authorId: null,
        bodyText: body,
      };
    };
    const sender = mail.from?.address ?? '';
    if (!person?.active) return held(reason('sender_not_participant', { sender }));
    let grants: Grants;
    try {
      grants = await this.#cache.grants(person.id);
    } catch {
      return held(reason('sender_not_participant', { sender }));
    }
    const catalogue = await this.#cache.catalogue();
    const roles = rolesOnTicket(catalogue, grants, {
      requesterId: ticket.requester_id,
      agentId: ticket.agent_id,
      teamId: ticket.team_id,
      serviceIds: [ticket.service_id, ticket.sub_service_id].filter((x): x is string => !!x),
    });
    const isRequester = roles.has('requester');
    if (roles.size === 0) return held(reason('sender_not_participant', { sender }));
    reasons.push(
      isRequester
        ? reason('sender_requester', { sender })
        : reason('sender_staff', { sender, roles: [...roles].sort().join(', ') }),
    );
    const text = body || translate(person.language, 'inbound.empty_body');
    if (FINAL_STATUSES.includes(ticket.status)) {
      if (!isRequester) return held(reason('action_refused', { code: 'INVALID_TRANSITION' }));
      reasons.push(reason('thread_closed_followup', { reference: ticket.reference }));
      const created = await this.#tickets.create(
        { personId: person.id },
        {
          title: titleOf(mail.subject) || translate(person.language, 'inbound.no_subject'),
          description: truncate(
            `${translate(person.language, 'inbound.followup_of', { reference: ticket.reference })}\n\n${text}`,
            50_000,
          ),
          channel: 'email',
          ...(ticket.service_id
            ? { service: catalogue.services.get(ticket.service_id)?.code ?? undefined }
            : {}),
        },
      );
      return {
        decision: 'created',
        reasons,
        ticketId: created.id,
        ticketReference: created.reference,
        authorId: person.id,
        bodyText: text,
      };
    }
    try {
      await this.#tickets.act({ personId: person.id }, ticket.reference, {
        action: 'reply',
        body: truncate(text, 50_000),
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return held(reason('action_refused', { code: error.code }));
    }
    return {
      decision: 'replied',
      reasons,
      ticketId: ticket.id,
      ticketReference: ticket.reference,
      authorId: person.id,
      bodyText: text,
    };
  }

  /** A new mail: a known person's, a new requester's of a known mail domain, or the mailbox's policy. */
  async #newTicket(
    em: EntityManager,
    mail: InboundMail,
    box: MailboxRow,
    person: PersonRow | null,
    body: string,
    reasons: InboundReason[],
  ): Promise<Decided> {
    const sender = mail.from?.address ?? '';
    const input = (language: Language) => ({
      title: titleOf(mail.subject) || translate(language, 'inbound.no_subject'),
      description: truncate(body || translate(language, 'inbound.empty_body'), 50_000),
      service: box.service_code,
      channel: 'email' as const,
      ...(box.establishment_code ? { establishment: box.establishment_code } : {}),
    });
    const created = async (caller: PersonCaller | 'system', requester: string | null, language: Language) => {
      try {
        const t = await this.#tickets.create(caller, {
          ...input(language),
          ...(requester ? { requester } : {}),
        });
        return {
          decision: 'created' as const,
          reasons,
          ticketId: t.id,
          ticketReference: t.reference,
          authorId: caller === 'system' ? null : caller.personId,
          bodyText: body,
        };
      } catch (error) {
        if (!isDomainError(error)) throw error;
        reasons.push(reason('action_refused', { code: error.code }));
        return {
          decision: 'held' as const,
          reasons,
          ticketId: null,
          ticketReference: null,
          authorId: null,
          bodyText: body,
        };
      }
    };
    if (person?.active) {
      reasons.push(reason('sender_known', { sender }));
      return created({ personId: person.id }, null, person.language);
    }
    if (person && !person.active) reasons.push(reason('sender_inactive', { sender }));
    if (!person) {
      const domain = sender.split('@')[1] ?? '';
      const [establishment] = await sql<{ id: string; code: string }>(
        em,
        'select id, code from establishment where $1 = any(mail_domains) order by code limit 1',
        [domain],
      );
      if (establishment) {
        // A requester of a known establishment: entered for them by the gateway (they hold no
        // grants yet, and the person exists only inside this transaction).
        await insertRequester(em, sender, mail.from?.name, establishment.id);
        reasons.push(reason('sender_new_requester', { sender, establishment: establishment.code }));
        return created('system', sender, 'fr');
      }
      reasons.push(reason('sender_unknown', { sender }));
    }
    if (box.unknown_senders === 'hold') {
      reasons.push(reason('policy_hold', { mailbox: box.address }));
      return {
        decision: 'held',
        reasons,
        ticketId: null,
        ticketReference: null,
        authorId: null,
        bodyText: body,
      };
    }
    reasons.push(reason('policy_refuse', { mailbox: box.address }));
    reasons.push(await this.#queueRefusal(em, mail, box));
    return {
      decision: 'refused',
      reasons,
      ticketId: null,
      ticketReference: null,
      authorId: null,
      bodyText: body,
    };
  }

  /**
   * The polite refusal, through the outbox (the delivery worker sends it): at most one per address
   * per day (a lock on the address makes two concurrent mails agree). Noise never gets here.
   */
  async #queueRefusal(em: EntityManager, mail: InboundMail, box: MailboxRow): Promise<InboundReason> {
    const address = mail.from?.address ?? '';
    const now = this.#clock.now();
    await sql(em, `select pg_advisory_xact_lock(hashtext('guichet.refusal:' || $1))`, [address]);
    const [recent] = await sql<{ id: string }>(
      em,
      `select id from notification where address = $1 and kind = 'mail.refused' and created_at > $2 limit 1`,
      [address, new Date(now.getTime() - 86_400_000)],
    );
    if (recent) return reason('refusal_already_sent', { address });
    const lang: Language = 'fr';
    const params = { mailbox: box.address, subject: titleOf(mail.subject) || '—' };
    await sql(
      em,
      `insert into notification (id, created_at, updated_at, recipient_id, address, ticket_id, kind, language, subject, body)
       values ($1, $2, $2, null, $3, null, 'mail.refused', $4, $5, $6)`,
      [
        newId(),
        now,
        address,
        lang,
        `${translate(lang, 'inbound.refusal.subject', params)} / ${translate('en', 'inbound.refusal.subject', params)}`.slice(
          0,
          400,
        ),
        `${translate(lang, 'inbound.refusal.body', params)}\n\n---\n\n${translate('en', 'inbound.refusal.body', params)}`,
      ],
    );
    return reason('refusal_queued', { address });
  }
}

/** The address of `Name <addr@domain>` (or a bare address), lower-case. */
function addressOf(value: string): string | null {
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(value) ?? /([^\s<>]+@[^\s<>]+)/.exec(value);
  return m?.[1] ? m[1].toLowerCase() : null;
}

/** A sender becomes a requester (of the establishment given, if any); someone already known stays as they are. */
async function insertRequester(
  em: EntityManager,
  email: string,
  name: string | undefined,
  establishmentId: string | null,
): Promise<void> {
  await sql(
    em,
    `insert into person (id, created_at, updated_at, email, display_name, establishment_id)
     values ($1, now(), now(), $2, $3, $4) on conflict (email) do nothing`,
    [newId(), email, truncate(clean(name || email.split('@')[0] || email), 200), establishmentId],
  );
}

function toView(row: StoredRow, language: Language): InboundView {
  const reasons = row.reasons ?? [];
  const explanation = reasons.map((r) => ({
    code: r.code,
    params: r.params,
    text: renderReason(language, r),
  }));
  return {
    id: row.id,
    mailbox: row.mailbox,
    messageId: row.message_id,
    sender: row.sender,
    subject: row.subject,
    decision: row.decision,
    ticketReference: row.reference,
    reasons: reasons.map((r) => r.code),
    explanation,
    summary: explanation.map((e) => e.text).join('; '),
    size: row.size,
    sha256: row.sha256,
    rawKept: row.raw_kept,
    bodyText: row.body_text,
    attachments: row.attachments ?? [],
    receivedAt: new Date(row.created_at),
  };
}
