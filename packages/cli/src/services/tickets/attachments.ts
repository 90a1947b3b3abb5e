import { createWriteStream, openAsBlob } from 'node:fs';
import { access, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { components } from '@guichet/api/client';
import { type Connection, callApi } from '../../lib/api.ts';
import { CliError } from '../../lib/errors.ts';

export type Attachment = components['schemas']['Attachment'];
export type UploadResult = components['schemas']['AttachmentUpload'];

/** Sizes as people read them: 812 o, 48 Kio, 3.2 Mio (B, KiB, MiB in English). */
export function formatSize(bytes: number, language: 'fr' | 'en'): string {
  const units = language === 'fr' ? ['o', 'Kio', 'Mio', 'Gio'] : ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 10 ? String(Math.round(value)) : value.toFixed(1);
  return `${language === 'fr' ? shown.replace('.', ',') : shown} ${units[unit]}`;
}

/**
 * Sends files to a ticket in one upload (streamed from disk, never read whole), with the reply or
 * internal note that carries them when `body` is given. Every file is checked readable first, so a
 * typo in the last name sends nothing.
 */
export async function uploadAttachments(
  { api, url }: Connection,
  reference: string,
  paths: string[],
  options: { body?: string | undefined; internal?: boolean },
): Promise<UploadResult> {
  const form = new FormData();
  if (options.body !== undefined) form.append('body', options.body);
  form.append('visibility', options.internal ? 'internal' : 'public');
  for (const path of paths) {
    let blob: Blob;
    try {
      blob = await openAsBlob(path);
    } catch (error) {
      throw CliError.of('attachment_unreadable', {
        path,
        detail: (error as NodeJS.ErrnoException).code ?? String(error),
      });
    }
    // The server sniffs the type from the bytes: none is claimed here.
    form.append('files', blob, basename(path));
  }
  return callApi(
    url,
    api.POST('/v1/tickets/{reference}/attachments', {
      params: { path: { reference } },
      body: form as never,
      bodySerializer: (b: unknown) => b as FormData,
    }),
  );
}

/** The file name a download names in Content-Disposition (RFC 8187 form first), as a bare name. */
export function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  let name: string | null = null;
  if (extended) {
    try {
      name = decodeURIComponent(extended[1]!.trim());
    } catch {
      name = null;
    }
  }
  name ??= /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
  if (!name) return null;
  // Whatever the server says, a download never leaves the folder it is saved in.
  const bare = basename(name.replace(/\\/g, '/')).replace(/^\.+/, '');
  return bare === '' ? null : bare;
}

/**
 * Downloads an attachment to `output` (`-`: standard output; default: its own name in the current
 * folder). Written to a temporary file beside the target and renamed at the end: an interrupted
 * download leaves no half file; an existing file is replaced only with `force`.
 */
export async function downloadAttachment(
  { api, url }: Connection,
  id: string,
  options: { output?: string | undefined; force?: boolean; stdout?: NodeJS.WritableStream },
): Promise<{
  id: string;
  filename: string;
  path: string;
  size: number;
  contentType: string;
  sha256: string;
}> {
  // A connection failure becomes callApi's one line naming the server.
  const { data, error, response } = await api
    .GET('/v1/attachments/{id}', { params: { path: { id } }, parseAs: 'stream' })
    .catch((e: unknown) => callApi(url, Promise.reject(e)) as never);
  if (!response.ok || !data) await callApi(url, Promise.resolve({ error, response }));
  const filename = filenameOf(response.headers.get('content-disposition')) ?? id;
  const size = Number(response.headers.get('content-length') ?? 0);
  const meta = {
    id,
    filename,
    size,
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    sha256: response.headers.get('x-attachment-sha256') ?? '',
  };
  const body = Readable.fromWeb(data as unknown as WebReadableStream<Uint8Array>);
  if (options.output === '-') {
    await pipeline(body, options.stdout ?? process.stdout, { end: false });
    return { ...meta, path: '-' };
  }
  const path = options.output ?? join(process.cwd(), filename);
  if (!options.force) {
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (exists) {
      body.destroy();
      throw CliError.of('attachment_exists', { path });
    }
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.part`);
  try {
    await pipeline(body, createWriteStream(temp, { flags: 'wx' }));
    const file = await open(temp, 'r+');
    await file.sync();
    await file.close();
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  return { ...meta, path };
}
