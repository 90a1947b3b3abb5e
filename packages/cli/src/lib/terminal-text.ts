/**
 * Escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, DCS/PM/APC strings, two-character
 * `ESC x`), in their 7-bit and 8-bit (C1) forms: removed whole, so nothing of them shows.
 */
const SEQUENCES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -~]?/g;
/**
 * What remains that a terminal would act on: C0 controls but the line feed and tab, DEL, C1
 * controls, and the bidirectional overrides and isolates that reorder what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text written by someone else (a ticket, an article) made inert for a terminal: escape sequences
 * and control characters removed, CR LF (or a lone CR, which would overwrite the line) read as LF, a
 * tab as spaces. Line feeds stay.
 * @example inert('\x1b[31mrouge\x1b[0m\r\n') // 'rouge\n'
 */
export function inert(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(SEQUENCES, '').replace(/\t/g, '    ').replace(CONTROLS, '');
}

/** Every string of an API answer made inert (see `inert`), the rest as it is. */
export function inertDeep<T>(value: T): T {
  if (typeof value === 'string') return inert(value) as T;
  if (Array.isArray(value)) return value.map(inertDeep) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inertDeep(v)])) as T;
  return value;
}
