import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsClient } from 'aws4fetch';

/** Bytes as they come: a stream, an async generator, or chunks at hand. */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** How many first bytes a put keeps for sniffing the content type. */
export const HEAD_BYTES = 64 * 1024;

/** What a put stored. */
export interface StoredBlob {
  sha256: string;
  size: number;
  /** The first bytes (up to HEAD_BYTES), to sniff the type from. */
  head: Buffer;
  /** False when a blob with these bytes was already stored (it is shared). */
  created: boolean;
}

/** The source went past `maxBytes`: nothing of it is stored. */
export class BlobTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`more than ${limit} bytes`);
    this.name = 'BlobTooLargeError';
    this.limit = limit;
  }
}

/**
 * Where attachment bytes live, content-addressed by SHA-256. The contract every implementation keeps
 * (tested on each, see attachment.storage.int.test.ts):
 * - `put` reads the source once, as it comes; past `maxBytes` it stops reading, stores nothing and
 *   throws BlobTooLargeError. A blob is visible under its hash only once complete: never half written.
 * - Putting the same bytes twice stores them once (`created: false` the second time).
 * - `get` streams the bytes back; null when there is no such blob. `delete` of a missing blob is a no-op.
 */
export interface BlobStore {
  put(source: ByteSource, options: { maxBytes: number }): Promise<StoredBlob>;
  get(sha256: string): Promise<Readable | null>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
  /** What to tell an admin about where the files are (no secret). */
  describe(): string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Writes the source into `tempPath`, hashing and counting on the way; past `maxBytes` the file is
 * removed and BlobTooLargeError thrown. The temp file is the caller's to rename or remove.
 */
async function spool(
  source: ByteSource,
  tempPath: string,
  maxBytes: number,
): Promise<{ sha256: string; size: number; head: Buffer }> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  const counted = async function* () {
    for await (const chunk of source) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new BlobTooLargeError(maxBytes);
      hash.update(chunk);
      if (headLength < HEAD_BYTES) {
        const part = Buffer.from(chunk.subarray(0, HEAD_BYTES - headLength));
        head.push(part);
        headLength += part.byteLength;
      }
      yield chunk;
    }
  };
  try {
    // `wx`: a name is never shared; fsync before the rename so a crash leaves no torn blob.
    await pipeline(Readable.from(counted()), createWriteStream(tempPath, { flags: 'wx' }));
    const file = await open(tempPath, 'r+');
    try {
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  return { sha256: hash.digest('hex'), size, head: Buffer.concat(head) };
}

/**
 * The local filesystem: `<dir>/<aa>/<sha256>`, received into `<dir>/tmp/` and renamed into place (a
 * rename within one filesystem is atomic), so a reader never sees a partial file.
 */
export class FsBlobStore implements BlobStore {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  #path(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a SHA-256');
    return join(this.#dir, sha256.slice(0, 2), sha256);
  }

  async put(source: ByteSource, options: { maxBytes: number }): Promise<StoredBlob> {
    const tmp = join(this.#dir, 'tmp');
    await mkdir(tmp, { recursive: true });
    const tempPath = join(tmp, randomUUID());
    const spooled = await spool(source, tempPath, options.maxBytes);
    const target = this.#path(spooled.sha256);
    if (await this.has(spooled.sha256)) {
      await rm(tempPath, { force: true });
      return { ...spooled, created: false };
    }
    await mkdir(join(this.#dir, spooled.sha256.slice(0, 2)), { recursive: true });
    await rename(tempPath, target);
    return { ...spooled, created: true };
  }

  async get(sha256: string): Promise<Readable | null> {
    const path = this.#path(sha256);
    try {
      // Opened here so a missing blob is null, not a stream that fails later.
      const handle = await open(path, 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.#path(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.#path(sha256), { force: true });
  }

  describe(): string {
    return this.#dir;
  }
}

/**
 * An S3-compatible bucket (AWS, MinIO, Garage, Ceph, OVH, Scaleway…), path-style, signed with
 * SigV4 by aws4fetch. An upload is first received into a local spool folder (to learn its hash, which
 * is its key, and to refuse it past the limit without sending anything), then PUT with its length and
 * its SHA-256 (S3 checks the bytes against it). Objects appear whole or not at all.
 */
export class S3BlobStore implements BlobStore {
  readonly #client: AwsClient;
  readonly #base: string;
  readonly #spoolDir: string;

  /** @param url `https://KEY:SECRET@host/bucket[/prefix]` */
  constructor(url: string, region: string, spoolDir: string) {
    const u = new URL(url);
    this.#client = new AwsClient({
      accessKeyId: decodeURIComponent(u.username),
      secretAccessKey: decodeURIComponent(u.password),
      region,
      service: 's3',
    });
    this.#base = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
    this.#spoolDir = spoolDir;
  }

  #url(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a SHA-256');
    return `${this.#base}/${sha256.slice(0, 2)}/${sha256}`;
  }

  async #ok(response: Response, what: string): Promise<Response> {
    if (!response.ok) {
      const text = (await response.text().catch(() => '')).slice(0, 300);
      throw new Error(`S3 ${what}: HTTP ${response.status} ${text}`);
    }
    return response;
  }

  async put(source: ByteSource, options: { maxBytes: number }): Promise<StoredBlob> {
    await mkdir(this.#spoolDir, { recursive: true });
    const tempPath = join(this.#spoolDir, `s3-${randomUUID()}`);
    try {
      const spooled = await spool(source, tempPath, options.maxBytes);
      if (await this.has(spooled.sha256)) return { ...spooled, created: false };
      const body = Readable.toWeb(createReadStream(tempPath)) as ReadableStream<Uint8Array>;
      await this.#ok(
        await this.#client.fetch(this.#url(spooled.sha256), {
          method: 'PUT',
          body,
          headers: {
            'content-length': String(spooled.size),
            'x-amz-content-sha256': spooled.sha256,
            'content-type': 'application/octet-stream',
          },
          duplex: 'half',
        } as RequestInit),
        'put',
      );
      return { ...spooled, created: true };
    } finally {
      await rm(tempPath, { force: true });
    }
  }

  async get(sha256: string): Promise<Readable | null> {
    const response = await this.#client.fetch(this.#url(sha256));
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    await this.#ok(response, 'get');
    return Readable.fromWeb(response.body! as import('node:stream/web').ReadableStream);
  }

  async has(sha256: string): Promise<boolean> {
    const response = await this.#client.fetch(this.#url(sha256), { method: 'HEAD' });
    await response.body?.cancel();
    if (response.status === 404) return false;
    await this.#ok(response, 'head');
    return true;
  }

  async delete(sha256: string): Promise<void> {
    const response = await this.#client.fetch(this.#url(sha256), { method: 'DELETE' });
    await response.body?.cancel();
    if (response.status !== 404) await this.#ok(response, 'delete');
  }

  describe(): string {
    return this.#base;
  }
}

/** Reads a whole blob (tests, backups of small files use streams instead). */
export async function readBlob(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** A writable that discards (to drain a source that is refused). */
export const sink = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
