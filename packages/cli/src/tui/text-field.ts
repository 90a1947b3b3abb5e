import type { Press } from './keys.ts';

/** A line of text being typed, with its cursor (in characters, not UTF-16 units). */
export interface TextField {
  value: string;
  cursor: number;
}

export const textField = (value = ''): TextField => ({ value, cursor: [...value].length });

/**
 * Applies one key to a text field: printable characters are inserted at the cursor, Backspace
 * and Delete remove the character before it, ←/→, Home/End (or Ctrl-A/Ctrl-E) move it; Ctrl-U
 * clears the line. Returns null for keys that are not editing keys (Enter, Esc, Tab, ↑/↓).
 */
export function editText(field: TextField, { input, key }: Press): TextField | null {
  const chars = [...field.value];
  if (key.backspace || key.delete) {
    if (field.cursor === 0) return field;
    chars.splice(field.cursor - 1, 1);
    return { value: chars.join(''), cursor: field.cursor - 1 };
  }
  if (key.leftArrow) return { ...field, cursor: Math.max(0, field.cursor - 1) };
  if (key.rightArrow) return { ...field, cursor: Math.min(chars.length, field.cursor + 1) };
  if (key.home || (key.ctrl && input === 'a')) return { ...field, cursor: 0 };
  if (key.end || (key.ctrl && input === 'e')) return { ...field, cursor: chars.length };
  if (key.ctrl && input === 'u') return textField('');
  if (key.return || key.escape || key.tab || key.upArrow || key.downArrow || key.ctrl || key.meta)
    return null;
  if (!input || /\p{Cc}/u.test(input)) return null;
  const typed = [...input];
  chars.splice(field.cursor, 0, ...typed);
  return { value: chars.join(''), cursor: field.cursor + typed.length };
}
