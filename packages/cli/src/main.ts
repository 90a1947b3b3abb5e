import { run } from '@oclif/core';
import { reportError } from './lib/base.ts';
import { EXIT, toCliError } from './lib/errors.ts';

/**
 * `guichet`: runs oclif on argv with what a command line owes its callers. Errors that happen
 * outside a command (an unknown command or help subject) come out like the others: one line,
 * the person's language, the exit code of lib/errors.ts. A reader that closes the pipe early
 * (`guichet --help | head -1`) ends the run quietly with 0, like gh. Ctrl-C exits with 130.
 */
export async function main(argv: string[]): Promise<void> {
  // process.exit only here, at the edge: a closed pipe or Ctrl-C ends the run wherever it is.
  const closedPipe = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  };
  process.stdout.on('error', closedPipe);
  process.stderr.on('error', closedPipe);
  process.on('SIGINT', () => {
    // `guichet server start` stops its server itself on SIGINT: leave that to it.
    if (process.listenerCount('SIGINT') > 1) return;
    process.exit(EXIT.cancelled);
  });
  try {
    await run(argv, import.meta.url);
  } catch (error) {
    const oclif = (error as { code?: string; oclif?: { exit?: number } }).oclif;
    if ((error as { code?: string }).code === 'EEXIT') process.exitCode = oclif?.exit ?? EXIT.ok;
    else {
      const failure = toCliError(error instanceof Error ? error : new Error(String(error)));
      reportError(failure, argv.includes('--json'));
      process.exitCode = failure.exit;
    }
  }
  // Wait until stdout has taken everything (oclif's flush waits for a 'drain' that a pipe written
  // synchronously never emits, which left an unsettled await and exit 13).
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
}
