import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded.ts';

it('the embedded PostgreSQL logs failing statements without the personal data in them', async () => {
  // Given an embedded server of its own
  const dataDir = await mkdtemp(join(tmpdir(), 'guichet-log-'));
  const db = await startEmbeddedPostgres({ dataDir, create: true });
  try {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('create table people (email text primary key)');
      await client.query(`insert into people values ('camille.secret@insa-lyon.fr')`);
      // When a statement fails on a duplicate address (inline, as some ORMs send them)
      await expect(client.query(`insert into people values ('camille.secret@insa-lyon.fr')`)).rejects.toThrow(
        /duplicate key/,
      );
    } finally {
      await client.end();
    }
  } finally {
    await db.stop();
  }
  // Then the error is logged, but neither the statement nor the key's value
  const log = await readFile(join(dataDir, 'server.log'), 'utf8');
  expect(log).toContain('duplicate key value violates unique constraint');
  expect(log).not.toContain('camille.secret');
  await rm(dataDir, { recursive: true, force: true });
});
