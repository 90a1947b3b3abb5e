/**
 * `npm run db:migrate [-- --status]`: applies pending migrations (or lists them) on DATABASE_URL, or
 * on the embedded database in GUICHET_DATA_DIR (default .guichet/data) when DATABASE_URL is unset.
 */
import { resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { ormConfig } from '../src/db/mikro-orm.config.ts';

const statusOnly = process.argv.includes('--status');
let embedded: EmbeddedDatabase | null = null;
let url = process.env.DATABASE_URL;
if (!url) {
  embedded = await startEmbeddedPostgres({
    dataDir: resolve(process.env.GUICHET_DATA_DIR ?? '.guichet/data'),
  });
  url = embedded.url;
}
try {
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
  } finally {
    await orm.close();
  }
} finally {
  await embedded?.stop();
}
