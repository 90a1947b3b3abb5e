import type { Guichet } from '@guichet/core';
import { translate } from '@guichet/core';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import type { AppEnv } from './lib/app-env.ts';
import { type Counters, localCounters } from './lib/counters.ts';
import { defaultHook, errorHandler, type Logger } from './lib/error-handler.ts';
import { createMetrics } from './lib/metrics.ts';
import { type IssuerConfig, OidcVerifier } from './lib/oidc.ts';
import { languageOf, problem } from './lib/problem.ts';
import { requireToken } from './middleware/auth.ts';
import { idempotency } from './middleware/idempotency.ts';
import { rateLimits } from './middleware/rate-limit.ts';
import { OPENAPI_INFO } from './openapi.ts';
import { announcementsAllowAnonymous, registerAnnouncementRoutes } from './routes/announcements/index.ts';
import { allowsAnonymous, registerArticleRoutes } from './routes/articles/index.ts';
import { isUpload, registerAttachmentRoutes } from './routes/attachments/index.ts';
import { registerIdentityProviders } from './routes/auth/providers.ts';
import { registerCatalogueDocument } from './routes/catalogue/catalogue-document.ts';
import { registerDocs } from './routes/docs.ts';
import { registerStreamEvents } from './routes/events/stream-events.ts';
import { isIngestRequest, registerInboundMail } from './routes/mail/inbound-routes.ts';
import { registerMailOutbox } from './routes/mail/mail-outbox.ts';
import { registerMailTest } from './routes/mail/mail-test.ts';
import { registerGetMe } from './routes/me/get-me.ts';
import { registerNotificationPreferences } from './routes/me/notification-preferences.ts';
import { registerOrganisation } from './routes/organisation/organisation.ts';
import { registerPeople } from './routes/people/people.ts';
import { registerProblemRoutes } from './routes/problems/index.ts';
import { registerProblemsPage } from './routes/problems-page.ts';
import { registerReports } from './routes/reports/reports.ts';
import { registerRoutingRules } from './routes/routing/routing-rules.ts';
import { registerTicketServiceLevels } from './routes/service-levels/ticket-service-levels.ts';
import { registerListServices } from './routes/services/list-services.ts';
import { registerServiceRoutes } from './routes/services/service-routes.ts';
import { registerServiceSubscriptions } from './routes/subscriptions/subscriptions.ts';
import { registerTicketRoutes } from './routes/tickets/index.ts';
import { registerTokens } from './routes/tokens/tokens.ts';
import { registerWebhookRoutes } from './routes/webhooks/index.ts';

/** The promise's value, or null if it fails or takes longer than `ms`. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Request bodies above this size are refused (413) before being read. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  log?: Logger;
  /** Requests per minute allowed to one API token (default 1200). */
  rateLimitPerMinute?: number;
  /** Trusted OpenID Connect issuers; none means API tokens only. */
  oidcIssuers?: IssuerConfig[];
  /** Browser origins allowed to call the API (CORS), e.g. the portal's; none by default. */
  corsOrigins?: string[];
  /** Failed authentications allowed per client address and minute (default 60). */
  authFailuresPerMinute?: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (default false). */
  trustProxy?: boolean;
  /** Rate-limit counters; default: this process's (a cluster worker passes the supervisor's). */
  counters?: Counters;
}

/**
 * The HTTP application, without listen(), so tests drive it in-process with `app.request()`.
 * Routes only translate HTTP to core calls and back; every rule lives in core.
 */
