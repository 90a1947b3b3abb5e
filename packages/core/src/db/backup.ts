import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { BlobStore } from '../attachments/attachment.storage.ts';
import { DomainError } from '../errors.ts';

/**
 * Logical backup of Guichet's data, independent of the PostgreSQL major version (the embedded
 * server is 18, Debian's pg_dump 15 cannot read it): one consistent snapshot of every table of the
 * `public` schema, as PostgreSQL's own COPY text, gzipped.
 *
 * File: a JSON header line (format, migrations applied, sequences), then for each table a line
 * `@table <name> <columns as JSON>`, its COPY rows, and a `\.` line (COPY's text format escapes
 * backslashes, so no data row can be that line).
 *
 * The job queue (schema `pgboss`) is not saved: pending wake-ups are re-created by the scheduler's
 * sweep, which looks for pending tickets whose date has passed. Idempotency records are not saved
 * either (retries of the last day, not data), nor the timeline consumers' cursors: after a restore
 * they start past the restored events. A timeline event's `tx` (the id of the transaction
 * that wrote it, for the feed's commit order) means nothing in another cluster: restored events
 * take the restoring transaction's.
 *
 * Attachment files follow the tables (format 2): for each file the snapshot's rows name, a line
 * `@file <sha256> <size>`, its bytes in base64 lines, and a `\.` line. A restore writes each file
 * back into the store and checks its SHA-256 before committing the rows (a file a row names but the
 * store lacked at backup time is counted in `files_missing`). Format 1 backups (no files) still restore.
 */
export const BACKUP_FORMAT = 'guichet-backup/2';
const READABLE_FORMATS = new Set(['guichet-backup/1', BACKUP_FORMAT]);
/** Bytes per base64 line of a file's body (a multiple of 3: each line decodes on its own). */
const BASE64_BYTES = 12_288;

interface Table {
  name: string;
  columns: string[];
}

interface Header {
  format: string;
  createdAt: string;
  migrations: string[];
  sequences: Record<string, { value: string; called: boolean }>;
}

const SKIP = new Set(['mikro_orm_migrations', 'idempotency_record', 'timeline_cursor']);
/** Columns that belong to this cluster, not to the data: left to their default on restore. */
const LOCAL_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  ticket_event: ['tx'],
  announcement_event: ['tx'],
};
const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;

/** Tables of `public`, parents before children (foreign keys), with their stored columns. */
async function tables(client: pg.Client): Promise<Table[]> {
  const { rows } = await client.query<{ table_name: string; columns: string[] }>(
    `select c.table_name, array_agg(c.column_name::text order by c.ordinal_position) as columns
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
      group by c.table_name order by c.table_name`,
  );
  const { rows: fks } = await client.query<{ child: string; parent: string }>(
    `select cl.relname as child, pa.relname as parent
       from pg_constraint k
       join pg_class cl on cl.oid = k.conrelid
       join pg_class pa on pa.oid = k.confrelid
       join pg_namespace n on n.oid = cl.relnamespace
      where k.contype = 'f' and n.nspname = 'public' and cl.relname <> pa.relname`,
  );
  const all = rows.filter((r) => !SKIP.has(r.table_name));
  const ordered: Table[] = [];
  const placed = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (placed.has(name) || path.has(name)) return;
    path.add(name);
    for (const fk of fks) if (fk.child === name) visit(fk.parent, path);
    const table = all.find((t) => t.table_name === name);
    const local = LOCAL_COLUMNS[name] ?? [];
    if (table) ordered.push({ name, columns: table.columns.filter((c) => !local.includes(c)) });
    placed.add(name);
  };
  for (const t of all) visit(t.table_name, new Set());
  return ordered;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Writes a backup of the database to `out` (gzipped); returns the rows saved per table. */
