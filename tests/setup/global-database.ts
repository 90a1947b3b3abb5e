import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createGuichet, startEmbeddedPostgres } from '../../packages/core/src/index.ts';
import { adminQuery, withDatabase } from '../../packages/core/testing/database.ts';

/**
 * Integration tests run on a real PostgreSQL: the server named by DATABASE_URL (CI: 127.0.0.1:5432),
 * or else an embedded server started here in a temporary folder. A template database is migrated
 * once (so the migrations are exercised on every run) and each test file clones it.
 */
export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let dataDir: string | null = null;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    dataDir = await mkdtemp(join(tmpdir(), 'guichet-test-pg-'));
    const embedded = await startEmbeddedPostgres({ dataDir, create: true });
    adminUrl = embedded.adminUrl;
    stopEmbedded = embedded.stop;
  }
  const template = `guichet_template_${process.pid}`;
  await adminQuery(
    adminUrl,
    `drop database if exists ${template} with (force)`,
    `create database ${template}`,
  );
  const guichet = await createGuichet({
    database: { url: withDatabase(adminUrl, template) },
    scheduler: { enabled: false },
  });
  await guichet.close();
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    await adminQuery(adminUrl, `drop database if exists ${template} with (force)`);
    if (stopEmbedded) await stopEmbedded();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
