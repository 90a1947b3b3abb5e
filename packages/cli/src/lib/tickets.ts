import type { components } from '@guichet/api/client';
import { localDateTime } from './dates.ts';
import { type HeadingKey, heading as h } from './messages.ts';
import type { Column } from './output.ts';
import { renderTable } from './output.ts';
import { type EventLine, type Names, timelineLines } from './timeline.ts';
import { word } from './vocabulary.ts';

export type Ticket = components['schemas']['Ticket'];
export type TicketEvent = components['schemas']['TicketEvent'];

type Clock = NonNullable<NonNullable<Ticket['serviceLevel']>['firstResponse']>;

/** Clock states from the worst (a breached target) to the least worrying (a target met). */
const SLA_STATES: Clock['state'][] = ['breached', 'at_risk', 'ok', 'paused', 'not_started', 'met'];

/** The worst of a ticket's service-level clocks (first response, resolution), or null without a target. */
export function worstClock(t: Ticket): Clock | null {
  const clocks = [t.serviceLevel?.firstResponse, t.serviceLevel?.resolution].filter((c): c is Clock =>
    Boolean(c),
  );
  return clocks.sort((a, b) => SLA_STATES.indexOf(a.state) - SLA_STATES.indexOf(b.state))[0] ?? null;
}

/** The worst clock's state in words, and its due time while it runs (`dépassé 03/12/2026 14:00`). */
export function slaCell(t: Ticket): string {
  const clock = worstClock(t);
  if (!clock) return '';
  const due = clock.dueAt && clock.state !== 'met' ? ` ${localDateTime(clock.dueAt)}` : '';
  return `${word('slaState', clock.state)}${due}`;
}

/**
 * The columns of a ticket list: statuses and priorities in words in tables, as codes in CSV; with
 * `sla` (some ticket carries serviceLevel), the worst service-level clock in tables.
 */
export function ticketColumns(csv: boolean, options: { sla?: boolean } = {}): Column<Ticket>[] {
  const say = (kind: 'status' | 'priority', code: string) => (csv ? code : word(kind, code));
  const sla: Column<Ticket>[] = options.sla && !csv ? [{ header: 'SLA', value: slaCell }] : [];
  return [
    { header: 'REF', value: (t) => t.reference },
    { header: 'STATUS', value: (t) => say('status', t.status) },
    { header: 'PRIORITY', value: (t) => say('priority', t.priority) },
    { header: 'SERVICE', value: (t) => t.subService ?? t.service },
    { header: 'AGENT', value: (t) => t.agent?.email ?? '' },
    {
      header: 'UPDATED',
      value: (t) => (csv ? t.updatedAt.slice(0, 16).replace('T', ' ') : localDateTime(t.updatedAt)),
    },
    ...sla,
    { header: 'TITLE', value: (t) => t.title, flexible: true },
  ];
}

/** What the command line calls each action the API offers (its commands), for the Actions line. */
const ACTION_COMMANDS: Record<string, string> = {
  reply: 'comment',
  note: 'comment --internal',
  provider_escalate: 'provider-ref add',
  provider_update: 'provider-ref update',
};

/**
 * A ticket as a block of labelled lines in the reader's language (statuses, priorities, types in
 * words, dates in local time), then its description, the requester's latest answer, and, with
 * `timeline`, its history in sentences.
 */
export function renderTicket(t: Ticket, history?: { events: TicketEvent[]; names: Names }): string {
  const answer = history?.events.findLast((e) => e.type === 'requester_replied');
  const lines: [HeadingKey, string | null | undefined][] = [
    ['Ticket', `${t.reference}  ${t.title}`],
    [
      'Status',
      word('status', t.status) +
        (t.pendingUntil ? ` ${h('until')} ${localDateTime(t.pendingUntil)}` : '') +
        (t.pendingKind === 'awaiting_requester' ? ` (${word('pendingKind', t.pendingKind)})` : '') +
        (t.pendingReason ? ` : ${t.pendingReason}` : ''),
    ],
    [
      'Priority',
      `${word('priority', t.priority)} (${h('impact')} ${word('impact', t.impact)}, ${h('urgency')} ${word('urgency', t.urgency)})`,
    ],
    ['Type', t.type ? word('type', t.type) : null],
    ['Service', [t.service, t.subService].filter(Boolean).join(' › ') || null],
    ['Establishment', t.establishment],
    ['Requester', `${t.requester.displayName} <${t.requester.email}>`],
    ['Team', t.team],
    ['Agent', t.agent ? `${t.agent.displayName} <${t.agent.email}>` : null],
    ['Linked problem', t.linkedProblem],
    ['Solution', t.solution],
    [
      'Provider refs',
      t.providerReferences
        .map((r) => `${r.provider} ${r.externalId} (${word('providerStatus', r.status)})`)
        .join(', ') || null,
    ],
    ['Channel', word('channel', t.channel)],
    ['Created', localDateTime(t.createdAt)],
    ['Updated', `${localDateTime(t.updatedAt)} (${h('version')} ${t.version})`],
    ['Actions', t.actions?.map((a) => ACTION_COMMANDS[a] ?? a.replaceAll('_', '-')).join(', ') || null],
  ];
  const shown = lines.filter(([, v]) => v).map(([k, v]) => [h(k), v!] as const);
  const width = Math.max(...shown.map(([k]) => [...k].length));
  const out = [...shown.map(([k, v]) => `${k.padEnd(width)}  ${v}`), '', t.description];
  if (answer)
    out.push(
      '',
      `${h('Requester’s answer')} (${localDateTime(answer.createdAt)}) :`,
      String(answer.data.body ?? ''),
    );
  if (history && history.events.length > 0)
    out.push('', `${h('History')} :`, renderTimeline(history.events, history.names));
  return out.join('\n');
}

/** The timeline as a table of sentences; internal notes marked so they cannot pass for replies. */
export function renderTimeline(events: TicketEvent[], names: Names): string {
  return renderTable(timelineLines(events, names), [
    { header: 'WHEN', value: (e: EventLine) => e.when },
    { header: 'WHO', value: (e) => e.who },
    {
      header: 'WHAT',
      // Each file with its id, for `guichet tickets attachment get ID`.
      value: (e) => {
        const files = e.attachments.map((a) => `📎 ${a.label} ${a.id}`).join(' ');
        const text = files ? `${e.text} ${files}` : e.text;
        return e.internal ? `[${h('INTERNAL')}] ${text}` : text;
      },
      flexible: true,
    },
  ]);
}
