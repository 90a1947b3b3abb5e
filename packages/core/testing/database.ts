import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { CoreConfigInput, CoreHooks } from '../src/config.ts';
import { createGuichet, type Guichet } from '../src/guichet.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a maintenance database on the test server (to create and drop databases). */
    adminUrl: string;
    /** Name of the migrated template database that each test database is cloned from. */
    templateDatabase: string;
  }
}

/** Replaces the database name of a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs statements on the server's maintenance database. */
export async function adminQuery(adminUrl: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestGuichet extends Guichet {
  /** The test database's URL (for a test that loads rows in bulk, as a benchmark seeder would). */
  databaseUrl: string;
  /** Closes Guichet and drops its database. */
  dispose(): Promise<void>;
}

/**
 * A Guichet on its own fresh database, cloned from the migrated template (about 100 ms), so tests
 * never share rows or pg-boss jobs. The scheduler's workers are off unless asked for.
 */
export async function createTestGuichet(
  overrides: Partial<CoreConfigInput> = {},
  hooks: CoreHooks = {},
): Promise<TestGuichet> {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDatabase');
  const name = `guichet_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name} template ${template}`);
  const url = withDatabase(adminUrl, name);
  // Attachment files of this Guichet only, removed with its database.
  const files = await mkdtemp(join(tmpdir(), 'guichet-attachments-'));
  const guichet = await createGuichet(
    {
      database: { url },
      scheduler: { enabled: false },
      poolSize: 5,
      ...overrides,
      attachments: { dir: files, ...overrides.attachments },
      // Tests sign with a key of their own, never a key file in the working directory.
      webhooks: { secretKey: randomBytes(32).toString('base64'), ...overrides.webhooks },
    },
    hooks,
  );
  return Object.assign(guichet, {
    databaseUrl: url,
    async dispose() {
      await guichet.close();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
      await rm(files, { recursive: true, force: true });
    },
  });
}
