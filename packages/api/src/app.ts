import type { Guichet } from '@guichet/core';
import { Hono } from 'hono';

/**
 * The HTTP application, without listen() so tests drive it in-process with `app.request()`.
 * For now: liveness and readiness. The /v1 resources come with the API issue.
 */
export function createApp(guichet: Guichet): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const database = await guichet.ping();
    const migrations = database ? await guichet.migrationStatus() : null;
    const ready = database && migrations !== null && migrations.pending.length === 0;
    return c.json(
      {
        status: ready ? 'ready' : 'not_ready',
        database: database ? 'reachable' : 'unreachable',
        pendingMigrations: migrations?.pending ?? null,
        jobs: ready ? await guichet.scheduler.queueDepth() : null,
      },
      ready ? 200 : 503,
    );
  });
  return app;
}
