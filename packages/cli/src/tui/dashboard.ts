/**
 * The staff dashboard's figures, read from what the API answers (GET /v1/reports/backlog, GET
 * /v1/tickets?sla=…): pure functions, no terminal and no network, so they are tested on their own.
 */
import type { components } from '@guichet/api/client';
import { cliLanguage } from '../lib/messages.ts';
import { worstClock } from '../lib/tickets.ts';
import type { Ticket } from './data.ts';
import { hasLabel, label } from './labels.ts';

export type Report = components['schemas']['Report'];

/** How many days the backlog trend covers (four weeks, today included). */
export const TREND_DAYS = 28;

/** One queue of the backlog: its code (null: not qualified yet), its backlog each day, the last one. */
export interface BacklogLine {
  group: string | null;
  days: number[];
  last: number;
}

/** What the dashboard shows: the backlog by service (and by team), then the tickets late or at risk. */
export interface Dashboard {
  from: string;
  to: string;
  services: BacklogLine[];
  /** Null when the caller belongs to no team. */
  teams: BacklogLine[] | null;
  breached: Ticket[];
  atRisk: Ticket[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The time zone of the reports' days (GET /v1/reports: `from`, `to` are days in Europe/Paris). */
const REPORT_TIME_ZONE = 'Europe/Paris';

/** The reports' calendar day (YYYY-MM-DD) `days` before the one `now` falls on. */
export function dayBefore(days: number, now = new Date()): string {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: REPORT_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included (YYYY-MM-DD, calendar days). */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  const day = new Date(`${from}T12:00:00Z`);
  const end = new Date(`${to}T12:00:00Z`).getTime();
  while (day.getTime() <= end && out.length < 4000) {
    out.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}

/**
 * The backlog report's rows by `group` and day as one line per group, largest backlog today first.
 * The API lists a group's day only when it has tickets open (docs/reports.md), so a day it does not
 * list counts 0 for that group.
 * @example backlogLines(report, 'service') // [{ group: 'moodle', days: [0, 2, 1], last: 1 }]
 */
export function backlogLines(report: Report, group: string): BacklogLine[] {
  const days = daysOf(report.from, report.to);
  const at = new Map(days.map((d, i) => [d, i]));
  const lines = new Map<string | null, number[]>();
  for (const row of report.rows) {
    const key = row[group] === null || row[group] === undefined ? null : String(row[group]);
    const i = at.get(String(row.day));
    if (i === undefined) continue;
    const series = lines.get(key) ?? days.map(() => 0);
    series[i] = typeof row.backlog === 'number' ? row.backlog : Number(row.backlog ?? 0);
    lines.set(key, series);
  }
  return [...lines]
    .map(([g, series]) => ({ group: g, days: series, last: series.at(-1) ?? 0 }))
    .sort((a, b) => b.last - a.last || String(a.group ?? '').localeCompare(String(b.group ?? '')));
}

/** A due time, short, in local time: the hour alone today, else the day too (`05/12 14:05`, `12-05 14:05`). */
export function shortDue(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hour = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === now.toDateString()) return hour;
  const day =
    cliLanguage() === 'fr'
      ? `${pad(d.getDate())}/${pad(d.getMonth() + 1)}`
      : `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${day} ${hour}`;
}

/**
 * A ticket row's service-level badge: the worst clock's state, short, with its due time while it
 * runs (or when it was due, once breached); '' when the API gives the ticket no service level (for
 * requesters, and tickets without a target).
 * @example slaBadge(ticket) // 'dépassé 14:05'
 */
export function slaBadge(t: Ticket, now = new Date()): string {
  const clock = worstClock(t);
  if (!clock) return '';
  const key = `sla_${clock.state}`;
  const word = hasLabel(key) ? label(key) : clock.state;
  const timed = clock.state === 'breached' || clock.state === 'at_risk' || clock.state === 'ok';
  return timed && clock.dueAt ? `${word} ${shortDue(clock.dueAt, now)}` : word;
}

/** Which of the ticket's clocks is the worst, in words (`1re réponse`, `résolution`); '' without one. */
export function worstClockName(t: Ticket): string {
  const clock = worstClock(t);
  if (!clock) return '';
  return label(clock === t.serviceLevel?.firstResponse ? 'clock_first_response' : 'clock_resolution');
}

/** A report's day (YYYY-MM-DD) as a person reads it: `06/11/2026` in French, unchanged in English. */
export function dayText(day: string): string {
  const [y, m, d] = day.split('-');
  return cliLanguage() === 'fr' && y && m && d ? `${d}/${m}/${y}` : day;
}
