import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGuichet, givenDemoCatalogue, givenPerson, type TestGuichet } from '../../testing/index.ts';
import type { CoreConfigInput } from '../config.ts';
import { ormConfig } from '../db/mikro-orm.config.ts';
import { inTransaction } from '../db/transaction.ts';
import { DomainError } from '../errors.ts';
import type { Caller } from '../tickets/ticket.service.ts';
import type { Upload } from './attachment.service.ts';
import { readBlob } from './attachment.storage.ts';

const open: TestGuichet[] = [];
afterEach(async () => {
  for (const g of open.splice(0)) await g.dispose();
});

/** A 1×1 PNG: what a requester's screenshot starts like. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

async function* streamOf(bytes: Buffer, size = 4096): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Blobs in the store's folder (its temp folder aside). */
async function storedFiles(g: TestGuichet): Promise<string[]> {
  const dir = g.attachments.store.describe();
  const found: string[] = [];
  for (const entry of await readdir(dir).catch(() => [])) {
    if (entry === 'tmp') continue;
    for (const f of await readdir(join(dir, entry))) found.push(f);
  }
  return found;
}

/** A VR room ticket, approved and routed to its technician; the people around it. */
async function givenAssignedTicket(overrides: Partial<CoreConfigInput> = {}) {
  const g = await createTestGuichet(overrides);
  open.push(g);
  const staff = await givenDemoCatalogue(g);
  const manager = await staff('vr.manager@insa-rennes.fr');
  const tech = await staff('vr.tech@insa-rennes.fr');
  const requester = await givenPerson(g, { email: 'prof@insa-rennes.fr' });
  const stranger = await givenPerson(g, { email: 'autre@insa-lyon.fr' });
  const t = await g.tickets.create(requester, {
    title: 'Casque VR en panne',
    description: 'Écran noir',
    service: 'vr-room',
  });
  await g.tickets.act(manager, t.reference, { action: 'approve' });
  return { g, reference: t.reference, requester, stranger, tech, manager };
}

