import { fileTypeFromBuffer } from 'file-type';

/** Longest stored file name, in characters (most filesystems allow 255 bytes; headers carry it encoded). */
export const MAX_FILENAME_LENGTH = 120;
/** Longest original name kept for display. */
export const MAX_ORIGINAL_NAME_LENGTH = 1_000;

/**
 * Characters that never belong in a file name we hand back: C0/C1 controls and DEL, bidi embeddings,
 * overrides and isolates (a "gpj.exe" shown as "exe.jpg"), zero-width characters and the BOM, the
 * line and paragraph separators, and what Windows refuses in names.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff<>:"|?*\\/]/gu;

/**
 * A file name safe to store, to show and to send in Content-Disposition: the last path segment only
 * (`../../etc/passwd` → `passwd`, `C:\\x\\y.txt` → `y.txt`), NFC, no control, bidi or zero-width
 * character, no leading dots or trailing dots and spaces, at most MAX_FILENAME_LENGTH characters
 * (the extension kept), and never empty (`fichier`).
 * @example sanitiseFilename('../\u202Egpj.exe') // 'gpj.exe'
 */
export function sanitiseFilename(raw: string): string {
  const segment = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = segment.replace(UNSAFE, '').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if ([...name].length > MAX_FILENAME_LENGTH) {
    const chars = [...name];
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? [...name.slice(dot)] : [];
    const keep = ext.length > 0 && ext.length <= 16 ? ext : [];
    name = chars.slice(0, MAX_FILENAME_LENGTH - keep.length).join('') + keep.join('');
  }
  // Reserved device names on Windows stay names, not devices, once prefixed.
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name)) name = `_${name}`;
  return name === '' ? 'fichier' : name;
}

/** The name as given, bounded and without NULs (kept for display; always shown escaped). */
export function originalName(raw: string): string {
  return [...raw.replaceAll('\u0000', '')].slice(0, MAX_ORIGINAL_NAME_LENGTH).join('');
}

export const OCTET_STREAM = 'application/octet-stream';

/**
 * The content type of the bytes, from their signature (file-type): the client's word is never asked.
 * Unknown signatures (plain text among them) are `application/octet-stream`.
 */
export async function sniffContentType(head: Uint8Array): Promise<string> {
  if (head.byteLength === 0) return OCTET_STREAM;
  const found = await fileTypeFromBuffer(head);
  return found?.mime ?? OCTET_STREAM;
}

/**
 * Types a browser could render as a document or run as script if they were ever shown inline: they
 * are served as `application/octet-stream` (downloads are always `attachment`, nosniff and sandboxed
 * anyway; this is one more wall).
 */
const ACTIVE =
  /^(text\/|application\/(xhtml\+xml|xml|javascript|ecmascript|x-shockwave-flash)|image\/svg\+xml|multipart\/)/;

/** The Content-Type a download is served with. */
export function servedContentType(stored: string): string {
  return ACTIVE.test(stored) ? OCTET_STREAM : stored;
}

/**
 * `Content-Disposition: attachment` with the name in RFC 5987 / 8187 form (`filename*=UTF-8''…`)
 * and an ASCII fallback for old clients.
 * @example contentDisposition('résumé.pdf') // `attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
