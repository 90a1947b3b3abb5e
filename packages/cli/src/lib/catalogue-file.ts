import { readFile } from 'node:fs/promises';
import { isMap, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import { CliError } from './errors.ts';
import { t } from './messages.ts';

/** A catalogue file read as YAML (JSON is YAML too), keeping where each value sits. */
export interface CatalogueFile {
  name: string;
  data: unknown;
  /** Line and column (1-based) of a dotted path like `services.3.parent`, or of its nearest parent. */
  locate: (path: string) => { line: number; column: number };
}

export async function readCatalogueFile(name: string, text?: string): Promise<CatalogueFile> {
  let source: string;
  try {
    source = text ?? (await readFile(name, 'utf8'));
  } catch (error) {
    throw new CliError(`${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const at = lineCounter.linePos(first.pos[0]);
    throw new CliError(
      t('file_error', { file: name, line: at.line, column: at.col, message: first.message.split('\n')[0]! }),
    );
  }
  const locate = (path: string) => {
    const parts = path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    for (let n = parts.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(parts.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range && (n === 0 || isMap(node) || isSeq(node) || node)) {
        // For a key that exists, point at its value; for a missing one, at the item that lacks it.
        const at = lineCounter.linePos(range[0]);
        return { line: at.line, column: at.col };
      }
    }
    return { line: 1, column: 1 };
  };
  return { name, data: doc.toJS() ?? {}, locate };
}

/** One line per field error: `file:line:column: field: message`. */
export function fileErrors(
  file: CatalogueFile,
  problem: { title?: string; errors?: { field: string; message: string }[] } | undefined,
): string | null {
  if (!problem?.errors?.length) return null;
  return problem.errors
    .map((e) => {
      const at = file.locate(e.field);
      return t('file_error', { file: file.name, line: at.line, column: at.column, message: e.message });
    })
    .join('\n');
}

export function toYaml(data: unknown): string {
  return stringify(data, { lineWidth: 0 });
}
