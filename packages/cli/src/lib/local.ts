import type { Guichet } from '@guichet/core';
import { CliError } from './errors.ts';
import { cliLanguage } from './messages.ts';

/**
 * The local admin topics work on the server machine, straight on core: the database of
 * DATABASE_URL, or the embedded one in GUICHET_DATA_DIR (shared with a running server).
 */
export async function withLocalGuichet<T>(
  options: { migrate: boolean },
  work: (guichet: Guichet) => Promise<T>,
): Promise<T> {
  const [{ coreConfigFrom, readEnv }, { createGuichet, isDomainError }] = await Promise.all([
    import('@guichet/api'),
    import('@guichet/core'),
  ]);
  let env: ReturnType<typeof readEnv>;
  try {
    env = readEnv();
  } catch (error) {
    throw new CliError((error as Error).message.replace(/\n\s*/g, ' '));
  }
  const guichet = await createGuichet({
    ...coreConfigFrom(env),
    seedDemo: false,
    migrate: options.migrate,
    scheduler: { enabled: false },
  });
  try {
    return await work(guichet);
  } catch (error) {
    if (isDomainError(error)) throw new CliError(error.localized(cliLanguage()));
    throw error;
  } finally {
    await guichet.close();
  }
}
