/**
 * `npm start`: starts core (embedded PostgreSQL unless DATABASE_URL is set, migrations, demo
 * catalogue on first start, scheduler) and serves HTTP until SIGINT/SIGTERM, then stops cleanly.
 * What keeps it from starting (configuration, data folder, database, port) is one line on stderr
 * and exit code 1.
 */

import type { Server } from 'node:net';
import { activeDemoPeople, createGuichet, type Guichet } from '@guichet/core';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { coreConfigFrom, type Env, readEnv } from './env.ts';
import { createLogger } from './lib/logger.ts';
import { ListenError, reportStartupError } from './lib/start-up.ts';

const log = createLogger();

/** Starts Guichet and listens; the HTTP server once it listens. */
async function start(env: Env, guichet: Guichet): Promise<Server> {
  const server = serve({
    fetch: createApp(guichet, {
      log,
      oidcIssuers: env.GUICHET_OIDC_ISSUERS,
      corsOrigins: env.GUICHET_CORS_ORIGINS,
      rateLimitPerMinute: env.GUICHET_RATE_LIMIT,
      authFailuresPerMinute: env.GUICHET_AUTH_FAILURE_LIMIT,
      trustProxy: env.GUICHET_TRUST_PROXY === '1',
    }).fetch,
    hostname: env.HOST,
    port: env.PORT,
  }) as Server;
  await new Promise<void>((ok, fail) => {
    server.once('listening', ok);
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.syscall === 'listen' ? new ListenError(env.HOST, env.PORT, error.code ?? '') : error),
    );
  });
  const address = server.address();
  log('info', 'Guichet is listening', {
    url: `http://${env.HOST}:${typeof address === 'object' && address ? address.port : env.PORT}`,
    database: env.DATABASE_URL ? 'external' : 'embedded',
  });
  return server;
}

let guichet: Guichet | null = null;
let server: Server | null = null;
try {
  const env = readEnv();
  guichet = await createGuichet(coreConfigFrom(env, { createCluster: true }), { log });
  const demoPeople = await activeDemoPeople(guichet.catalogue);
  if (demoPeople.length > 0) {
    log('warn', 'the demo people exist in this database; deactivate them before real use', {
      people: demoPeople,
    });
  }
  server = await start(env, guichet);
} catch (error) {
  await guichet?.close();
  reportStartupError(error);
}

let stopping = false;
async function stop(signal: string, listening: Server, running: Guichet) {
  if (stopping) return;
  stopping = true;
  log('info', 'stopping', { signal });
  const closed = new Promise<void>((resolve) => listening.close(() => resolve()));
  // Event streams never end by themselves: close them too.
  if ('closeAllConnections' in listening)
    (listening as { closeAllConnections(): void }).closeAllConnections();
  await closed;
  await running.close();
  log('info', 'stopped');
}
if (server && guichet) {
  const [listening, running] = [server, guichet];
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stop(signal, listening, running).then(
        () => process.exit(0),
        (error: unknown) => {
          log('error', 'unclean stop', { error: String(error) });
          process.exit(1);
        },
      );
    });
  }
}

/** False when the server did not start (the reason is already on stderr). */
export const started = server !== null;
