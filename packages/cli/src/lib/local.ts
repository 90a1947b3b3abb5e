import type { Guichet } from '@guichet/core';
import { CliError } from './errors.ts';
import { cliLanguage } from './messages.ts';

/**
 * The local admin topics work on the server machine, straight on core: the database of
 * DATABASE_URL, or the embedded one in GUICHET_DATA_DIR (shared with a running server). They never
 * create a cluster: without the server's, they say which folder they looked in and how to name it.
 */
export async function withLocalGuichet<T>(
  options: { migrate: boolean },
  work: (guichet: Guichet) => Promise<T>,
): Promise<T> {
  const [{ coreConfigFrom, readEnv, startupMessage }, { createGuichet, isDomainError }] = await Promise.all([
    import('@guichet/api'),
    import('@guichet/core'),
  ]);
  let guichet: Guichet;
  try {
    guichet = await createGuichet({
      ...coreConfigFrom(readEnv()),
      seedDemo: false,
      migrate: options.migrate,
      scheduler: { enabled: false },
    });
  } catch (error) {
    const message = startupMessage(error, cliLanguage());
    if (message === null) throw error;
    throw new CliError(message);
  }
  try {
    return await work(guichet);
  } catch (error) {
    if (isDomainError(error)) throw new CliError(error.localized(cliLanguage()));
    throw error;
  } finally {
    await guichet.close();
  }
}
