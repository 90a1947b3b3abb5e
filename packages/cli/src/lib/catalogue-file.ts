import { readFile } from 'node:fs/promises';
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  stringify,
  visit,
} from 'yaml';
import { CliError, EXIT } from './errors.ts';
import { t } from './messages.ts';

/** Where something sits in a file, 1-based. */
export interface Position {
  line: number;
  column: number;
}

/** A catalogue file read as YAML (JSON is YAML too), keeping where each value sits. */
export interface CatalogueFile {
  name: string;
  data: unknown;
  /**
   * Position of a field path as the server names it (`services.3.parent`): the value when the key is
   * there, the item that lacks it when it is missing, a key of that name elsewhere in the file when
   * the path names no item (an unknown key such as `servises`), else the start of the file.
   */
  locate: (path: string) => Position;
}

/** One error of the file at its place. */
export interface FileError extends Position {
  message: string;
}

/**
 * Reads and parses a catalogue file. A file that is not valid YAML is refused with every syntax
 * error at once (not only the first), each at its line and column.
 */
export async function readCatalogueFile(name: string, text?: string): Promise<CatalogueFile> {
  let source: string;
  try {
    source = text ?? (await readFile(name, 'utf8'));
  } catch (error) {
    throw new CliError(`${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw fileFailure(
      name,
      doc.errors.map((e) => {
        const at = lineCounter.linePos(e.pos[0]);
        return { line: at.line, column: at.col, message: e.message.split('\n')[0]! };
      }),
    );
  }
  const position = (offset: number): Position => {
    const at = lineCounter.linePos(offset);
    return { line: at.line, column: at.col };
  };
  return { name, data: doc.toJS() ?? {}, locate: (path) => locateIn(doc, path, position) };
}

function locateIn(doc: Document, path: string, position: (offset: number) => Position): Position {
  // `a, b`: several unknown keys of one item; the first one is enough to find the place.
  const parts = path
    .split(',')[0]!
    .trim()
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (let n = parts.length; n >= 1; n--) {
    const node = doc.getIn(parts.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      // A present field: its value. A missing one: the item that lacks it (its first key).
      return position(n === parts.length ? node.range[0] : (firstKeyOffset(node) ?? node.range[0]));
    }
  }
  const last = parts.at(-1);
  if (typeof last === 'string') {
    const offsets: number[] = [];
    visit(doc, {
      Pair: (_key, pair) => {
        if (isScalar(pair.key) && pair.key.value === last && pair.key.range) offsets.push(pair.key.range[0]);
      },
    });
    if (offsets.length === 1) return position(offsets[0]!);
  }
  const root = (doc.contents as { range?: [number, number, number] } | null)?.range;
  return root ? position(root[0]) : { line: 1, column: 1 };
}

function firstKeyOffset(node: unknown): number | undefined {
  if (!isMap(node)) return isSeq(node) ? (node.range?.[0] ?? undefined) : undefined;
  const first = node.items[0];
  return isPair(first) && isScalar(first.key) ? first.key.range?.[0] : node.range?.[0];
}

/** The failure of a file: a summary line, then one `file:line:column : message` line per error, in file order. */
export function fileFailure(name: string, errors: FileError[], detail?: unknown): CliError {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
  return new CliError(
    [
      t('file_errors', { file: name, count: sorted.length }),
      ...sorted.map((e) =>
        t('file_error', { file: name, line: e.line, column: e.column, message: e.message }),
      ),
    ].join('\n'),
    EXIT.error,
    detail,
  );
}

/** Every field error of a problem response at its place in the file, or null when it names none. */
export function fileErrors(
  file: CatalogueFile,
  problem: { errors?: { field: string; message: string }[] } | undefined,
): FileError[] | null {
  if (!problem?.errors?.length) return null;
  return problem.errors.map((e) => ({ ...file.locate(e.field), message: e.message }));
}

export function toYaml(data: unknown): string {
  return stringify(data, { lineWidth: 0 });
}
