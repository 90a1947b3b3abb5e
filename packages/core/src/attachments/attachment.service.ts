import type { Readable } from 'node:stream';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { CoreConfig } from '../config.ts';
import { sql } from '../db/sql.ts';
import { inAmbientTransaction, withEm } from '../db/transaction.ts';
import { DomainError, type FieldIssue } from '../errors.ts';
import { isUuid } from '../shared/ids.ts';
import type { Caller, TicketAccess, TicketService } from '../tickets/ticket.service.ts';
import type { Visibility } from '../tickets/ticket.types.ts';
import type { PersonRef, TicketView } from '../tickets/ticket.views.ts';
import { type BlobStore, BlobTooLargeError, type ByteSource, type StoredBlob } from './attachment.storage.ts';
import { originalName, sanitiseFilename, sniffContentType } from './attachment-names.ts';

/** An attachment as its readers see it. */
export interface AttachmentView {
  id: string;
  /** The ticket's reference. */
  ticket: string;
  /** The timeline event that carries it (the creation, a reply, a note). */
  eventId: string;
  filename: string;
  /** The name as given (a mail's, a client's): display it escaped. */
  originalName: string;
  contentType: string;
  size: number;
  sha256: string;
  visibility: Visibility;
  uploader: PersonRef | null;
  createdAt: string;
}

export type AttachmentLimits = CoreConfig['attachments'];

/** What an upload carries besides its files. */
export interface UploadOptions {
  /**
   * Text of the reply (public) or note (internal) that carries the files, written in the same
   * transaction. Without it, public files join the ticket's creation event, and internal ones a note
   * naming them.
   */
  body?: string | undefined;
  visibility?: Visibility | undefined;
}

/** An upload's outcome: the ticket after the reply or note (null when none was written), the rows. */
export interface UploadResult {
  ticket: TicketView | null;
  attachments: AttachmentView[];
}

/** A file the mail gateway hands over whole. */
export interface MailFile {
  filename: string;
  content: Buffer;
}

/** What `attachFiles` did: the rows written, and the files it left out (and why). */
export interface AttachFilesResult {
  attached: AttachmentView[];
  refused: { filename: string; rule: 'attachment.too_large' | 'attachment.ticket_full'; limit: number }[];
}

interface Row {
  id: string;
  reference: string;
  event_id: string;
  filename: string;
  original_name: string;
  content_type: string;
  size: string | number;
  sha256: string;
  visibility: Visibility;
  uploader_id: string | null;
  uploader_email: string | null;
  uploader_name: string | null;
  created_at: number;
}

const ROW_SELECT = `select x.id, t.reference, x.event_id::text as event_id, x.filename, x.original_name,
  x.content_type, x.size, x.sha256, x.visibility, (extract(epoch from x.created_at) * 1000)::float8 as created_at,
  u.id as uploader_id, u.email as uploader_email, u.display_name as uploader_name
  from attachment x join ticket t on t.id = x.ticket_id left join person u on u.id = x.uploader_id`;

function toView(r: Row): AttachmentView {
  return {
    id: r.id,
    ticket: r.reference,
    eventId: r.event_id,
    filename: r.filename,
    originalName: r.original_name,
    contentType: r.content_type,
    size: Number(r.size),
    sha256: r.sha256,
    visibility: r.visibility,
    uploader: r.uploader_id
      ? { id: r.uploader_id, email: r.uploader_email!, displayName: r.uploader_name! }
      : null,
    createdAt: new Date(Number(r.created_at)).toISOString(),
  };
}

/** A file received and stored, waiting for its row. */
interface Received {
  blob: StoredBlob;
  filename: string;
  originalName: string;
  contentType: string;
}

const COMMENT_EVENTS = ['public_reply', 'requester_replied', 'internal_note'];

/**
 * Attachments: files on tickets, carried by timeline events, stored content-addressed in a BlobStore.
 * Visibility follows the event (an internal note's files are internal): every read below filters on
 * it for callers who are not staff on the ticket, with the same "not found" for a hidden file as for
 * a missing one.
 */
export class AttachmentService {
  readonly #orm: MikroORM;
  readonly #store: BlobStore;
  readonly #tickets: TicketService;
  readonly #limits: AttachmentLimits;

  constructor(orm: MikroORM, store: BlobStore, tickets: TicketService, limits: AttachmentLimits) {
    this.#orm = orm;
    this.#store = store;
    this.#tickets = tickets;
    this.#limits = limits;
  }

