import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../packages/core/src/startup.ts';
import { startDovecot } from './dovecot.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Dovecot started for this run. */
    imap: { port: number; host: string; hostWithoutIdle: string; usersDir: string; configFile: string };
    /** A PostgreSQL database (the IMAP pollers' advisory locks). */
    databaseUrl: string;
  }
}

/**
 * The system tests' servers: a real Dovecot, started here and stopped by its pid, and PostgreSQL
 * (the server named by DATABASE_URL, or an embedded one in a temporary folder).
 */
export default async function setup(project: TestProject) {
  let stopPostgres: (() => Promise<void>) | null = null;
  let dataDir: string | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    dataDir = await mkdtemp(join(tmpdir(), 'guichet-system-pg-'));
    const embedded = await startEmbeddedPostgres({ dataDir, create: true });
    databaseUrl = embedded.adminUrl;
    stopPostgres = embedded.stop;
  }
  const dovecot = await startDovecot().catch(async (error) => {
    await stopPostgres?.();
    throw error;
  });
  project.provide('imap', {
    port: dovecot.port,
    host: dovecot.host,
    hostWithoutIdle: dovecot.hostWithoutIdle,
    usersDir: dovecot.usersDir,
    configFile: dovecot.configFile,
  });
  project.provide('databaseUrl', databaseUrl);
  return async () => {
    await dovecot.stop();
    if (stopPostgres) await stopPostgres();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
