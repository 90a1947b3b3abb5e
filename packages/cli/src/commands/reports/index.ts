import { REPORT_DIMENSIONS, REPORT_NAMES } from '@guichet/core';
import { Args, Flags } from '@oclif/core';
import { callApi } from '../../lib/api.ts';
import { GuichetCommand } from '../../lib/base.ts';
import { bars, sparkline } from '../../lib/charts.ts';
import { UsageError } from '../../lib/errors.ts';
import { reportHeading, t } from '../../lib/messages.ts';
import { renderTable } from '../../lib/output.ts';

type Value = string | number | null;
interface Report {
  name: string;
  from: string;
  to: string;
  by: string[];
  columns: string[];
  rows: Record<string, Value>[];
}

/** The filter options: one per dimension but `day`, a comma list each (kebab-case on the command line). */
const FILTERS = REPORT_DIMENSIONS.filter((d) => d !== 'day').map((d) => ({
  dimension: d,
  flag: d.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
}));

/** A local day as YYYY-MM-DD, `days` before today. */
const dayBefore = (days: number, now = new Date()) => {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayFlag = (description: string) =>
  Flags.custom<string>({
    description,
    helpValue: 'YYYY-MM-DD',
    parse: async (input, _context, flag) => {
      if (!DAY.test(input.trim()))
        throw UsageError.say('date_invalid', {
          field: `--${flag.name}`,
          value: input,
          why: t('date_unreadable'),
        });
      return input.trim();
    },
  })();

/**
 * Lines under the table: by day only (or the backlog), a sparkline per figure; by day and groups, a
 * sparkline of the first figure per group; by one group, bars of the first figure; else nothing.
 */
export function reportCharts(report: Report): string[] {
  const groups = report.by.filter((d) => d !== 'day');
  const figures = report.columns.filter(
    (c) =>
      !report.by.includes(c as never) && c !== 'day' && report.rows.some((r) => typeof r[c] === 'number'),
  );
  if (report.rows.length === 0 || figures.length === 0) return [];
  const byDay = report.by.includes('day') || report.name === 'backlog';
  if (byDay && groups.length === 0) {
    const labels = figures.map(reportHeading);
    const width = Math.max(...labels.map((l) => [...l].length));
    return figures.map((f, i) => {
      const values = report.rows.map((r) => r[f] ?? null);
      const numbers = values.filter((v): v is number => typeof v === 'number');
      return `${labels[i]!.padEnd(width)}  ${sparkline(values)}  ${Math.min(...numbers)}–${Math.max(...numbers)}`;
    });
  }
  if (byDay) {
    // By day and by groups: one sparkline of the first figure per group, over its days.
    const figure = figures[0]!;
    const series = new Map<string, Value[]>();
    for (const r of report.rows) {
      const key = groups.map((g) => String(r[g] ?? '—')).join(' · ');
      series.set(key, [...(series.get(key) ?? []), r[figure] ?? null]);
    }
    const width = Math.max(...[...series.keys()].map((k) => [...k].length));
    return [
      reportHeading(figure),
      ...[...series].map(([key, values]) => {
        const numbers = values.filter((v): v is number => typeof v === 'number');
        const range = numbers.length ? `${Math.min(...numbers)}–${Math.max(...numbers)}` : '—';
        return `${key.padEnd(width)}  ${sparkline(values)}  ${range}`;
      }),
    ];
  }
  if (groups.length === 1) {
    const group = groups[0]!;
    const figure = figures[0]!;
    const labels = report.rows.map((r) => String(r[group] ?? '—'));
    const width = Math.max(...labels.map((l) => [...l].length));
    const drawn = bars(report.rows.map((r) => r[figure] ?? null));
    return [
      reportHeading(figure),
      ...report.rows.map((r, i) => `${labels[i]!.padEnd(width)}  ${drawn[i]} ${r[figure] ?? '—'}`.trimEnd()),
    ];
  }
  return [];
}

export default class Reports extends GuichetCommand<typeof Reports> {
  static override summary =
    'A named report over a period: volume, backlog, times, quality, providers, affiliation, knowledge-base (staff)';
  static override description =
    'Grouped with --by and filtered per dimension (comma lists); the rows as a table, with a sparkline per figure by day or bars by one group; --csv and --json give the API’s CSV or JSON as they are. See docs/reports.md.';
  static override examples = [
    '<%= config.bin %> reports volume --from 2026-01-01 --to 2026-12-31 --by service,establishment',
    '<%= config.bin %> reports backlog --service moodle,chat',
    '<%= config.bin %> reports times --by team --csv > times.csv',
  ];
  static override args = {
    name: Args.string({ description: 'Report name', required: true, options: [...REPORT_NAMES] }),
  };
  static override flags = {
    from: dayFlag('First day, included (default: 30 days ago)'),
    to: dayFlag('Last day, included (default: today)'),
    by: Flags.string({ description: `Comma-separated groups among ${REPORT_DIMENSIONS.join(', ')}` }),
    ...Object.fromEntries(
      FILTERS.map(({ dimension, flag }) => [
        flag,
        Flags.string({ description: `Only these ${dimension} values (comma-separated)` }),
      ]),
    ),
    csv: Flags.boolean({
      description: 'The API’s CSV (a header line, then one line per row)',
      exclusive: ['json'],
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(Reports);
    const by = flags.by
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = by?.find((d) => !(REPORT_DIMENSIONS as readonly string[]).includes(d));
    if (bad !== undefined)
      throw UsageError.say('reports_bad_by', { value: bad, options: REPORT_DIMENSIONS.join(', ') });
    const all = flags as Record<string, unknown>;
    const query = {
      from: flags.from ?? dayBefore(30),
      to: flags.to ?? dayBefore(0),
      ...(by?.length ? { by: by.join(',') } : {}),
      ...Object.fromEntries(
        FILTERS.filter(({ flag }) => typeof all[flag] === 'string').map(({ dimension, flag }) => [
          dimension,
          all[flag] as string,
        ]),
      ),
    };
    const params = { path: { name: args.name as (typeof REPORT_NAMES)[number] }, query };
    const { api, url } = await this.client();
    if (flags.csv) {
      const csv = await callApi(
        url,
        api.GET('/v1/reports/{name}', { params, headers: { Accept: 'text/csv' }, parseAs: 'text' }),
      );
      process.stdout.write(csv as string);
      return;
    }
    const report = (await callApi(url, api.GET('/v1/reports/{name}', { params }))) as Report;
    if (!this.jsonEnabled()) {
      if (report.rows.length === 0) this.logToStderr(t('empty_list'));
      else {
        this.log(
          renderTable(
            report.rows,
            report.columns.map((c) => ({ header: '' as const, title: reportHeading(c), value: (r) => r[c] })),
          ),
        );
        const charts = reportCharts(report);
        if (charts.length > 0) this.log(['', ...charts].join('\n'));
      }
    }
    return report;
  }
}
