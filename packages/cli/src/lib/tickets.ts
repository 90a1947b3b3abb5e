import type { components } from '@guichet/api/client';
import { heading as h } from './messages.ts';
import type { Column } from './output.ts';
import { renderTable } from './output.ts';

export type Ticket = components['schemas']['Ticket'];
export type TicketEvent = components['schemas']['TicketEvent'];

export const TICKET_COLUMNS: Column<Ticket>[] = [
  { header: 'REF', value: (t) => t.reference },
  { header: 'STATUS', value: (t) => t.status },
  { header: 'PRIORITY', value: (t) => t.priority },
  { header: 'SERVICE', value: (t) => t.subService ?? t.service },
  { header: 'AGENT', value: (t) => t.agent?.email ?? '' },
  { header: 'UPDATED', value: (t) => t.updatedAt.slice(0, 16).replace('T', ' ') },
  { header: 'TITLE', value: (t) => t.title, flexible: true },
];

/** A ticket as a block of labelled lines, then its description and the actions open to the caller. */
export function renderTicket(t: Ticket): string {
  const lines: [string, string | null | undefined][] = [
    ['Ticket', `${t.reference}  ${t.title}`],
    [
      'Status',
      t.status +
        (t.pendingUntil ? ` ${h('until')} ${t.pendingUntil}` : '') +
        (t.pendingReason ? ` (${t.pendingReason})` : ''),
    ],
    ['Priority', `${t.priority} (${h('impact')} ${t.impact}, ${h('urgency')} ${t.urgency})`],
    ['Type', t.type],
    ['Service', [t.service, t.subService].filter(Boolean).join(' › ') || null],
    ['Requester', `${t.requester.displayName} <${t.requester.email}>`],
    ['Team', t.team],
    ['Agent', t.agent ? `${t.agent.displayName} <${t.agent.email}>` : null],
    ['Solution', t.solution],
    [
      'Provider refs',
      t.providerReferences.map((r) => `${r.provider} ${r.externalId} (${r.status})`).join(', ') || null,
    ],
    ['Created', t.createdAt],
    ['Updated', `${t.updatedAt} (${h('version')} ${t.version})`],
    ['Actions', t.actions?.join(', ') || null],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return [...lines.filter(([, v]) => v).map(([k, v]) => `${k.padEnd(width)}  ${v}`), '', t.description].join(
    '\n',
  );
}

/** The timeline, internal notes marked so they cannot be mistaken for public replies. */
export function renderTimeline(events: TicketEvent[]): string {
  return renderTable(events, [
    { header: 'WHEN', value: (e) => e.createdAt.slice(0, 16).replace('T', ' ') },
    { header: 'WHO', value: (e) => e.actor?.email ?? 'system' },
    { header: 'VISIBILITY', value: (e) => (e.visibility === 'internal' ? h('INTERNAL') : 'public') },
    { header: 'EVENT', value: (e) => e.type },
    { header: 'DETAIL', value: (e) => summarise(e.data), flexible: true },
  ]);
}

function summarise(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}