export async function backupDatabase(
  url: string,
  out: Writable,
  options: { store?: BlobStore } = {},
): Promise<Record<string, number>> {
  const client = await connect(url);
  const gzip = createGzip();
  gzip.pipe(out);
  const write = async (chunk: string | Buffer) => {
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  const counts: Record<string, number> = {};
  try {
    // One snapshot for every table: the backup is consistent even while the server works.
    await client.query('begin isolation level repeatable read read only');
    const migrations = (
      await client.query<{ name: string }>('select name from mikro_orm_migrations order by id')
    ).rows;
    const sequences: Header['sequences'] = {};
    const { rows: seqs } = await client.query<{ name: string }>(
      `select sequence_name as name from information_schema.sequences where sequence_schema = 'public'`,
    );
    for (const { name } of seqs) {
      if (name.startsWith('mikro_orm_migrations')) continue;
      const [row] = (
        await client.query(`select last_value::text as value, is_called as called from ${quote(name)}`)
      ).rows as { value: string; called: boolean }[];
      sequences[name] = row!;
    }
    const header: Header = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      migrations: migrations.map((m) => m.name),
      sequences,
    };
    await write(`${JSON.stringify(header)}\n`);
    for (const table of await tables(client)) {
      await write(`@table ${table.name} ${JSON.stringify(table.columns)}\n`);
      const stream = client.query(
        copyTo(`copy ${quote(table.name)} (${table.columns.map(quote).join(', ')}) to stdout`),
      );
      let rows = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (const byte of chunk) if (byte === 10) rows++;
        await write(chunk);
      }
      counts[table.name] = rows;
      await write('\\.\n');
    }
    if (options.store) {
      const { rows: blobs } = await client.query<{ sha256: string; size: string }>(
        'select sha256, min(size)::text as size from attachment group by sha256 order by sha256',
      );
      counts.files = 0;
      counts.files_missing = 0;
      for (const { sha256, size } of blobs) {
        const content = await options.store.get(sha256);
        if (!content) {
          counts.files_missing += 1;
          continue;
        }
        await write(`@file ${sha256} ${size}\n`);
        // Streamed: whole groups of 3 bytes per line, so each line is base64 on its own.
        let pending = Buffer.alloc(0);
        for await (const chunk of content) {
          pending = Buffer.concat([pending, chunk as Buffer]);
          const whole = pending.byteLength - (pending.byteLength % BASE64_BYTES);
          for (let i = 0; i < whole; i += BASE64_BYTES) {
            await write(`${pending.subarray(i, i + BASE64_BYTES).toString('base64')}\n`);
          }
          pending = pending.subarray(whole);
        }
        if (pending.byteLength > 0) await write(`${pending.toString('base64')}\n`);
        await write('\\.\n');
        counts.files += 1;
      }
    }
    await client.query('commit');
    gzip.end();
    // The compressed stream is done; the caller waits for its own destination (a file to close).
    await finished(gzip);
    return counts;
  } catch (error) {
    gzip.destroy();
    throw error;
  } finally {
    await client.end();
  }
}

/** What is wrong with the backup file, in the reader's language (rule: a `field.*` message key). */
const invalid = (rule: string, params: Record<string, string> = {}) =>
  new DomainError('VALIDATION_FAILED', { fields: [{ field: 'backup', rule, params }] });

/**
 * Restores a backup into the database in one transaction (all or nothing). The database must be on
 * the same migrations as the backup, and hold no people or tickets unless `force` (then everything
 * in it is replaced).
 */