async function upload(
  g: TestGuichet,
  caller: Caller,
  reference: string,
  files: [string, Buffer][],
  options: { body?: string; visibility?: 'public' | 'internal' } = {},
) {
  const u: Upload = await g.attachments.begin(caller, reference, options);
  for (const [name, bytes] of files) await u.add(name, streamOf(bytes));
  return u.commit();
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('attachments', () => {
  it('round-trips a file byte for byte, its type sniffed from the bytes whatever its name says', async () => {
    // Given an assigned ticket
    const { g, reference, requester, tech } = await givenAssignedTicket();
    // When the requester sends a PNG named like a text file, with a reply
    const result = await upload(g, requester, reference, [['capture.txt', PNG]], { body: 'Voici l’écran' });
    // Then it is stored as an image, on the reply, public
    const [a] = result.attachments;
    expect(a).toMatchObject({
      ticket: reference,
      filename: 'capture.txt',
      contentType: 'image/png',
      size: PNG.length,
      visibility: 'public',
      uploader: { id: requester.personId },
    });
    expect(result.ticket?.version).toBeGreaterThan(1);
    const timeline = await g.tickets.timeline(tech, reference);
    const reply = timeline.find((e) => e.type === 'requester_replied')!;
    expect(reply.id).toBe(a!.eventId);
    expect(reply.attachments).toEqual([
      { id: a!.id, filename: 'capture.txt', contentType: 'image/png', size: PNG.length },
    ]);
    // And the technician downloads the same bytes
    const { content, attachment } = await g.attachments.open(tech, a!.id);
    expect(attachment.sha256).toBe(a!.sha256);
    expect((await readBlob(content)).equals(PNG)).toBe(true);
  });

  it('attaches to the ticket’s creation when no text comes with the files, and stores identical bytes once', async () => {
    const { g, reference, requester } = await givenAssignedTicket();
    const first = await upload(g, requester, reference, [['a.png', PNG]]);
    const second = await upload(g, requester, reference, [['b.png', PNG]]);
    expect(first.ticket).toBeNull();
    const created = (await g.tickets.timeline(requester, reference)).find((e) => e.type === 'created')!;
    expect(first.attachments[0]!.eventId).toBe(created.id);
    expect(second.attachments[0]!.sha256).toBe(first.attachments[0]!.sha256);
    expect(await storedFiles(g)).toHaveLength(1);
    expect((await g.attachments.list(requester, reference)).map((a) => a.filename)).toEqual([
      'a.png',
      'b.png',
    ]);
  });

  it('cleans hostile file names and keeps the original for display', async () => {
    const { g, reference, tech } = await givenAssignedTicket();
    const names = [
      '../../etc/passwd',
      'facture\u202Egpj.exe',
      'C:\\temp\\x\u0000.txt',
      '\u200B',
      `${'a'.repeat(400)}.pdf`,
    ];
    const { attachments } = await upload(
      g,
      tech,
      reference,
      names.map((n, i) => [n, Buffer.from(`fichier ${i}`)]),
    );
    expect(attachments.map((a) => a.filename)).toEqual([
      'passwd',
      'facturegpj.exe',
      'x.txt',
      'fichier',
      `${'a'.repeat(116)}.pdf`,
    ]);
    expect(attachments.map((a) => a.originalName)).toEqual([
      '../../etc/passwd',
      'facture\u202Egpj.exe',
      'C:\\temp\\x.txt',
      '\u200B',
      `${'a'.repeat(400)}.pdf`,
    ]);
    expect(attachments.every((a) => a.contentType === 'application/octet-stream')).toBe(true);
  });

  it('keeps an internal note’s files from the requester: list, read, download and timeline', async () => {
    const { g, reference, requester, tech } = await givenAssignedTicket();
    const { attachments } = await upload(g, tech, reference, [['journal.log', Buffer.from('mot de passe')]], {
      visibility: 'internal',
      body: 'Journal du serveur',
    });
    const secret = attachments[0]!;
    expect(secret.visibility).toBe('internal');
    // Staff see it
    expect((await g.attachments.list(tech, reference)).map((a) => a.id)).toEqual([secret.id]);
    // The requester sees nothing of it, and a hidden file answers like a missing one
    expect(await g.attachments.list(requester, reference)).toEqual([]);
    const hidden = await refusal(g.attachments.get(requester, secret.id));
    const missing = await refusal(g.attachments.get(requester, crypto.randomUUID()));
    expect([hidden.code, hidden.details.rule]).toEqual([missing.code, missing.details.rule]);
    expect((await refusal(g.attachments.open(requester, secret.id))).code).toBe('NOT_FOUND');
    const timeline = await g.tickets.timeline(requester, reference);
    expect(JSON.stringify(timeline)).not.toContain(secret.id);
    expect(timeline.some((e) => e.attachments)).toBe(false);
    // Without text, internal files travel on a note naming them
    const bare = await upload(g, tech, reference, [['trace.txt', Buffer.from('trace')]], {
      visibility: 'internal',
    });
    const note = (await g.tickets.timeline(tech, reference)).find(
      (e) => e.id === bare.attachments[0]!.eventId,
    )!;
    expect(note).toMatchObject({
      type: 'internal_note',
      visibility: 'internal',
      data: { body: 'trace.txt' },
    });
  });

  it('refuses who may not write: a requester’s internal note, a stranger, a closed ticket; nothing stored', async () => {
    const { g, reference, requester, stranger, tech } = await givenAssignedTicket();
    expect((await refusal(g.attachments.begin(requester, reference, { visibility: 'internal' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await refusal(g.attachments.begin(stranger, reference))).code).toBe('TICKET_NOT_FOUND');
    await g.tickets.act(tech, reference, { action: 'resolve', service: 'vr-room', solution: 'Câble' });
    await g.tickets.act(
      { personId: (await g.catalogue.findActivePerson('vr.manager@insa-rennes.fr'))!.personId },
      reference,
      {
        action: 'close',
      },
    );
    expect((await refusal(g.attachments.begin(requester, reference))).code).toBe('INVALID_TRANSITION');
    expect(await storedFiles(g)).toEqual([]);
  });

  it('refuses a file past the per-file limit while it streams, and stores nothing of the upload', async () => {
    const { g, reference, requester } = await givenAssignedTicket({ attachments: { maxFileBytes: 10_000 } });
    const u = await g.attachments.begin(requester, reference, { body: 'Deux fichiers' });
    await u.add('petit.png', streamOf(PNG));
    expect(await storedFiles(g)).toHaveLength(1);
    const error = await refusal(u.add('grand.bin', streamOf(Buffer.alloc(50_000, 1))));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.localizedFields('fr')).toEqual([
      {
        field: 'files[1]',
        rule: 'attachment.too_large',
        message: '« grand.bin » dépasse la taille maximale d’une pièce jointe (0.01 Mio)',
      },
    ]);
    // The first file went with the refused upload; no reply was written
    expect(await storedFiles(g)).toEqual([]);
    expect(await g.attachments.list(requester, reference)).toEqual([]);
    const timeline = await g.tickets.timeline(requester, reference);
    expect(timeline.some((e) => e.type === 'requester_replied')).toBe(false);
  });

  it('refuses what would take the ticket past its total, counting what it already has', async () => {
    const { g, reference, requester, tech } = await givenAssignedTicket({
      attachments: { maxFileBytes: 6_000, maxTicketBytes: 10_000 },
    });
    await upload(g, requester, reference, [['un.bin', Buffer.alloc(6_000, 1)]]);
    const error = await refusal(upload(g, tech, reference, [['deux.bin', Buffer.alloc(5_000, 2)]]));
    expect(error.details.fields).toEqual([
      {
        field: 'files[0]',
        rule: 'attachment.ticket_full',
        params: { filename: 'deux.bin', limit: 10_000, size: '0.01' },
      },
    ]);
    expect(await storedFiles(g)).toHaveLength(1);
    expect((await g.attachments.list(tech, reference)).map((a) => a.filename)).toEqual(['un.bin']);
    // What still fits is taken
    await upload(g, tech, reference, [['trois.bin', Buffer.alloc(4_000, 3)]]);
    expect(await g.attachments.list(tech, reference)).toHaveLength(2);
  });

  it('re-checks the ticket’s total in the transaction: two uploads racing cannot both pass', async () => {
    const { g, reference, requester, tech } = await givenAssignedTicket({
      attachments: { maxFileBytes: 6_000, maxTicketBytes: 10_000 },
    });
    // Both started when the ticket was empty, so each alone fits
    const a = await g.attachments.begin(requester, reference);
    const b = await g.attachments.begin(tech, reference);
    await a.add('a.bin', streamOf(Buffer.alloc(6_000, 4)));
    await b.add('b.bin', streamOf(Buffer.alloc(6_000, 5)));
    const outcomes = await Promise.allSettled([a.commit(), b.commit()]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await g.attachments.list(tech, reference)).toHaveLength(1);
    expect(await storedFiles(g)).toHaveLength(1);
  });

  it('attachFiles: the mail gateway attaches files to the reply it wrote, in its own transaction', async () => {
    const { g, reference, requester, tech } = await givenAssignedTicket({
      attachments: { maxFileBytes: 1_000 },
    });
    // Given a reply the gateway wrote (here through the ticket service)
    await g.tickets.act(requester, reference, { action: 'reply', body: 'Réponse par courriel' });
    const reply = (await g.tickets.timeline(requester, reference)).find(
      (e) => e.type === 'requester_replied',
    )!;
    const ticketId = (await g.tickets.get(requester, reference)).id;
    const orm = await MikroORM.init(ormConfig(g.databaseUrl, { pool: { min: 0, max: 2 } }));
    try {
      // When it attaches the mail's parts, one of them too large
      const result = await inTransaction(orm, (em) =>
        g.attachments.attachFiles(em, {
          ticketId,
          eventId: reply.id,
          uploaderId: requester.personId,
          files: [
            { filename: 'écran.png', content: PNG },
            { filename: 'vidéo.mp4', content: Buffer.alloc(5_000) },
          ],
        }),
      );
      // Then the small one is attached with the reply's visibility, the large one listed as refused
      expect(result.attached.map((a) => [a.filename, a.contentType, a.visibility, a.eventId])).toEqual([
        ['écran.png', 'image/png', 'public', reply.id],
      ]);
      expect(result.refused).toEqual([{ filename: 'vidéo.mp4', rule: 'attachment.too_large', limit: 1_000 }]);
      expect(await g.attachments.list(tech, reference)).toHaveLength(1);
      // And an event of another ticket is refused by the database, whatever the caller says
      const other = await g.tickets.create(requester, {
        title: 'Autre',
        description: 'Autre',
        service: 'moodle',
      });
      const otherEvent = (await g.tickets.timeline(requester, other.reference))[0]!;
      await expect(
        inTransaction(orm, (em) =>
          g.attachments.attachFiles(em, {
            ticketId,
            eventId: otherEvent.id,
            uploaderId: null,
            files: [{ filename: 'x.txt', content: Buffer.from('x') }],
          }),
        ),
      ).rejects.toBeInstanceOf(DomainError);
      expect(await g.attachments.list(tech, reference)).toHaveLength(1);
    } finally {
      await orm.close(true);
    }
  });
});