  /** The store the files are in (backups read and write it). */
  get store(): BlobStore {
    return this.#store;
  }

  get limits(): AttachmentLimits {
    return this.#limits;
  }

  /**
   * Starts an upload to a ticket: checks at once that the caller may write the reply or note (so a
   * refused caller has nothing stored), then takes the files one by one as they stream in (`add`),
   * each refused past the per-file or per-ticket limit while it is read, and writes the rows and the
   * comment in one transaction (`commit`). `abort` removes what was stored for it.
   * @example
   * const upload = await attachments.begin(caller, 'GU-2026-000042', { body: 'Capture', visibility: 'public' });
   * await upload.add('écran.png', request.file);
   * const { attachments } = await upload.commit();
   */
  async begin(caller: Caller, reference: string, options: UploadOptions = {}): Promise<Upload> {
    const visibility = options.visibility ?? 'public';
    const body = options.body?.trim() || undefined;
    if (body !== undefined && body.length > 50_000) {
      throw new DomainError('VALIDATION_FAILED', {
        fields: [{ field: 'body', rule: 'attachment.body_too_long', params: { max: 50_000 } }],
      });
    }
    const access = await this.#tickets.access(
      caller,
      reference,
      visibility === 'internal' ? 'note' : 'reply',
    );
    const used = await withEm(this.#orm, (em) => this.#ticketTotal(em, access.ticketId));
    return new Upload(this, caller, access, { body, visibility }, used);
  }

  /** Attachments of a ticket the caller may see (internal ones for staff only), oldest first. */
  async list(caller: Caller, reference: string): Promise<AttachmentView[]> {
    const access = await this.#tickets.access(caller, reference);
    const rows = await withEm(this.#orm, (em) =>
      sql<Row>(
        em,
        `${ROW_SELECT} where x.ticket_id = $1 ${access.staff ? '' : `and x.visibility = 'public'`}
          order by x.created_at, x.id`,
        [access.ticketId],
      ),
    );
    return rows.map(toView);
  }

