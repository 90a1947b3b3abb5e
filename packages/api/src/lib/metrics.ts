import type { Guichet } from '@guichet/core';
import type { MiddlewareHandler } from 'hono';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppEnv } from './app-env.ts';

/**
 * Prometheus metrics of one app: request counts and latencies by route pattern (not by URL, to keep
 * cardinality bounded) and, read at scrape time, the depth of the job queues and the backlog and
 * breaches per top-level service (from the reports' rollup).
 */
export function createMetrics(guichet: Guichet) {
  const registry = new Registry();
  const requests = new Counter({
    name: 'guichet_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'guichet_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'guichet_job_queue_depth',
    help: 'Jobs waiting or running, by queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      for (const [queue, depth] of Object.entries(await guichet.scheduler.queueDepth()))
        this.set({ queue }, depth);
    },
  });
  // Business gauges for the group's dashboards: counts per top-level service, nothing of any ticket.
  let gauges: Promise<{ service: string; backlog: number; breached: number }[]> | null = null;
  const readGauges = () => {
    // Both gauges of one scrape share one read.
    gauges ??= guichet.reports.gauges().finally(() => setTimeout(() => (gauges = null), 0));
    return gauges;
  };
  new Gauge({
    name: 'guichet_backlog_tickets',
    help: 'Tickets open now (new, assigned or pending), by top-level service',
    labelNames: ['service'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const g of await readGauges()) this.set({ service: g.service }, g.backlog);
    },
  });
  new Gauge({
    name: 'guichet_breached_tickets',
    help: 'Open tickets past their first-response or resolution target now, by top-level service',
    labelNames: ['service'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const g of await readGauges()) this.set({ service: g.service }, g.breached);
    },
  });
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const start = performance.now();
    await next();
    const route = c.req.routePath || 'unmatched';
    requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    duration.observe({ method: c.req.method, route }, (performance.now() - start) / 1000);
  };
  return { registry, middleware };
}
