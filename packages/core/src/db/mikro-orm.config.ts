import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { ENTITIES } from './entities.ts';
import { MIGRATIONS } from './migrations/index.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Connection settings that keep a slow or hung database from hanging requests: a statement may run
 * `statementTimeoutMs`; the client stops waiting for an answer a second later (a server that no
 * longer answers cannot cancel anything); connecting and sitting idle in a transaction are bounded.
 */
export function boundedDriverOptions(statementTimeoutMs: number): Record<string, number> {
  return {
    statement_timeout: statementTimeoutMs,
    lock_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + 1_000,
    idle_in_transaction_session_timeout: Math.max(statementTimeoutMs * 3, 10_000),
    connectionTimeoutMillis: Math.min(statementTimeoutMs, 5_000),
  };
}

/**
 * The ORM configuration for a database URL. This is the only place the ORM is configured; the
 * migration scripts and `createGuichet` both go through it.
 */
export function ormConfig(clientUrl: string, overrides: Partial<Options> = {}): Options {
  // `?host=/var/run/postgresql` (libpq's way) names a Unix socket folder: cheaper than loopback TCP.
  const socket = new URL(clientUrl).searchParams.get('host');
  const driverOptions = socket
    ? { ...(overrides.driverOptions as Record<string, unknown> | undefined), host: socket }
    : overrides.driverOptions;
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    // Entities are defined with defineEntity: no reflection, no discovery cache needed.
    metadataCache: { enabled: false },
    pool: { min: 0, max: 10 },
    // One small query per relation instead of one wide join: a ticket with its eight relations
    // joined costs PostgreSQL ~20 ms just to plan (measured), select-in costs well under 1 ms each.
    loadStrategy: 'select-in',
    migrations: {
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      emit: 'ts',
      // The committed list is the source of truth: no file globbing at run time.
      migrationsList: MIGRATIONS,
      snapshot: true,
      snapshotOnMigrate: false,
      silent: true,
      allOrNothing: true,
    },
    // Each use case forks its own EntityManager.
    allowGlobalContext: false,
    ...overrides,
    ...(driverOptions ? { driverOptions } : {}),
  });
}
