/**
 * Generates the next migration from the difference between the entities and the committed snapshot,
 * on a throwaway embedded PostgreSQL, then registers it in `migrations/index.ts`.
 * Usage: npm run migration:create -- <name>
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { ormConfig } from '../src/db/mikro-orm.config.ts';

const name = process.argv[2];
const dataDir = await mkdtemp(join(tmpdir(), 'guichet-migration-'));
const db = await startEmbeddedPostgres({ dataDir });
try {
  const orm = await MikroORM.init(ormConfig(db.url));
  try {
    await orm.migrator.up();
    const result = await orm.migrator.create(undefined, false, false, name);
    if (!result.fileName) {
      console.log('No schema change: nothing generated.');
    } else {
      const indexPath = new URL('../src/db/migrations/index.ts', import.meta.url);
      const className = basename(result.fileName).replace(/\.ts$/, '');
      const index = await readFile(indexPath, 'utf8');
      const withImport = `import { ${className} } from './${className}.ts';\n${index}`;
      await writeFile(indexPath, withImport.replace(/\];\s*$/, `, ${className}];\n`));
      console.log(`Generated ${result.fileName}:\n${result.code}`);
    }
  } finally {
    await orm.close();
  }
} finally {
  await db.stop();
  await rm(dataDir, { recursive: true, force: true });
}
