import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGuichet, givenDemoCatalogue, givenPerson } from '../../testing/index.ts';
import {
  type BlobStore,
  BlobTooLargeError,
  FsBlobStore,
  readBlob,
  S3BlobStore,
} from './attachment.storage.ts';

/** The bytes as a stream of small chunks, as an upload arrives. */
async function* chunks(bytes: Buffer, size = 1000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let root: string;
let s3: S3rver;
let s3Port: number;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'guichet-store-'));
  // A real S3 API server (s3rver: the protocol, signatures checked, objects on disk).
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: join(root, 's3'),
    configureBuckets: [{ name: 'guichet', configs: [] }],
  });
  ({ port: s3Port } = await s3.run());
});

afterAll(async () => {
  await s3?.close();
  await rm(root, { recursive: true, force: true });
});

const STORES: Record<string, () => { store: BlobStore; spool: string }> = {
  filesystem: () => {
    const dir = join(root, `fs-${randomBytes(4).toString('hex')}`);
    return { store: new FsBlobStore(dir), spool: join(dir, 'tmp') };
  },
  s3: () => {
    const spool = join(root, `spool-${randomBytes(4).toString('hex')}`);
    const prefix = randomBytes(4).toString('hex');
    return {
      store: new S3BlobStore(
        `http://S3RVER:S3RVER@127.0.0.1:${s3Port}/guichet/${prefix}`,
        'us-east-1',
        spool,
      ),
      spool,
    };
  },
};

describe.each(Object.keys(STORES))('the %s store keeps the BlobStore contract', (kind) => {
  it('stores streamed bytes under their SHA-256 and gives them back identical', async () => {
    const { store } = STORES[kind]!();
    const bytes = randomBytes(300_000);
    const stored = await store.put(chunks(bytes), { maxBytes: 1_000_000 });
    expect(stored).toMatchObject({ sha256: sha(bytes), size: bytes.length, created: true });
    expect(stored.head.equals(bytes.subarray(0, 64 * 1024))).toBe(true);
    expect(await store.has(stored.sha256)).toBe(true);
    expect((await readBlob((await store.get(stored.sha256))!)).equals(bytes)).toBe(true);
  });

  it('stores the same bytes once', async () => {
    const { store } = STORES[kind]!();
    const bytes = Buffer.from('deux fois la même capture');
    const first = await store.put(chunks(bytes), { maxBytes: 100 });
    const second = await store.put(chunks(bytes, 3), { maxBytes: 100 });
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.sha256).toBe(first.sha256);
  });

  it('refuses past the limit while reading, stores nothing and stops reading the source', async () => {
    const { store, spool } = STORES[kind]!();
    let read = 0;
    const endless = async function* () {
      for (;;) {
        read += 1000;
        yield Buffer.alloc(1000, 7);
      }
    };
    await expect(store.put(endless(), { maxBytes: 10_000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(read).toBeLessThanOrEqual(11_000);
    expect(await store.has(sha(Buffer.alloc(10_000, 7)))).toBe(false);
    // No temp file left behind either.
    expect(await readdir(spool).catch(() => [])).toEqual([]);
  });

  it('answers null for a missing blob, and deletes idempotently', async () => {
    const { store } = STORES[kind]!();
    const missing = sha(Buffer.from('jamais envoyé'));
    expect(await store.get(missing)).toBeNull();
    expect(await store.has(missing)).toBe(false);
    const stored = await store.put(chunks(Buffer.from('à effacer')), { maxBytes: 100 });
    await store.delete(stored.sha256);
    await store.delete(stored.sha256);
    expect(await store.has(stored.sha256)).toBe(false);
  });

  it('keeps an empty file', async () => {
    const { store } = STORES[kind]!();
    const stored = await store.put(chunks(Buffer.alloc(0)), { maxBytes: 10 });
    expect(stored.size).toBe(0);
    expect((await readBlob((await store.get(stored.sha256))!)).length).toBe(0);
  });
});

describe('a Guichet configured with an S3 URL', () => {
  it('keeps attachment files in the bucket, not on the local disk, and serves them back', async () => {
    const spool = join(root, `guichet-spool-${randomBytes(4).toString('hex')}`);
    const g = await createTestGuichet({
      attachments: { s3Url: `http://S3RVER:S3RVER@127.0.0.1:${s3Port}/guichet/g1`, dir: spool },
    });
    try {
      await givenDemoCatalogue(g);
      const prof = await givenPerson(g, { email: 'prof@insa-lyon.fr' });
      const t = await g.tickets.create(prof, { title: 'Quiz', description: 'Bloqué', service: 'moodle' });
      const bytes = randomBytes(50_000);
      const upload = await g.attachments.begin(prof, t.reference, { body: 'La capture' });
      await upload.add('capture.bin', chunks(bytes));
      const [a] = (await upload.commit()).attachments;
      expect(g.attachments.store.describe()).toBe(`http://127.0.0.1:${s3Port}/guichet/g1`);
      expect(await readdir(spool)).toEqual([]);
      const { content } = await g.attachments.open(prof, a!.id);
      expect((await readBlob(content)).equals(bytes)).toBe(true);
    } finally {
      await g.dispose();
    }
  });
});
