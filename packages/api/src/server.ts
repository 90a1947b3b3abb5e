/**
 * `npm start`: starts core (embedded PostgreSQL unless DATABASE_URL is set, migrations, demo
 * catalogue on first start, scheduler) and serves HTTP until SIGINT/SIGTERM, then stops cleanly.
 */

import { activeDemoPeople, createGuichet } from '@guichet/core';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { coreConfigFrom, readEnv } from './env.ts';
import { createLogger } from './lib/logger.ts';

const log = createLogger();

const env = readEnv();
const guichet = await createGuichet(coreConfigFrom(env), { log });
const demoPeople = await activeDemoPeople(guichet.catalogue);
if (demoPeople.length > 0) {
  log('warn', 'the demo people exist in this database; deactivate them before real use', {
    people: demoPeople,
  });
}
const server = serve(
  {
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
  },
  (info) => {
    log('info', 'Guichet is listening', {
      url: `http://${env.HOST}:${info.port}`,
      database: env.DATABASE_URL ? 'external' : 'embedded',
    });
  },
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log('info', 'stopping', { signal });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Event streams never end by themselves: close them too.
  if ('closeAllConnections' in server) server.closeAllConnections();
  await closed;
  await guichet.close();
  log('info', 'stopped');
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        log('error', 'unclean stop', { error: String(error) });
        process.exit(1);
      },
    );
  });
}
