import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoreConfigInput, TokenScope } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { ProblemSchema } from '../../lib/problem.ts';
import { TicketEventSchema } from '../tickets/schemas.ts';
import { AttachmentSchema, UploadResultSchema } from './schemas.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

/** An assigned VR room ticket; tokens for its requester, its technician and a stranger. */
async function givenTicket(overrides: Partial<CoreConfigInput> = {}) {
  guichet = await createTestGuichet(overrides);
  const g = guichet;
  const staff = await givenDemoCatalogue(g);
  const manager = await staff('vr.manager@insa-rennes.fr');
  const prof = await g.catalogue.upsertPerson({ email: 'prof@insa-rennes.fr', displayName: 'Prof' });
  await g.catalogue.upsertPerson({ email: 'autre@insa-lyon.fr', displayName: 'Autre' });
  const t = await g.tickets.create(
    { personId: prof.id },
    { title: 'Casque', description: 'Noir', service: 'vr-room' },
  );
  await g.tickets.act(manager, t.reference, { action: 'approve' });
  const token = async (person: string, scopes: TokenScope[] = ['read', 'write']) =>
    (await g.tokens.create({ person, name: 'test', scopes }, 'local')).token;
  const app = createApp(g);
  const tokens = {
    requester: await token('prof@insa-rennes.fr'),
    tech: await token('vr.tech@insa-rennes.fr'),
    stranger: await token('autre@insa-lyon.fr'),
  };
  const send = (path: string, init: RequestInit & { token: string }) =>
    app.request(path, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${init.token}` },
    });
  return { g, app, reference: t.reference, tokens, send };
}

function form(fields: Record<string, string>, files: [string, Buffer, string?][]): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  for (const [name, bytes, type] of files)
    f.append('files', new Blob([bytes], { type: type ?? 'text/plain' }), name);
  return f;
}

async function storedFiles(g: TestGuichet): Promise<string[]> {
  const dir = g.attachments.store.describe();
  const found: string[] = [];
  for (const entry of await readdir(dir).catch(() => [])) {
    if (entry !== 'tmp') found.push(...(await readdir(join(dir, entry))));
  }
  return found;
}

describe('attachments over HTTP', () => {
  it('uploads with a reply, lists, and downloads the same bytes with safe headers; the type is sniffed', async () => {
    const { reference, tokens, send } = await givenTicket();
    // When the requester sends a PNG that the client calls text/plain, named .txt, with a reply
    const res = await send(`/v1/tickets/${reference}/attachments`, {
      method: 'POST',
      token: tokens.requester,
      body: form({ body: 'Voici l’écran' }, [['écran (1).txt', PNG, 'text/plain']]),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const result = UploadResultSchema.parse(await res.json());
    const [a] = result.attachments;
    expect(a).toMatchObject({ filename: 'écran (1).txt', contentType: 'image/png', size: PNG.length });
    expect(result.ticket?.reference).toBe(reference);

    // Then the timeline shows it on the reply, and the list names it
    const timeline = TicketEventSchema.array().parse(
      await (await send(`/v1/tickets/${reference}/timeline`, { token: tokens.tech })).json(),
    );
    expect(timeline.find((e) => e.type === 'requester_replied')?.attachments?.[0]?.id).toBe(a!.id);
    const list = AttachmentSchema.array().parse(
      await (await send(`/v1/tickets/${reference}/attachments`, { token: tokens.tech })).json(),
    );
    expect(list.map((x) => x.id)).toEqual([a!.id]);

    // And the download is the bytes, as an attachment that nothing renders
    const download = await send(`/v1/attachments/${a!.id}`, { token: tokens.tech });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    expect(Object.fromEntries(download.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(PNG.length),
      'content-disposition': `attachment; filename="_cran (1).txt"; filename*=UTF-8''%C3%A9cran%20%281%29.txt`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'no-store',
    });
  });

  it('never serves HTML or SVG as themselves, and cleans a hostile name out of the header', async () => {
    const { reference, tokens, send } = await givenTicket();
    const html = Buffer.from(
      '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>',
    );
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
    const res = await send(`/v1/tickets/${reference}/attachments`, {
      method: 'POST',
      token: tokens.tech,
      body: form({}, [
        ['page.html', html, 'text/html'],
        ['logo.svg', svg, 'image/svg+xml'],
        ['../../\u202Egnp.exe\r\nSet-Cookie: x=1', PNG, 'image/png'],
      ]),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { attachments } = UploadResultSchema.parse(await res.json());
    // (FormData itself sends CR LF in a file name as %0D%0A; the colon and the bidi override go.)
    expect(attachments.map((a) => a.filename)).toEqual([
      'page.html',
      'logo.svg',
      'gnp.exe%0D%0ASet-Cookie x=1',
    ]);
    for (const a of attachments.slice(0, 2)) {
      const d = await send(`/v1/attachments/${a.id}`, { token: tokens.requester });
      expect(d.headers.get('content-type')).toBe('application/octet-stream');
      expect(d.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(d.headers.get('content-security-policy')).toContain('sandbox');
      await d.arrayBuffer();
    }
    const hostile = await send(`/v1/attachments/${attachments[2]!.id}`, { token: tokens.requester });
    expect(hostile.headers.get('set-cookie')).toBeNull();
    expect(hostile.headers.get('content-disposition')).toBe(
      `attachment; filename="gnp.exe_0D_0ASet-Cookie x=1"; filename*=UTF-8''gnp.exe%250D%250ASet-Cookie%20x%3D1`,
    );
    await hostile.arrayBuffer();
  });

  it('keeps internal files from the requester through every route', async () => {
    const { reference, tokens, send } = await givenTicket();
    const res = await send(`/v1/tickets/${reference}/attachments`, {
      method: 'POST',
      token: tokens.tech,
      body: form({ visibility: 'internal', body: 'Journal' }, [['journal.log', Buffer.from('secret')]]),
    });
    expect(res.status).toBe(201);
    const [secret] = UploadResultSchema.parse(await res.json()).attachments;
    const list = await send(`/v1/tickets/${reference}/attachments`, { token: tokens.requester });
    expect(await list.json()).toEqual([]);
    const download = await send(`/v1/attachments/${secret!.id}`, { token: tokens.requester });
    expect(download.status).toBe(404);
    const missing = await send(`/v1/attachments/${crypto.randomUUID()}`, { token: tokens.requester });
    const [a, b] = [ProblemSchema.parse(await download.json()), ProblemSchema.parse(await missing.json())];
    expect([a.code, a.rule]).toEqual([b.code, b.rule]);
    for (const path of ['timeline', 'comments']) {
      const text = await (await send(`/v1/tickets/${reference}/${path}`, { token: tokens.requester })).text();
      expect(text).not.toContain(secret!.id);
      expect(text).not.toContain('journal.log');
    }
    // A stranger does not learn the file exists either, nor can they upload
    expect((await send(`/v1/attachments/${secret!.id}`, { token: tokens.stranger })).status).toBe(404);
    const upload = await send(`/v1/tickets/${reference}/attachments`, {
      method: 'POST',
      token: tokens.stranger,
      body: form({}, [['x.txt', Buffer.from('x')]]),
    });
    expect(upload.status).toBe(404);
  });

  it('streams: refuses a file past the limit while reading it (the rest is never read), nothing stored', async () => {
    const { g, reference, tokens, send } = await givenTicket({
      attachments: { maxFileBytes: 2 * 1024 * 1024 },
    });
    // A 1 GiB body produced on demand: the server must stop pulling long before its end.
    const boundary = 'guichet-test-boundary';
    let produced = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nUne vidéo\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="video.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    let sentHead = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sentHead) {
          sentHead = true;
          controller.enqueue(head);
          return;
        }
        if (produced >= 1024 * 1024 * 1024) {
          controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        produced += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await send(`/v1/tickets/${reference}/attachments`, {
      method: 'POST',
      token: tokens.requester,
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit & { token: string });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = ProblemSchema.parse(await res.json());
    expect(problem.errors).toEqual([
      {
        field: 'files[0]',
        rule: 'attachment.too_large',
        message: '« video.mp4 » dépasse la taille maximale d’une pièce jointe (2 Mio)',
      },
    ]);
    expect(produced).toBeLessThan(16 * 1024 * 1024);
    expect(await storedFiles(g)).toEqual([]);
    // And no reply was written
    const timeline = await g.tickets.timeline('system', reference);
    expect(timeline.some((e) => e.type === 'requester_replied')).toBe(false);
  });

  it('takes a file larger than the JSON body limit (1 MiB) when it fits the attachment limits', async () => {
    const { reference, tokens, send } = await givenTicket();
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const res = await send(`/v1/tickets/${reference}/attachments`, {
      method: 'POST',
      token: tokens.requester,
      body: form({}, [['gros.bin', big]]),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const [a] = UploadResultSchema.parse(await res.json()).attachments;
    expect(a!.size).toBe(big.length);
  });

  it('says what is wrong with a request: not multipart, a field after the files, no file, idempotency, read scope', async () => {
    const { g, reference, tokens, send } = await givenTicket();
    const path = `/v1/tickets/${reference}/attachments`;
    const json = await send(path, {
      method: 'POST',
      token: tokens.requester,
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    const late = new FormData();
    late.append('files', new Blob([PNG]), 'a.png');
    late.append('body', 'trop tard');
    const lateRes = await send(path, { method: 'POST', token: tokens.requester, body: late });
    expect(lateRes.status).toBe(422);
    expect(ProblemSchema.parse(await lateRes.json()).errors?.[0]).toMatchObject({
      field: 'body',
      rule: 'attachment.field_after_file',
    });
    const none = await send(path, {
      method: 'POST',
      token: tokens.requester,
      body: form({ body: 'Rien' }, []),
    });
    expect(ProblemSchema.parse(await none.json()).errors?.[0]).toMatchObject({
      field: 'files',
      rule: 'field.required',
    });
    const idem = await send(path, {
      method: 'POST',
      token: tokens.requester,
      headers: { 'Idempotency-Key': 'k1' },
      body: form({}, [['a.png', PNG]]),
    });
    expect(idem.status).toBe(422);
    const readOnly = (
      await g.tokens.create({ person: 'prof@insa-rennes.fr', name: 'ro', scopes: ['read'] }, 'local')
    ).token;
    const ro = await send(path, { method: 'POST', token: readOnly, body: form({}, [['a.png', PNG]]) });
    expect(ro.status).toBe(403);
    const visibility = await send(path, {
      method: 'POST',
      token: tokens.requester,
      body: form({ visibility: 'secret' }, [['a.png', PNG]]),
    });
    expect(ProblemSchema.parse(await visibility.json()).errors?.[0]).toMatchObject({ field: 'visibility' });
    expect(await storedFiles(g)).toEqual([]);
  });
});
