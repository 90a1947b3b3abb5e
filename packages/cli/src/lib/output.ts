import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { HEADINGS, type HeadingKey, heading } from './messages.ts';

export interface Column<T> {
  /** Shown in the reader's language in tables (see `heading`), in English in CSV. */
  header: HeadingKey;
  /** A header shown as it is instead of `header` (columns named by the server, e.g. a report's). */
  title?: string;
  value: (row: T) => string | number | null | undefined;
  /** Columns that may be shortened to fit the terminal (the widest first). */
  flexible?: boolean;
}

/** The terminal's width, or COLUMNS when set (a pipe has no width: nothing is cut). */
export function terminalWidth(): number | undefined {
  return process.stdout.columns ?? (process.env.COLUMNS ? Number(process.env.COLUMNS) : undefined);
}

/** Colour only on a terminal, and never with NO_COLOR (https://no-color.org). */
export function colourWanted(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

/**
 * A table sized to the terminal: flexible columns are cut (with …) so a line never wraps; without a
 * terminal (a pipe, a file) nothing is cut.
 */
export function renderTable<T>(rows: T[], columns: Column<T>[], width = terminalWidth()): string {
  const cells = rows.map((r) => columns.map((c) => text(c.value(r)).replace(/\s+/g, ' ')));
  const headers = columns.map((c) => c.title ?? heading(c.header));
  const widths = columns.map((_c, i) =>
    Math.max([...headers[i]!].length, ...cells.map((row) => [...row[i]!].length)),
  );
  if (width && width > 20) {
    // Columns are separated by two spaces.
    let total = widths.reduce((a, b) => a + b + 2, -1);
    const flexible = columns.map((c, i) => (c.flexible ? i : -1)).filter((i) => i >= 0);
    while (total > width && flexible.some((i) => widths[i]! > 8)) {
      const widest = flexible.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
      widths[widest]! -= 1;
      total -= 1;
    }
  }
  const table = new Table({
    head: headers,
    colWidths: widths.map((w, i) => (i === widths.length - 1 ? w : w + 1)),
    truncate: '…',
    style: {
      head: colourWanted() ? ['bold'] : [],
      border: [],
      compact: true,
      'padding-left': 0,
      'padding-right': 0,
    },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: ' ',
    },
  });
  for (const row of cells) table.push(row);
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** RFC 4180 CSV with a header line (csv-stringify). */
export function renderCsv<T>(rows: T[], columns: Column<T>[]): string {
  return stringify([
    columns.map((c) => c.title ?? HEADINGS[c.header].en),
    ...rows.map((r) => columns.map((c) => text(c.value(r)))),
  ]);
}
