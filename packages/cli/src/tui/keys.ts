import type { Key } from 'ink';

/** One key press: what Ink's useInput gives, one key at a time. */
export interface Press {
  input: string;
  key: Partial<Key>;
}

const SPECIAL: (keyof Key)[] = [
  'upArrow',
  'downArrow',
  'leftArrow',
  'rightArrow',
  'pageUp',
  'pageDown',
  'home',
  'end',
  'return',
  'escape',
  'tab',
  'backspace',
  'delete',
  'ctrl',
  'meta',
];

/**
 * The key presses in one read of the terminal. Ink splits escape sequences (three arrows sent at
 * once are three events) but hands plain text over as one string (`jjj`, or `jj` and Enter): typed
 * quickly or sent by a script, each character is a key of its own here, Enter and Tab included.
 */
export function splitKeys(input: string, key: Partial<Key>): Press[] {
  const chars = [...input];
  if (chars.length <= 1 || SPECIAL.some((k) => k !== 'return' && key[k])) {
    // Ink names "\n" `enter`, not `return`: both are Enter here.
    const enter = input === '\n' || input === '\r';
    return [{ input: enter ? '' : input, key: enter ? { ...key, return: true } : key }];
  }
  return chars.map((ch) => {
    if (ch === '\r' || ch === '\n') return { input: '', key: { return: true } };
    if (ch === '\t') return { input: '', key: { tab: true } };
    if (ch === '\x7f' || ch === '\b') return { input: '', key: { backspace: true } };
    return { input: ch, key: /^\p{Lu}$/u.test(ch) ? { shift: true } : {} };
  });
}
