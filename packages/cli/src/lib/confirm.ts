import { createInterface } from 'node:readline/promises';
import { cliLanguage } from './messages.ts';

/** Whether a person is there to answer a question: standard input and standard error are terminals. */
export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

const YES = { fr: ['o', 'oui', 'y', 'yes'], en: ['y', 'yes'] } as const;

/**
 * Asks a yes/no question on stderr (stdout stays for data) and reads one line; only an explicit
 * yes counts (`o`/`oui` in French, `y`/`yes` in both), anything else, an empty line or the end of
 * input is no.
 * @example if (!(await confirm('Supprimer ? [o/N] '))) return;
 */
export async function confirm(
  question: string,
  streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = {
    input: process.stdin,
    output: process.stderr,
  },
): Promise<boolean> {
  const rl = createInterface({ input: streams.input, output: streams.output, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('close', () => resolve(''));
      rl.question(question).then(resolve, () => resolve(''));
    });
    return (YES[cliLanguage()] as readonly string[]).includes(answer.trim().toLowerCase());
  } finally {
    rl.close();
  }
}
