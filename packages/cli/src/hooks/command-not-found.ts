import type { Hook } from '@oclif/core';
import { UsageError } from '../lib/errors.ts';

/**
 * An unknown command is a usage error (exit 3, never 2, which means "the plan differs"), said in one
 * line in the person's language, with the nearest command when one is close to what was typed.
 */
export const commandNotFound: Hook.CommandNotFound = async ({ id, config }) => {
  const typed = id.replaceAll(':', ' ');
  const suggestion = nearest(
    id,
    config.commandIDs.filter((c) => !c.startsWith('autocomplete:')),
  );
  throw suggestion
    ? UsageError.say('usage_unknown_command_suggest', {
        command: typed,
        suggestion: suggestion.replaceAll(':', ' '),
      })
    : UsageError.say('usage_unknown_command', { command: typed });
};

/** The command id within two edits of the typed one (Levenshtein), when there is exactly one nearest. */
export function nearest(typed: string, ids: string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  let tie = false;
  for (const id of ids) {
    const d = distance(typed, id);
    if (d < bestDistance) {
      best = id;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return tie ? null : best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}
