/**
 * `npm run db:migrate [-- --status]`: applies pending migrations (or lists them) on DATABASE_URL, or
 * on the embedded database in GUICHET_DATA_DIR (default .guichet/data) when DATABASE_URL is unset.
 * It never creates a cluster: only the server's start does, and a migration run elsewhere would
 * migrate a database no server uses. Without one, it says where it looked and exits 1.
 */
import { resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { ormConfig } from '../src/db/mikro-orm.config.ts';
import { unreachableDatabase } from '../src/db/unreachable.ts';
import { isStartupError } from '../src/errors.ts';
import { languageOfLocale } from '../src/i18n/messages.ts';

const statusOnly = process.argv.includes('--status');

async function migrate(url: string) {
  const orm = await MikroORM.init(ormConfig(url));
  try {
    if (statusOnly) {
      for (const m of await orm.migrator.getExecuted()) console.log(`applied  ${m.name}`);
      for (const m of await orm.migrator.getPending()) console.log(`pending  ${m.name}`);
    } else {
      const applied = await orm.migrator.up();
      console.log(
        applied.length === 0
          ? 'Database is up to date.'
          : applied.map((m) => `applied  ${m.name}`).join('\n'),
      );
    }
  } catch (error) {
    throw unreachableDatabase(url, error) ?? error;
  } finally {
    await orm.close();
  }
}

let embedded: EmbeddedDatabase | null = null;
try {
  if (process.env.DATABASE_URL) await migrate(process.env.DATABASE_URL);
  else {
    embedded = await startEmbeddedPostgres({
      dataDir: resolve(process.env.GUICHET_DATA_DIR || '.guichet/data'),
    });
    await migrate(embedded.url);
  }
} catch (error) {
  if (!isStartupError(error)) throw error;
  const { GUICHET_LANG, LC_ALL, LC_MESSAGES, LANG } = process.env;
  process.stderr.write(
    `guichet: ${error.localized(languageOfLocale(GUICHET_LANG ?? LC_ALL ?? LC_MESSAGES ?? LANG))}\n`,
  );
  process.exitCode = 1;
} finally {
  await embedded?.stop();
}
