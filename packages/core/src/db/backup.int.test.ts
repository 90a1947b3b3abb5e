import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGuichet, givenDemoCatalogue, givenPerson, type TestGuichet } from '../../testing/index.ts';

const open: TestGuichet[] = [];
afterEach(async () => {
  for (const g of open.splice(0)) await g.dispose();
});

async function backupOf(g: TestGuichet): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await g.backup(out);
  return Buffer.concat(chunks);
}

/** What a user would query: the catalogue, every ticket as the admin sees it, with its timeline. */
async function snapshot(g: TestGuichet) {
  const admin = (await g.catalogue.findActivePerson('admin@groupe-insa.fr'))!;
  const page = await g.tickets.list(admin, { limit: 200 });
  const tickets = await Promise.all(
    page.items.map(async (t) => ({
      ...(await g.tickets.get(admin, t.reference)),
      timeline: await g.tickets.timeline(admin, t.reference),
    })),
  );
  return {
    catalogue: await g.catalogue.exportDocument(),
    tickets,
    search: await g.tickets.list(admin, { q: 'casque' }),
  };
}

describe('backup and restore', () => {
  it('round-trips everything: the restored database answers the same queries, tokens and references go on', async () => {
    const source = await createTestGuichet();
    open.push(source);
    const staff = await givenDemoCatalogue(source);
    const manager = await staff('vr.manager@insa-rennes.fr');
    const tech = await staff('vr.tech@insa-rennes.fr');
    const prof = await givenPerson(source, { email: 'prof@insa-rennes.fr' });
    const t = await source.tickets.create(prof, {
      title: 'Casque VR en panne',
      description: 'Écran noir',
      service: 'vr-room',
    });
    await source.tickets.act(manager, t.reference, { action: 'approve' });
    await source.tickets.act(tech, t.reference, { action: 'note', body: 'Câble HDMI à changer' });
    await source.tickets.act(tech, t.reference, {
      action: 'pend',
      until: new Date(Date.now() + 86_400_000),
      reason: 'Pièce commandée',
    });
    await source.tickets.create(prof, {
      title: 'Quiz bloqué',
      description: 'Le quiz ne s’ouvre pas',
      service: 'moodle',
    });
    const token = await source.tokens.create(
      { person: 'vr.tech@insa-rennes.fr', name: 'cli', scopes: ['read'] },
      'local',
    );
    const before = await snapshot(source);
    const file = await backupOf(source);
    expect(file.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip

    const target = await createTestGuichet();
    open.push(target);
    const counts = await target.restore(Readable.from(file));
    expect(counts).toMatchObject({ ticket: 2, establishment: 8 });
    expect(await snapshot(target)).toEqual(before);
    expect(await target.tokens.authenticate(token.token)).toMatchObject({ personId: tech.personId });
    // The reference sequence goes on where it was.
    const next = await target.tickets.create(prof, {
      title: 'Suite',
      description: 'Après restauration',
      service: 'chat',
    });
    expect(Number(next.reference.slice(-6))).toBe(
      Number(
        before.tickets
          .map((x) => x.reference)
          .sort()
          .at(-1)!
          .slice(-6),
      ) + 1,
    );

    // A non-empty database is refused unless forced; then it is replaced entirely.
    await expect(target.restore(Readable.from(file))).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { rule: 'restore_not_empty' },
    });
    await target.restore(Readable.from(file), { force: true });
    expect(await snapshot(target)).toEqual(before);
  });

  it('a broken or foreign file is refused with a reason, and nothing is changed', async () => {
    const source = await createTestGuichet();
    open.push(source);
    await givenDemoCatalogue(source);
    const file = await backupOf(source);
    const target = await createTestGuichet();
    open.push(target);
    await givenDemoCatalogue(target);
    const before = await target.catalogue.exportDocument();

    await expect(
      target.restore(Readable.from(Buffer.from('pas une sauvegarde')), { force: true }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'backup' }] },
    });
    // Cut in the middle of a table: the transaction is rolled back.
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const text = gunzipSync(file).toString('utf8');
    const cut = gzipSync(Buffer.from(text.slice(0, text.indexOf('@table service') + 200)));
    await expect(target.restore(Readable.from(cut), { force: true })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await target.catalogue.exportDocument()).toEqual(before);
  });

  it('carries the attachment files: restored elsewhere, each comes back byte-identical', async () => {
    // Given a ticket with a public file on its reply and an internal one on a note
    const source = await createTestGuichet();
    open.push(source);
    const staff = await givenDemoCatalogue(source);
    const manager = await staff('vr.manager@insa-rennes.fr');
    const tech = await staff('vr.tech@insa-rennes.fr');
    const prof = await givenPerson(source, { email: 'prof@insa-rennes.fr' });
    const t = await source.tickets.create(prof, { title: 'Casque', description: 'Noir', service: 'vr-room' });
    await source.tickets.act(manager, t.reference, { action: 'approve' });
    const { randomBytes } = await import('node:crypto');
    const photo = randomBytes(200_000);
    const log = Buffer.from('journal interne\n'.repeat(100));
    const send = async (
      caller: { personId: string },
      name: string,
      bytes: Buffer,
      visibility: 'public' | 'internal',
    ) => {
      const u = await source.attachments.begin(caller, t.reference, { visibility, body: name });
      await u.add(name, Readable.from([bytes]));
      return (await u.commit()).attachments[0]!;
    };
    const a = await send(prof, 'photo.jpg', photo, 'public');
    const b = await send(tech, 'journal.log', log, 'internal');
    const file = await backupOf(source);

    // When it is restored into another Guichet, with its own (empty) attachment store
    const target = await createTestGuichet();
    open.push(target);
    const counts = await target.restore(Readable.from(file));
    expect(counts).toMatchObject({ attachment: 2, files: 2 });

    // Then the rows and the bytes are back, with their visibility
    const { readBlob } = await import('../attachments/attachment.storage.ts');
    for (const [original, bytes] of [
      [a, photo],
      [b, log],
    ] as const) {
      const { attachment, content } = await target.attachments.open(tech, original.id);
      expect(attachment).toEqual(original);
      expect((await readBlob(content)).equals(bytes)).toBe(true);
    }
    expect((await target.attachments.list(prof, t.reference)).map((x) => x.id)).toEqual([a.id]);
  });
});