  /** One attachment the caller may see; NOT_FOUND otherwise (hidden or missing alike). */
  async get(caller: Caller, id: string): Promise<AttachmentView> {
    const notFound = () => new DomainError('NOT_FOUND', { rule: 'attachment_not_found', params: { id } });
    if (!isUuid(id)) throw notFound();
    const [row] = await withEm(this.#orm, (em) => sql<Row>(em, `${ROW_SELECT} where x.id = $1`, [id]));
    if (!row) throw notFound();
    let access: TicketAccess;
    try {
      access = await this.#tickets.access(caller, row.reference);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'TICKET_NOT_FOUND') throw notFound();
      throw error;
    }
    if (row.visibility !== 'public' && !access.staff) throw notFound();
    return toView(row);
  }

  /** The attachment and its bytes, for a download (same rules as `get`). */
  async open(caller: Caller, id: string): Promise<{ attachment: AttachmentView; content: Readable }> {
    const attachment = await this.get(caller, id);
    const content = await this.#store.get(attachment.sha256);
    if (!content) throw new DomainError('NOT_FOUND', { rule: 'attachment_content_missing', params: { id } });
    return { attachment, content };
  }

  /**
   * For the mail gateway, inside its own transaction (`em`): stores the files and attaches them to
   * the event it just wrote (`eventId`, a reply or the creation of ticket `ticketId`), with the
   * event's visibility. Files past the per-file limit, or that would take the ticket past its total,
   * are left out and listed in `refused` (a mail is never lost for one large file); an empty file is
   * kept. The bytes are stored before the rows: if the caller's transaction rolls back, the rows go
   * and the bytes stay, unreferenced (content-addressed, so a later identical file reuses them).
   * Throws (and writes nothing) when the event is not one of the ticket's.
   */
  async attachFiles(
    em: EntityManager,
    input: { ticketId: string; eventId: string; uploaderId: string | null; files: readonly MailFile[] },
  ): Promise<AttachFilesResult> {
    await sql(em, 'select 1 from ticket where id = $1 for update', [input.ticketId]);
    let total = await this.#ticketTotal(em, input.ticketId);
    const received: Received[] = [];
    const refused: AttachFilesResult['refused'] = [];
    for (const file of input.files) {
      const filename = sanitiseFilename(file.filename);
      if (file.content.byteLength > this.#limits.maxFileBytes) {
        refused.push({ filename, rule: 'attachment.too_large', limit: this.#limits.maxFileBytes });
        continue;
      }
      if (total + file.content.byteLength > this.#limits.maxTicketBytes) {
        refused.push({ filename, rule: 'attachment.ticket_full', limit: this.#limits.maxTicketBytes });
        continue;
      }
      const blob = await this.#store.put(
        (async function* () {
          yield file.content;
        })(),
        { maxBytes: this.#limits.maxFileBytes },
      );
      total += blob.size;
      received.push({
        blob,
        filename,
        originalName: originalName(file.filename),
        contentType: await sniffContentType(blob.head),
      });
    }
    const attached = await this.#insert(em, input.ticketId, input.eventId, input.uploaderId, received);
    return { attached, refused };
  }

  /** Stores one streamed file of an upload, refused past `maxBytes`. */
  async receive(filename: string, content: ByteSource, maxBytes: number): Promise<Received> {
    const blob = await this.#store.put(content, { maxBytes });
    return {
      blob,
      filename: sanitiseFilename(filename),
      originalName: originalName(filename),
      contentType: await sniffContentType(blob.head),
    };
  }

  /** Writes the upload's comment (if any) and rows in one transaction, the ticket's total checked again. */
  async write(upload: {
    caller: Caller;
    access: TicketAccess;
    options: { body: string | undefined; visibility: Visibility };
    files: Received[];
  }): Promise<UploadResult> {
    const { caller, access, options, files } = upload;
    return inAmbientTransaction(this.#orm, async (em) => {
      let ticket: TicketView | null = null;
      let eventId: string;
      const body =
        options.body ??
        (options.visibility === 'internal' ? files.map((f) => f.filename).join('\n') : undefined);
      if (body !== undefined) {
        ticket = await this.#tickets.act(caller, access.reference, {
          action: options.visibility === 'internal' ? 'note' : 'reply',
          body,
        });
        const [event] = await sql<{ id: string }>(
          em,
          `select id::text as id from ticket_event
            where ticket_id = $1 and tx = pg_current_xact_id() and type = any($2::text[])
            order by id desc limit 1`,
          [access.ticketId, COMMENT_EVENTS],
        );
        eventId = event!.id;
      } else {
        const [event] = await sql<{ id: string }>(
          em,
          `select id::text as id from ticket_event where ticket_id = $1 and type = 'created' order by id limit 1`,
          [access.ticketId],
        );
        eventId = event!.id;
      }
      // The ticket's row is locked (the reply updated it; else here): concurrent uploads add up in turn.
      await sql(em, 'select 1 from ticket where id = $1 for update', [access.ticketId]);
      const total = await this.#ticketTotal(em, access.ticketId);
      const adding = files.reduce((sum, f) => sum + f.blob.size, 0);
      if (total + adding > this.#limits.maxTicketBytes) {
        throw limitError('files', 'attachment.ticket_full', {
          limit: this.#limits.maxTicketBytes,
          filename: files[files.length - 1]!.filename,
        });
      }
      const personId = caller === 'system' ? null : caller.personId;
      const attachments = await this.#insert(em, access.ticketId, eventId, personId, files);
      return { ticket, attachments };
    });
  }

  /** Removes blobs an upload stored that no row names (its refusal or failure). */
  async discard(blobs: StoredBlob[]): Promise<void> {
    for (const blob of blobs) {
      if (!blob.created) continue;
      const [used] = await withEm(this.#orm, (em) =>
        sql(em, 'select 1 from attachment where sha256 = $1 limit 1', [blob.sha256]),
      );
      if (!used) await this.#store.delete(blob.sha256);
    }
  }

  async #ticketTotal(em: EntityManager, ticketId: string): Promise<number> {
    const [row] = await sql<{ total: string }>(
      em,
      'select coalesce(sum(size), 0)::text as total from attachment where ticket_id = $1',
      [ticketId],
    );
    return Number(row!.total);
  }

  async #insert(
    em: EntityManager,
    ticketId: string,
    eventId: string,
    uploaderId: string | null,
    files: Received[],
  ): Promise<AttachmentView[]> {
    if (files.length === 0) return [];
    const rows = files.map((f) => ({
      id: crypto.randomUUID(),
      filename: f.filename,
      original_name: f.originalName,
      content_type: f.contentType,
      size: f.blob.size,
      sha256: f.blob.sha256,
    }));
    // The trigger checks the event is the ticket's and sets the row's visibility to the event's.
    await sql(
      em,
      `insert into attachment (id, created_at, ticket_id, event_id, filename, original_name, content_type, size,
         sha256, uploader_id, visibility)
       select r.id, clock_timestamp(), $1, $2::bigint, r.filename, r.original_name, r.content_type, r.size, r.sha256,
              $3, 'internal'
         from jsonb_to_recordset($4::jsonb) as r(id uuid, filename text, original_name text, content_type text,
              size bigint, sha256 text)`,
      [ticketId, eventId, uploaderId, JSON.stringify(rows)],
    );
    const written = await sql<Row>(
      em,
      `${ROW_SELECT} where x.id = any($1::uuid[]) order by x.created_at, x.id`,
      [rows.map((r) => r.id)],
    );
    return written.map(toView);
  }
}

