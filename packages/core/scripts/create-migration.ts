/**
 * Generates the next migration from the difference between the entities and the committed snapshot,
 * on a throwaway embedded PostgreSQL, then registers it in `migrations/index.ts`.
 * Usage: npm run migration:create -- <name>
 *        npm run migration:check   (CI: fails when the entities changed without a migration)
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { ormConfig } from '../src/db/mikro-orm.config.ts';

const check = process.argv.includes('--check');
const name = process.argv.slice(2).find((a) => !a.startsWith('--'));
const dataDir = await mkdtemp(join(tmpdir(), 'guichet-migration-'));
const db = await startEmbeddedPostgres({ dataDir, create: true });
try {
  const orm = await MikroORM.init(ormConfig(db.url));
  try {
    await orm.migrator.up();
    if (check) {
      const drift = await orm.migrator.checkSchema();
      console.log(
        drift
          ? 'The entities differ from the migrations: run npm run migration:create.'
          : 'Migrations match the entities.',
      );
      process.exitCode = drift ? 1 : 0;
    } else {
      const result = await orm.migrator.create(undefined, false, false, name);
      if (!result.fileName) {
        console.log('No schema change: nothing generated.');
      } else {
        const indexPath = new URL('../src/db/migrations/index.ts', import.meta.url);
        const className = basename(result.fileName).replace(/\.ts$/, '');
        const index = await readFile(indexPath, 'utf8');
        const withImport = `import { ${className} } from './${className}.ts';\n${index}`;
        await writeFile(indexPath, withImport.replace(/,?\s*\];\s*$/, `,\n  ${className},\n];\n`));
        console.log(`Generated ${result.fileName}:\n${result.code}`);
      }
    }
  } finally {
    await orm.close();
  }
} finally {
  await db.stop();
  await rm(dataDir, { recursive: true, force: true });
}
