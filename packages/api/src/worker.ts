/**
 * One API worker process, started by the supervisor (`server.ts`) with node:cluster: core on the
 * database the supervisor names, the HTTP app on the port all workers share. The supervisor tells
 * it its part: the first applies migrations and loads the demo catalogue, and one runs the
 * scheduler's workers. What keeps it from starting is one line on stderr and exit code 1.
 */
import type { Server } from 'node:net';
import { activeDemoPeople, createGuichet, type Guichet } from '@guichet/core';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { coreConfigFrom, readEnv } from './env.ts';
import { clusterCounters } from './lib/counters.ts';
import { createLogger } from './lib/logger.ts';
import { ListenError, reportStartupError } from './lib/start-up.ts';

const log = createLogger();
const role = {
  migrate: process.env.GUICHET_WORKER_MIGRATE === '1',
  scheduler: process.env.GUICHET_WORKER_SCHEDULER === '1',
};

let guichet: Guichet | null = null;
let server: Server | null = null;
try {
  const env = readEnv();
  const config = coreConfigFrom(env);
  guichet = await createGuichet(
    {
      ...config,
      migrate: role.migrate,
      seedDemo: role.migrate && config.seedDemo,
      scheduler: { enabled: role.scheduler },
    },
    { log },
  );
  if (role.migrate) {
    const demoPeople = await activeDemoPeople(guichet.catalogue);
    if (demoPeople.length > 0) {
      log('warn', 'the demo people exist in this database; deactivate them before real use', {
        people: demoPeople,
      });
    }
  }
  const listening = serve({
    fetch: createApp(guichet, {
      log,
      oidcIssuers: env.GUICHET_OIDC_ISSUERS,
      corsOrigins: env.GUICHET_CORS_ORIGINS,
      rateLimitPerMinute: env.GUICHET_RATE_LIMIT,
      authFailuresPerMinute: env.GUICHET_AUTH_FAILURE_LIMIT,
      trustProxy: env.GUICHET_TRUST_PROXY === '1',
      counters: clusterCounters(),
    }).fetch,
    hostname: env.HOST,
    port: env.PORT,
  }) as Server;
  await new Promise<void>((ok, fail) => {
    listening.once('listening', ok);
    listening.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.syscall === 'listen' ? new ListenError(env.HOST, env.PORT, error.code ?? '') : error),
    );
  });
  server = listening;
  const address = listening.address();
  process.send?.({
    guichet: 'ready',
    port: typeof address === 'object' && address ? address.port : env.PORT,
  });
} catch (error) {
  await guichet?.close().catch(() => {});
  reportStartupError(error);
  process.exit(process.exitCode ?? 1);
}

let stopping = false;
async function stop(reason: string) {
  if (stopping || !server || !guichet) return;
  stopping = true;
  log('info', 'worker stopping', { reason });
  const listening = server;
  const closed = new Promise<void>((resolve) => listening.close(() => resolve()));
  // Event streams never end by themselves: close them too.
  if ('closeAllConnections' in listening)
    (listening as { closeAllConnections(): void }).closeAllConnections();
  await closed;
  await guichet.close();
}
const exitAfter = (reason: string) =>
  stop(reason).then(
    () => process.exit(0),
    (error: unknown) => {
      log('error', 'unclean stop', { error: String(error) });
      process.exit(1);
    },
  );
// Ctrl-C reaches every process of the terminal's group; the supervisor also asks by message.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => exitAfter(signal));
process.on('message', (message: unknown) => {
  if ((message as { guichet?: string })?.guichet === 'stop') void exitAfter('supervisor');
});
process.on('disconnect', () => void exitAfter('supervisor gone'));