/** Mebibytes, as the limit messages show them (`20`, `0.5`, `0.01`). */
const mebibytes = (bytes: number) => String(Math.round((bytes / 1_048_576) * 100) / 100);

function limitError(field: string, rule: string, params: { limit: number; filename?: string }): DomainError {
  const issue: FieldIssue = {
    field,
    rule,
    params: { filename: params.filename ?? '', limit: params.limit, size: mebibytes(params.limit) },
  };
  return new DomainError('VALIDATION_FAILED', { rule: 'attachment_limit', fields: [issue] });
}

/**
 * One upload in progress (see `AttachmentService.begin`). Files are taken in order; the first
 * refusal removes what the upload stored and throws, and the upload is over.
 */
export class Upload {
  readonly #service: AttachmentService;
  readonly #caller: Caller;
  readonly #access: TicketAccess;
  readonly #options: { body: string | undefined; visibility: Visibility };
  readonly #files: Received[] = [];
  #used: number;
  #done = false;

  constructor(
    service: AttachmentService,
    caller: Caller,
    access: TicketAccess,
    options: { body: string | undefined; visibility: Visibility },
    used: number,
  ) {
    this.#service = service;
    this.#caller = caller;
    this.#access = access;
    this.#options = options;
    this.#used = used;
  }

  get count(): number {
    return this.#files.length;
  }

  /** Streams one file to the store; past a limit it stops reading, removes the upload's files and throws. */
  async add(filename: string, content: ByteSource): Promise<void> {
    if (this.#done) throw new Error('upload already finished');
    const { maxFileBytes, maxTicketBytes, maxFilesPerUpload } = this.#service.limits;
    const index = this.#files.length;
    if (index >= maxFilesPerUpload) {
      await this.abort();
      throw limitError('files', 'attachment.too_many', { limit: maxFilesPerUpload });
    }
    const room = maxTicketBytes - this.#used;
    const maxBytes = Math.max(0, Math.min(maxFileBytes, room));
    try {
      const received = await this.#service.receive(filename, content, maxBytes);
      this.#files.push(received);
      this.#used += received.blob.size;
    } catch (error) {
      await this.abort();
      if (error instanceof BlobTooLargeError) {
        const name = sanitiseFilename(filename);
        throw maxFileBytes <= room
          ? limitError(`files[${index}]`, 'attachment.too_large', { filename: name, limit: maxFileBytes })
          : limitError(`files[${index}]`, 'attachment.ticket_full', {
              filename: name,
              limit: maxTicketBytes,
            });
      }
      throw error;
    }
  }

  /** Writes the comment and the rows in one transaction; on any refusal the files are removed. */
  async commit(): Promise<UploadResult> {
    if (this.#done) throw new Error('upload already finished');
    if (this.#files.length === 0) {
      await this.abort();
      throw new DomainError('VALIDATION_FAILED', { fields: [{ field: 'files', rule: 'field.required' }] });
    }
    this.#done = true;
    try {
      return await this.#service.write({
        caller: this.#caller,
        access: this.#access,
        options: this.#options,
        files: this.#files,
      });
    } catch (error) {
      await this.#service.discard(this.#files.map((f) => f.blob));
      throw error;
    }
  }

  /** Removes what this upload stored (nothing was written to the database yet). */
  async abort(): Promise<void> {
    this.#done = true;
    await this.#service.discard(this.#files.map((f) => f.blob));
    this.#files.length = 0;
  }
}