export function createApp(guichet: Guichet, options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const log = options.log ?? (() => {});
  const counters = options.counters ?? localCounters();
  const app = new OpenAPIHono<AppEnv>({ defaultHook });
  const metrics = guichet ? createMetrics(guichet) : null;
  app.use(requestId({ headerName: 'X-Request-Id' }));
  if (options.corsOrigins?.length) {
    app.use(
      cors({
        origin: options.corsOrigins,
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowHeaders: [
          'Authorization',
          'Content-Type',
          'Accept-Language',
          'If-Match',
          'If-None-Match',
          'Idempotency-Key',
          'Last-Event-ID',
        ],
        exposeHeaders: ['ETag', 'X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Location'],
        maxAge: 600,
      }),
    );
  }
  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    log('info', 'request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
    });
  });
  if (metrics) app.use(metrics.middleware);
  app.use(async (c, next) => {
    c.set('guichet', guichet);
    c.set('lang', languageOf(c.req.header('Accept-Language')));
    await next();
    // Every response: no MIME sniffing, never framed, no referrer leaking ticket URLs.
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
  });
  app.onError(errorHandler(log));
  app.notFound((c) => problem(c, 'NOT_FOUND', translate(c.get('lang') ?? 'fr', 'api.not_found')));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    // A database that hangs must not hang the probe: every step is bounded.
    const database = await guichet.ping();
    const migrations = database ? await within(3_000, guichet.migrationStatus()) : null;
    const ready = database && migrations !== null && migrations.pending.length === 0;
    const jobs = ready ? await within(3_000, guichet.scheduler.queueDepth()) : null;
    return c.json(
      {
        status: ready ? 'ready' : 'not_ready',
        database: database ? 'reachable' : 'unreachable',
        pendingMigrations: migrations?.pending ?? null,
        jobs,
      },
      ready ? 200 : 503,
    );
  });

  app.get('/metrics', async (c) => {
    if (!metrics) return c.text('', 503);
    return c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
  });

  registerProblemsPage(app);
  registerDocs(app);

  app.use('/v1/*', async (c, next) => {
    await next();
    // API responses are one person's data (and sometimes a secret): never stored by a cache. Only
    // what an anonymous request got (the same for everyone) may say otherwise (announcements).
    const publicRead =
      !c.req.header('Authorization') && c.res.headers.get('Cache-Control')?.startsWith('public');
    if (!publicRead) c.header('Cache-Control', 'no-store');
  });
  const jsonBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => {
      // The rest of the body is never read: the connection cannot carry another request.
      c.header('Connection', 'close');
      return problem(
        c,
        'PAYLOAD_TOO_LARGE',
        translate(c.get('lang'), 'api.payload_too_large', { limit: MAX_BODY_BYTES }),
      );
    },
  });
  // File uploads stream to storage under their own limits (per file, per ticket) instead, and a
  // received mail may be larger: the ingest route streams it and keeps at most the gateway's limit.
  app.use('/v1/*', (c, next) =>
    isUpload(c.req.method, c.req.path) || isIngestRequest(c.req.method, c.req.path)
      ? next()
      : jsonBodyLimit(c, next),
  );
  registerIdentityProviders(app, options.oidcIssuers ?? []);
  app.use(
    '/v1/*',
    requireToken(new OidcVerifier(options.oidcIssuers ?? []), log, {
      failuresPerMinute: options.authFailuresPerMinute ?? 60,
      trustProxy: options.trustProxy ?? false,
      counters,
      anonymous: (c) =>
        allowsAnonymous(c.req.method, c.req.path) || announcementsAllowAnonymous(c.req.method, c.req.path),
    }),
  );
  app.use('/v1/*', ...rateLimits(options.rateLimitPerMinute ?? 1200, counters, options.trustProxy ?? false));
  // Idempotency reads the whole body to hash it: an upload refuses the header instead (see its
  // route), and a mail carries its own idempotency key (mailbox, Message-ID), which the gateway enforces.
  app.use('/v1/*', (c, next) =>
    isUpload(c.req.method, c.req.path) || isIngestRequest(c.req.method, c.req.path)
      ? next()
      : idempotency(c, next),
  );
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  registerGetMe(app);
  registerNotificationPreferences(app);
  registerServiceSubscriptions(app);
  registerListServices(app);
  registerServiceRoutes(app);
  registerCatalogueDocument(app);
  registerOrganisation(app);
  registerRoutingRules(app);
  registerTicketRoutes(app);
  registerTicketServiceLevels(app);
  registerReports(app);
  registerAttachmentRoutes(app);
  registerArticleRoutes(app);
  registerProblemRoutes(app);
  registerAnnouncementRoutes(app);
  registerStreamEvents(app);
  registerTokens(app);
  registerPeople(app);
  registerMailOutbox(app);
  registerMailTest(app);
  registerInboundMail(app);
  registerWebhookRoutes(app);
  app.doc31('/openapi.json', OPENAPI_INFO);
  return app;
}
