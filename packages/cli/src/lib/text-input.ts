import { readStdin } from './base.ts';
import { CliError } from './errors.ts';
import { t } from './messages.ts';

/** A long text flag: its value, or standard input when the value is `-`. */
export async function textFlag(flag: string, value: string | undefined): Promise<string | undefined> {
  if (value !== '-') return value;
  const text = (await readStdin()).trim();
  if (!text) throw new CliError(t('stdin_empty', { flag: `--${flag}` }));
  return text;
}
