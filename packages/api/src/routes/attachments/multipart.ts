import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';

/** One part of a multipart/form-data body, in the order the client sent it. */
export type FormPart =
  | { kind: 'field'; name: string; value: string; truncated: boolean }
  | { kind: 'file'; name: string; filename: string; stream: Readable };

/** The body is not multipart/form-data, or is malformed. */
export class FormError extends Error {}

/**
 * The parts of a multipart/form-data request as they arrive (busboy), never the whole body in
 * memory: a file part's stream must be read (or drained) before the next part comes, since busboy
 * waits for its reader (backpressure). Ending the iteration early stops reading the request.
 */
export async function* formParts(
  request: Request,
  limits: { files: number; fieldBytes: number; fields: number },
): AsyncGenerator<FormPart> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type) || !request.body)
    throw new FormError('not multipart/form-data');
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': type },
      defParamCharset: 'utf8',
      limits: {
        files: limits.files,
        fields: limits.fields,
        fieldSize: limits.fieldBytes,
        parts: limits.files + limits.fields,
      },
    });
  } catch {
    throw new FormError('malformed multipart/form-data');
  }
  const queue: FormPart[] = [];
  let done = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  parser.on('field', (name, value, info) => {
    queue.push({ kind: 'field', name, value, truncated: info.valueTruncated });
    notify();
  });
  parser.on('file', (name, stream, info) => {
    queue.push({ kind: 'file', name, filename: info.filename ?? '', stream });
    notify();
  });
  parser.on('filesLimit', () => {
    failure = new FormError('too many files');
    notify();
  });
  parser.on('close', () => {
    done = true;
    notify();
  });
  parser.on('error', (error: Error) => {
    failure = new FormError(error.message);
    notify();
  });
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  source.on('error', (error) => {
    failure = error;
    notify();
  });
  source.pipe(parser);
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (failure) throw failure;
      if (done) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    source.unpipe(parser);
    source.destroy();
  }
}