export async function restoreDatabase(
  url: string,
  input: Readable,
  options: { force?: boolean; store?: BlobStore } = {},
): Promise<Record<string, number>> {
  const client = await connect(url);
  const counts: Record<string, number> = {};
  const gunzip = createGunzip();
  input.pipe(gunzip);
  const lines = createInterface({ input: gunzip, crlfDelay: Number.POSITIVE_INFINITY })[
    Symbol.asyncIterator
  ]();
  const next = async () => {
    const r = await lines.next();
    return r.done ? null : r.value;
  };
  try {
    let first: string | null;
    try {
      first = await next();
    } catch {
      throw invalid('field.not_a_backup');
    }
    let header: Header;
    try {
      header = JSON.parse(first ?? '') as Header;
    } catch {
      throw invalid('field.not_a_backup');
    }
    if (!READABLE_FORMATS.has(header.format))
      throw invalid('field.backup_format', { format: String(header.format) });
    const here = (
      await client.query<{ name: string }>('select name from mikro_orm_migrations order by id')
    ).rows.map((r) => r.name);
    if (JSON.stringify(here) !== JSON.stringify(header.migrations)) {
      const missing = header.migrations.filter((m) => !here.includes(m));
      const extra = here.filter((m) => !header.migrations.includes(m));
      throw invalid('field.backup_schema', {
        unknown: missing.join(', ') || '—',
        absent: extra.join(', ') || '—',
      });
    }
    const known = new Map((await tables(client)).map((t) => [t.name, t]));
    await client.query('begin');
    if (!options.force) {
      const [row] = (
        await client.query('select (select count(*) from person) + (select count(*) from ticket) as n')
      ).rows as { n: string }[];
      if (Number(row!.n) > 0) {
        throw new DomainError('CONFLICT', { rule: 'restore_not_empty' });
      }
    }
    // Idempotency records of the replaced data would replay responses about it: gone too.
    const cleared = [...known.keys(), 'idempotency_record'];
    await client.query(`truncate ${cleared.map(quote).join(', ')} restart identity cascade`);
    for (let line = await next(); line !== null; line = await next()) {
      const file = /^@file ([0-9a-f]{64}) (\d+)$/.exec(line);
      if (file) {
        await restoreFile(file[1]!, Number(file[2]), next, options.store);
        counts.files = (counts.files ?? 0) + 1;
        continue;
      }
      const match = /^@table (\S+) (\[.*\])$/.exec(line);
      if (!match) throw invalid('field.backup_line', { line: line.slice(0, 80) });
      const name = match[1]!;
      const columns = JSON.parse(match[2]!) as string[];
      const table = known.get(name);
      if (!table || columns.some((c) => !table.columns.includes(c)))
        throw invalid('field.backup_table', { table: name });
      const sink = client.query(
        copyFrom(`copy ${quote(name)} (${columns.map(quote).join(', ')}) from stdin`),
      );
      let failure: Error | null = null;
      sink.on('error', (e: Error) => {
        failure = e;
      });
      let rows = 0;
      for (let row = await next(); ; row = await next()) {
        if (row === null || failure) {
          // Abort the COPY (CopyFail) so the connection can roll back cleanly.
          sink.destroy(failure ?? new Error('cut short'));
          throw failure ?? invalid('field.backup_cut', { table: name });
        }
        if (row === '\\.') break;
        rows++;
        if (!sink.write(`${row}\n`)) await once(sink, 'drain');
      }
      sink.end();
      await finished(sink);
      counts[name] = rows;
    }
    for (const [name, s] of Object.entries(header.sequences)) {
      await client.query('select setval($1::regclass, $2::bigint, $3)', [quote(name), s.value, s.called]);
    }
    // Restored events are history (their notifications were sent, or are in the restored outbox):
    // the timeline's consumers go on after them, in this cluster's commit order.
    await client.query(
      `insert into timeline_cursor (consumer, tx, event_id, updated_at)
       select c, pg_current_xact_id(), coalesce((select max(id) from ticket_event), 0), now()
         from (select consumer from timeline_cursor union select unnest($1::text[])) as c(c)
       on conflict (consumer) do update set tx = excluded.tx, event_id = excluded.event_id, updated_at = now()`,
      [['notifications', 'webhooks', 'service-levels', 'reports']],
    );
    await client.query('commit');
    return counts;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    input.unpipe(gunzip);
    gunzip.destroy();
    await client.end();
  }
}

/** Reads one file's base64 lines up to `\.` and puts it in the store, checking its hash and size. */
async function restoreFile(
  sha256: string,
  size: number,
  next: () => Promise<string | null>,
  store: BlobStore | undefined,
): Promise<void> {
  const lines = async function* () {
    for (let row = await next(); ; row = await next()) {
      if (row === null) throw invalid('field.backup_cut', { table: `@file ${sha256}` });
      if (row === '\\.') return;
      yield Buffer.from(row, 'base64');
    }
  };
  if (!store) {
    for await (const _ of lines());
    return;
  }
  const stored = await store.put(lines(), { maxBytes: size });
  if (stored.sha256 !== sha256 || stored.size !== size) {
    if (stored.created) await store.delete(stored.sha256);
    throw invalid('field.backup_line', { line: `@file ${sha256}` });
  }
}
