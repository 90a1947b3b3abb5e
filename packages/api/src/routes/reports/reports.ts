import { REPORT_DIMENSIONS, REPORT_NAMES, type ReportFilters, type ReportResult } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { stringify } from 'csv-stringify/sync';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';

const FILTER_DIMENSIONS = REPORT_DIMENSIONS.filter((d) => d !== 'day');

const commaList = (description: string, example?: string) =>
  z
    .string()
    .max(2000)
    .optional()
    .openapi({ description, ...(example ? { example } : {}) });

export const ReportQuerySchema = z.object({
  from: z
    .string()
    .openapi({ description: 'First day, included (YYYY-MM-DD, Europe/Paris)', example: '2026-01-01' }),
  to: z
    .string()
    .openapi({ description: 'Last day, included (at most three years after from)', example: '2026-12-31' }),
  by: commaList(`Comma-separated groups among ${REPORT_DIMENSIONS.join(', ')}`, 'service,establishment'),
  ...Object.fromEntries(
    FILTER_DIMENSIONS.map((d) => [d, commaList(`Only these ${d} values (comma-separated codes or values)`)]),
  ),
});

const ParamsSchema = z.object({
  name: z.enum(REPORT_NAMES).openapi({ param: { name: 'name', in: 'path' }, example: 'volume' }),
});

export const ReportSchema = z
  .object({
    name: z.enum(REPORT_NAMES),
    from: z.string(),
    to: z.string(),
    by: z.array(z.enum(REPORT_DIMENSIONS)),
    columns: z
      .array(z.string())
      .openapi({ description: 'The grouping dimensions, then the figures, in order' }),
    rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  })
  .openapi('Report', {
    example: {
      name: 'volume',
      from: '2026-01-01',
      to: '2026-12-31',
      by: ['service'],
      columns: ['service', 'created', 'resolved', 'closed', 'reopened', 'rejected', 'escalated'],
      rows: [
        {
          service: 'moodle',
          created: 412,
          resolved: 398,
          closed: 380,
          reopened: 9,
          rejected: 2,
          escalated: 14,
        },
      ],
    },
  });

const route = createRoute({
  method: 'get',
  path: '/v1/reports/{name}',
  operationId: 'getReport',
  tags: ['reports'],
  summary:
    'A named report over a period, grouped and filtered by service, establishment, team… (staff: moderators their services, technicians their teams, functional admins everything). JSON, or CSV with Accept: text/csv',
  request: { params: ParamsSchema, query: ReportQuerySchema },
  responses: {
    200: {
      description: 'The report (see docs/reports.md for each report’s figures)',
      content: {
        'application/json': { schema: ReportSchema },
        'text/csv': {
          schema: z.string().openapi({ description: 'A header line (the columns), then one line per row' }),
        },
      },
    },
    ...problemResponses,
  },
});

/** The report as CSV: the columns as header, empty cells for nulls. */
export function reportCsv(report: ReportResult): string {
  return stringify(
    report.rows.map((r) => report.columns.map((c) => r[c] ?? '')),
    { header: true, columns: report.columns, eof: true },
  );
}

/** Wants CSV when text/csv is accepted and application/json is not preferred to it. */
function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const quality = (type: string) => {
    for (const part of accept.split(',')) {
      const [media, ...params] = part.trim().split(';');
      if (media?.trim().toLowerCase() !== type) continue;
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return q ? Number(q.slice(2)) || 0 : 1;
    }
    return 0;
  };
  const csv = quality('text/csv');
  return csv > 0 && csv >= quality('application/json');
}

export function registerReports(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { name } = c.req.valid('param');
    const { from, to, by, ...rest } = c.req.valid('query') as Record<string, string | undefined>;
    // Lists arrive as text; core validates every value and names the field on error.
    const list = (v: string) => v.split(',').map((s) => s.trim());
    const filters = Object.fromEntries(
      FILTER_DIMENSIONS.filter((d) => rest[d] !== undefined).map((d) => [d, list(rest[d]!)]),
    ) as ReportFilters;
    const report = await c.get('guichet').reports.report(c.get('caller'), {
      name,
      from: from!,
      to: to!,
      by: (by ? list(by) : []) as never,
      filters,
    });
    c.header('Cache-Control', 'private, no-store');
    c.header('Vary', 'Accept, Authorization');
    if (wantsCsv(c.req.header('Accept'))) {
      c.header('Content-Disposition', `attachment; filename="${name}-${report.from}-${report.to}.csv"`);
      return c.body(reportCsv(report), 200, { 'Content-Type': 'text/csv; charset=utf-8' }) as never;
    }
    return c.json(ReportSchema.parse(report), 200);
  });
}
