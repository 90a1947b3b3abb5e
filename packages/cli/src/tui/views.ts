/**
 * What each screen of the terminal UI draws from the state (no state of their own; keys are the
 * app's). Statuses and priorities in words and, with colour, in colour; times relative; the
 * timeline from lib/timeline.ts, the same sentences as `guichet tickets timeline`.
 */
import { Box, Text } from 'ink';
import { createElement as h, type ReactNode } from 'react';
import { sparkline } from '../lib/charts.ts';
import { localDateTime, relativeTime } from '../lib/dates.ts';
import { cliLanguage } from '../lib/messages.ts';
import { worstClock } from '../lib/tickets.ts';
import { timelineLines } from '../lib/timeline.ts';
import { word } from '../lib/vocabulary.ts';
import { articleLines, articleRoom } from './article-text.ts';
import { type BacklogLine, dayText, slaBadge, TREND_DAYS, worstClockName } from './dashboard.ts';
import {
  type Announcement,
  type Article,
  type ArticleHit,
  type MatchReason,
  type ProblemPanel,
  QUEUES,
  type Ticket,
} from './data.ts';
import { hasLabel, type LabelKey, label } from './labels.ts';
import {
  actionLabel,
  type Detail,
  type FormState,
  lateTickets,
  linkedAnnouncements,
  menuActions,
  type State,
  suggestionEntries,
} from './state.ts';
import type { TextField } from './text-field.ts';

export interface Frame {
  width: number;
  height: number;
  colour: boolean;
}

const STATUS_COLOUR: Record<string, string> = {
  pending_approval: 'magenta',
  new: 'cyan',
  assigned: 'blue',
  pending: 'yellow',
  resolved: 'green',
  closed: 'gray',
  rejected: 'gray',
};
const PRIORITY_COLOUR: Record<string, string> = {
  critical: 'red',
  high: 'red',
  medium: 'yellow',
  low: 'green',
  planning: 'gray',
};

/** Service-level clock colours; the state is always written too. */
const SLA_COLOUR: Record<string, string> = {
  breached: 'red',
  at_risk: 'yellow',
  paused: 'gray',
  not_started: 'gray',
  met: 'green',
};

/** Severity colours; the severity is always written too, for terminals without colour. */
const SEVERITY_COLOUR: Record<string, string> = {
  outage: 'red',
  degraded: 'yellow',
  maintenance: 'blue',
  information: 'cyan',
};
/** The most serious first, in the banner. */
const SEVERITY_RANK = ['outage', 'degraded', 'maintenance', 'information'];

const severityWord = (severity: string) => {
  const key = `severity_${severity}`;
  return hasLabel(key) ? label(key) : severity;
};
const phaseWord = (phase: string) => {
  const key = `phase_${phase}`;
  return hasLabel(key) ? label(key) : phase;
};
/** The announcement's title in the reader's language (French when it has no English one). */
const titleOf = (a: Announcement) => (cliLanguage() === 'en' && a.texts.title.en) || a.texts.title.fr;
const severityText = (f: Frame, severity: string) =>
  h(
    Text,
    f.colour ? { color: SEVERITY_COLOUR[severity], bold: severity === 'outage' } : {},
    `[${severityWord(severity)}]`,
  );

/** The announcements in force, in one line above the queues (nothing when there are none). */
function banner(f: Frame, s: State) {
  const active = [...(s.announcements?.active ?? [])].sort(
    (a, b) => SEVERITY_RANK.indexOf(a.severity) - SEVERITY_RANK.indexOf(b.severity),
  );
  const top = active[0];
  if (!top) return null;
  const more = active.length > 1 ? ` ${label('banner_more', { count: String(active.length - 1) })}` : '';
  return h(
    Text,
    { wrap: 'truncate-end' },
    '⚠ ',
    severityText(f, top.severity),
    ` ${titleOf(top)}${more}  · ${label('banner_hint')}`,
  );
}

const cut = (text: string, width: number) => {
  const chars = [...text.replace(/\s+/g, ' ')];
  return chars.length > width ? `${chars.slice(0, Math.max(0, width - 1)).join('')}…` : chars.join('');
};
const pad = (text: string, width: number) => {
  const c = cut(text, width - 1);
  return c + ' '.repeat(Math.max(0, width - [...c].length));
};
const shortStatus = (status: string) => {
  const key = `status_short_${status}`;
  return hasLabel(key) ? label(key) : word('status', status);
};

const statusText = (f: Frame, status: string, text = word('status', status)) =>
  h(Text, f.colour ? { color: STATUS_COLOUR[status] } : {}, text);
const priorityText = (f: Frame, priority: string, text = word('priority', priority)) =>
  h(Text, f.colour ? { color: PRIORITY_COLOUR[priority], bold: priority === 'critical' } : {}, text);
/** A ticket's service-level badge (its worst clock), coloured by the clock's state. */
const slaText = (f: Frame, t: Ticket, text: string) => {
  const state = worstClock(t)?.state ?? '';
  return h(Text, f.colour ? { color: SLA_COLOUR[state], bold: state === 'breached' } : {}, text);
};

function noticeLine(f: Frame, s: State) {
  if (!s.notice) return h(Text, null, '');
  const tone = s.notice.tone === 'success' ? { color: 'green' } : { color: 'red' };
  return h(
    Text,
    { wrap: 'truncate-end', ...(f.colour ? tone : {}) },
    `${s.notice.tone === 'success' ? '✓' : '!'} ${s.notice.text}`,
  );
}

const footer = (f: Frame, key: LabelKey) => h(Text, { dimColor: f.colour, wrap: 'truncate-end' }, label(key));

/** A text being typed, with its cursor shown. */
function typing(field: TextField): ReactNode {
  const chars = [...field.value];
  return h(
    Text,
    null,
    chars.slice(0, field.cursor).join(''),
    h(Text, { inverse: true }, chars[field.cursor] ?? ' '),
    chars.slice(field.cursor + 1).join(''),
  );
}

/** The queues' tabs, then, for staff (GET /v1/me), the dashboard's key as one more. */
const tabTexts = (s: State): string[] => [
  ...QUEUES.map((q, i) => ` ${i + 1} ${label(q)} (${s.counts[q] ?? '…'}) `),
  ...(s.staff ? [` d ${label('dashboard_title')} `] : []),
];

export function tabs(f: Frame, s: State) {
  const texts = tabTexts(s);
  return h(
    Box,
    { flexWrap: 'wrap', width: f.width },
    ...QUEUES.map((q, i) =>
      h(
        Text,
        { key: q, inverse: q === s.queue && s.screen.kind === 'queues', bold: q === s.queue },
        texts[i],
      ),
    ),
    s.staff ? h(Text, { key: 'dashboard', dimColor: f.colour }, texts[QUEUES.length]) : null,
  );
}

/** The queues: the list (and, from 120 columns, the selected ticket beside it). */
export function queuesScreen(f: Frame, s: State) {
  const list = s.items ?? [];
  const wide = f.width >= 120;
  const listWidth = wide ? Math.floor(f.width * 0.58) : f.width;
  const tabText = tabTexts(s).join('');
  const tabLines = Math.max(1, Math.ceil([...tabText].length / f.width));
  const top = banner(f, s);
  const rows = Math.max(3, f.height - 5 - tabLines - (top ? 1 : 0));
  const first = Math.max(0, Math.min(s.cursor - rows + 1, list.length - rows));
  const now = Date.now();
  // The SLA column only when the API gives some ticket a service level (staff), as wide as its badges.
  const badges = new Map(list.map((t) => [t.reference, slaBadge(t, new Date(now))]));
  const widest = Math.max(0, ...[...badges.values()].map((b) => [...b].length));
  const sla = widest > 0 ? Math.max(widest, [...label('col_sla')].length) + 2 : 0;
  const cols = { ref: 16, status: 12, priority: 10, age: 13, sla };
  const titleWidth = Math.max(8, listWidth - 2 - cols.ref - cols.status - cols.priority - cols.age - sla);
  const table = h(
    Box,
    { flexDirection: 'column', width: listWidth },
    h(
      Text,
      { bold: true, wrap: 'truncate-end' },
      `  ${pad(label('col_ref'), cols.ref)}${pad(label('col_status'), cols.status)}${pad(label('col_priority'), cols.priority)}${pad(label('col_updated'), cols.age)}${sla ? pad(label('col_sla'), sla) : ''}${label('col_title')}`,
    ),
    s.items === null
      ? h(Text, null, label('loading'))
      : list.length === 0
        ? h(Text, null, label('empty'))
        : h(
            Box,
            { flexDirection: 'column' },
            ...list.slice(first, first + rows).map((t, i) => {
              const selected = first + i === s.cursor;
              return h(
                Text,
                { key: t.reference, inverse: selected, wrap: 'truncate-end' },
                `${selected ? '>' : ' '} ${pad(t.reference, cols.ref)}`,
                statusText(f, t.status, pad(shortStatus(t.status), cols.status)),
                priorityText(f, t.priority, pad(word('priority', t.priority), cols.priority)),
                pad(relativeTime(t.updatedAt, now), cols.age),
                sla ? slaText(f, t, pad(badges.get(t.reference) ?? '', sla)) : '',
                cut(t.title, titleWidth),
              );
            }),
          ),
  );
  const selected = list[s.cursor];
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    top,
    tabs(f, s),
    wide && selected
      ? h(Box, { flexDirection: 'row' }, table, preview(f, selected, f.width - listWidth - 2))
      : table,
    s.prompt
      ? h(
          Box,
          null,
          h(Text, null, label(s.prompt.kind === 'search' ? 'search_prompt' : 'filter_prompt')),
          typing(s.prompt.text),
        )
      : h(
          Text,
          { dimColor: f.colour },
          [
            s.search ? `${label('search')}: "${s.search}"` : '',
            s.service ? `${label('field_service')}: ${s.service}` : '',
          ]
            .filter(Boolean)
            .join('  '),
        ),
    noticeLine(f, s),
    footer(f, 'keys_queues'),
  );
}

/** The selected ticket beside the list, on a wide terminal. */
function preview(f: Frame, t: Ticket, width: number) {
  const line = (text: string, props: object = {}) =>
    h(Text, { wrap: 'truncate-end', ...props }, cut(text, width));
  return h(
    Box,
    { flexDirection: 'column', width, marginLeft: 2 },
    line(t.reference, { bold: true }),
    h(Text, { bold: true, wrap: 'wrap' }, t.title),
    h(
      Text,
      { wrap: 'truncate-end' },
      statusText(f, t.status),
      ' · ',
      priorityText(f, t.priority),
      t.type ? ` · ${word('type', t.type)}` : '',
    ),
    line([t.service, t.subService].filter(Boolean).join(' › ') || '—'),
    line(`${label('requester')} : ${t.requester.displayName} <${t.requester.email}>`),
    line(`${label('technician')} : ${t.agent ? `${t.agent.displayName} (${t.team})` : '—'}`),
    line(label('updated', { relative: relativeTime(t.updatedAt) })),
    worstClock(t)
      ? h(
          Text,
          { wrap: 'truncate-end' },
          `${label('col_sla')} : `,
          slaText(f, t, `${worstClockName(t)} ${slaBadge(t)}`),
        )
      : null,
    t.pendingUntil
      ? line(
          label('pending_until', {
            date: localDateTime(t.pendingUntil),
            relative: relativeTime(t.pendingUntil),
          }),
        )
      : null,
    h(Text, null, ''),
    h(Text, { wrap: 'wrap' }, cut(t.description, width * 6)),
    t.solution ? h(Text, { wrap: 'wrap' }, `${label('solution')} : ${cut(t.solution, width * 3)}`) : null,
  );
}

/** The ticket's header, shared by its view, its action menu and its forms. */
function header(f: Frame, d: Detail) {
  const t = d.ticket;
  const answer = d.events.findLast((e) => e.type === 'requester_replied');
  const line = (text: string, props: object = {}) => h(Text, { wrap: 'truncate-end', ...props }, text);
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    line(`${t.reference}  ${t.title}`, { bold: true }),
    h(
      Text,
      { wrap: 'truncate-end' },
      statusText(f, t.status),
      '  ·  ',
      priorityText(f, t.priority, `${label('priority')} ${word('priority', t.priority)}`),
      `  ·  ${[t.service, t.subService].filter(Boolean).join(' › ') || '—'}`,
      t.type ? `  ·  ${word('type', t.type)}` : '',
    ),
    line(
      `${t.requester.displayName} <${t.requester.email}>  →  ${t.agent ? `${t.agent.displayName} (${t.team})` : '—'}`,
    ),
    t.pendingUntil
      ? line(
          label('pending_until', {
            date: localDateTime(t.pendingUntil),
            relative: relativeTime(t.pendingUntil),
          }) + (t.pendingReason ? ` : ${t.pendingReason}` : ''),
        )
      : t.pendingKind === 'awaiting_requester'
        ? line(`${label('awaiting_requester')}${t.pendingReason ? ` : ${t.pendingReason}` : ''}`)
        : null,
    t.providerReferences.length > 0
      ? line(
          `${label('providers')} : ${t.providerReferences
            .map((r) => `${r.provider} ${r.externalId} (${word('providerStatus', r.status)})`)
            .join(', ')}`,
        )
      : null,
    t.solution ? line(`${label('solution')} : ${t.solution}`, f.colour ? { color: 'green' } : {}) : null,
    answer
      ? line(
          `${label('answer', { relative: relativeTime(answer.createdAt) })} : ${String(answer.data.body ?? '')}`,
        )
      : null,
  );
}

/** How many lines the ticket's header takes. */
const headerLines = (d: Detail) =>
  3 +
  [
    d.ticket.pendingUntil || d.ticket.pendingKind,
    d.ticket.providerReferences.length,
    d.ticket.solution,
    d.events.some((e) => e.type === 'requester_replied'),
  ].filter(Boolean).length;

export function loadingScreen(f: Frame, s: State) {
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    h(Text, null, label('loading')),
    noticeLine(f, s),
  );
}

/** Most attachment lines the ticket screen gives up timeline room for (the latest ones). */
const ATTACHMENT_LINES = 5;

/** The ticket: its header, description and timeline (internal notes marked), its files, the actions open. */
export function ticketScreen(f: Frame, s: State, d: Detail) {
  const lines = timelineLines(d.events, d.names);
  // The ticket's files (internal ones only reach staff: the API leaves the others out), newest last.
  const files = lines.flatMap((l) => l.attachments.map((a) => ({ ...a, internal: l.internal })));
  const shownFiles = files.slice(-ATTACHMENT_LINES);
  const fileLines = files.length > 0 ? shownFiles.length + 1 : 0;
  const panel = d.problem ? problemLines(f, d.problem, linkedAnnouncements(d, s.announcements)) : [];
  const offered = menuActions(d, s.announcements);
  const announceKeys = [
    offered.includes('announce') ? label('keys_problem') : '',
    offered.includes('announce_update') ? label('keys_problem_update') : '',
  ].filter(Boolean);
  const room = Math.max(
    3,
    f.height - headerLines(d) - 6 - fileLines - panel.length - (announceKeys.length ? 1 : 0),
  );
  const start = Math.min(s.scroll, Math.max(0, lines.length - room));
  const now = Date.now();
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    header(f, d),
    h(Text, { wrap: 'truncate-end' }, cut(d.ticket.description, f.width * 2)),
    ...panel,
    h(Text, { bold: true }, `— ${label('events', { count: String(lines.length) })}`),
    ...lines.slice(start, start + room).map((l, i) =>
      h(
        Text,
        {
          key: String(start + i),
          wrap: 'truncate-end',
          ...(f.colour && l.internal ? { color: 'yellow' } : {}),
        },
        `${relativeTime(l.at, now)}  ${l.who}  ${l.internal ? `[${label('internal')}] ` : ''}${l.text}`,
      ),
    ),
    ...(files.length > 0
      ? [
          h(Text, { key: 'files', bold: true }, `— ${label('attachments', { count: String(files.length) })}`),
          ...shownFiles.map((a) =>
            h(
              Text,
              {
                key: `file-${a.id}`,
                wrap: 'truncate-end',
                ...(f.colour && a.internal ? { color: 'yellow' } : {}),
              },
              `📎 ${a.internal ? `[${label('internal')}] ` : ''}${a.label}`,
            ),
          ),
        ]
      : []),
    h(
      Text,
      { wrap: 'truncate-end' },
      `${label('actions_title')}: ${offered.map(actionLabel).join(', ') || '—'}`,
    ),
    noticeLine(f, s),
    announceKeys.length
      ? h(Text, { key: 'announce-keys', wrap: 'truncate-end', dimColor: f.colour }, announceKeys.join('  '))
      : null,
    footer(f, 'keys_ticket'),
  );
}

/** Most linked incidents listed in a problem's panel (the count says how many there are). */
const INCIDENT_LINES = 5;

/** A problem's panel: its analysis as the API shows it, its linked incidents, its announcements. */
function problemLines(f: Frame, p: ProblemPanel, linked: Announcement[]): ReactNode[] {
  const line = (key: string, text: string, props: object = {}) =>
    h(Text, { key, wrap: 'truncate-end', ...props }, text);
  const a = p.analysis;
  const out: ReactNode[] = [
    line(
      'problem',
      `— ${label('problem_panel')} · ${label('root_cause')} : ${a.rootCause ?? '—'} · ${label('workaround')} : ${a.workaround ?? '—'}`,
      { bold: true },
    ),
  ];
  if (a.view === 'staff') {
    out.push(line('incidents', `${label('linked_incidents', { count: String(p.incidents.length) })}`));
    for (const i of p.incidents.slice(0, INCIDENT_LINES))
      out.push(
        h(
          Text,
          { key: `incident-${i.reference}`, wrap: 'truncate-end' },
          `  ${pad(i.reference, 16)}`,
          statusText(f, i.status, pad(shortStatus(i.status), 12)),
          cut(i.title, Math.max(10, f.width - 31)),
        ),
      );
  }
  for (const n of linked)
    out.push(
      h(
        Text,
        { key: `announcement-${n.id}`, wrap: 'truncate-end' },
        `${label('linked_announcement')} : `,
        severityText(f, n.severity),
        ` ${titleOf(n)}${n.phase ? ` · ${phaseWord(n.phase)}` : ''}`,
      ),
    );
  return out;
}

/** The announcements in force and those to come, each with its latest update. */
export function announcementsScreen(f: Frame, s: State) {
  const found = s.announcements;
  const now = Date.now();
  const rows: { key: string; node: ReactNode; entry: number }[] = [];
  let entry = 0;
  const section = (key: string, text: string) =>
    rows.push({ key, node: h(Text, { key, bold: true }, `— ${text}`), entry: -1 });
  const list = (items: Announcement[], upcoming: boolean) => {
    if (items.length === 0)
      rows.push({
        key: `none-${upcoming}`,
        node: h(Text, { key: `none-${upcoming}` }, `  ${label('announcements_none')}`),
        entry: -1,
      });
    for (const a of items) {
      const at = entry++;
      const when = upcoming
        ? label('announcement_starts', {
            date: localDateTime(a.startsAt),
            relative: relativeTime(a.startsAt, now),
          })
        : label('announcement_since', { relative: relativeTime(a.startsAt, now) });
      const ends = a.endsAt ? ` · ${label('announcement_ends', { date: localDateTime(a.endsAt) })}` : '';
      const services = a.services.length ? a.services.join(', ') : label('announcement_all_services');
      rows.push({
        key: `a-${a.id}`,
        node: h(
          Text,
          { key: `a-${a.id}`, wrap: 'truncate-end', bold: at === s.announcementScroll },
          `${at === s.announcementScroll ? '❯' : ' '} `,
          severityText(f, a.severity),
          ` ${titleOf(a)}`,
        ),
        entry: at,
      });
      rows.push({
        key: `w-${a.id}`,
        node: h(
          Text,
          { key: `w-${a.id}`, wrap: 'truncate-end', dimColor: f.colour },
          `    ${services} · ${when}${ends}`,
        ),
        entry: -1,
      });
      const latest = a.updates.at(-1);
      rows.push({
        key: `u-${a.id}`,
        node: h(
          Text,
          { key: `u-${a.id}`, wrap: 'truncate-end' },
          latest
            ? `    ${phaseWord(latest.status)} (${relativeTime(latest.postedAt, now)}) : ${latest.message}`
            : `    ${label('announcement_no_update')}`,
        ),
        entry: -1,
      });
    }
  };
  if (found) {
    section('active', label('announcements_active', { count: String(found.active.length) }));
    list(found.active, false);
    section('upcoming', label('announcements_upcoming', { count: String(found.upcoming.length) }));
    list(found.upcoming, true);
  }
  const room = Math.max(4, f.height - 4);
  const at = rows.findIndex((r) => r.entry === s.announcementScroll);
  const start = Math.max(0, Math.min(at - 1, rows.length - room));
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    h(Text, { bold: true }, label('announcements_title')),
    found
      ? h(Box, { flexDirection: 'column' }, ...rows.slice(start, start + room).map((r) => r.node))
      : h(Text, null, label('loading')),
    noticeLine(f, s),
    footer(f, 'keys_announcements'),
  );
}

/** The actions open to the technician on this ticket. */
export function menuScreen(f: Frame, s: State, d: Detail) {
  const actions = menuActions(d, s.announcements);
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    header(f, d),
    h(Text, { bold: true }, label('actions_title')),
    actions.length === 0
      ? h(Text, null, label('no_actions'))
      : h(
          Box,
          { flexDirection: 'column' },
          ...actions.map((a, i) =>
            h(Text, { key: a, bold: i === s.menu }, `${i === s.menu ? '❯' : ' '} ${actionLabel(a)}`),
          ),
        ),
    noticeLine(f, s),
    footer(f, 'keys_menu'),
  );
}

/** An action's form: every field with what was answered, the current one active, its error. */
export function formScreen(f: Frame, s: State, d: Detail, form: FormState) {
  const current = form.fields[form.index]!;
  const choices = form.choices ?? [];
  const window = 10;
  const first = Math.max(0, Math.min(form.pick - Math.floor(window / 2), choices.length - window));
  const shown = (key: string) => form.values[`${key}:label`] ?? form.values[key];
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    header(f, d),
    h(Text, { bold: true }, `${actionLabel(form.action)} ${d.ticket.reference}`),
    ...form.fields.map((field, i) => {
      if (i !== form.index)
        return h(
          Text,
          { key: field.key, dimColor: true, wrap: 'truncate-end' },
          `${label(field.label)} : ${shown(field.key) || '—'}`,
        );
      const failed = form.error?.field === field.key;
      return h(
        Box,
        { key: field.key, flexDirection: 'column' },
        h(Text, { bold: true, ...(failed && f.colour ? { color: 'red' } : {}) }, `${label(field.label)} :`),
        current.kind === 'text'
          ? h(Box, null, h(Text, null, '> '), typing(form.text))
          : form.choices === null
            ? h(Text, null, label('loading'))
            : h(
                Box,
                { flexDirection: 'column' },
                ...choices
                  .slice(first, first + window)
                  .map((c, j) =>
                    h(
                      Text,
                      { key: `${c.value}:${first + j}`, bold: first + j === form.pick, wrap: 'truncate-end' },
                      `${first + j === form.pick ? '❯' : ' '} ${c.label}`,
                    ),
                  ),
              ),
      );
    }),
    form.busy ? h(Text, null, label('loading')) : null,
    form.error
      ? h(Text, { wrap: 'wrap', ...(f.colour ? { color: 'red' } : {}) }, `! ${form.error.message}`)
      : null,
    noticeLine(f, s),
    footer(f, 'keys_form'),
  );
}

export function helpScreen(f: Frame) {
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    h(Text, { bold: true }, label('help_title')),
    h(Text, { wrap: 'wrap' }, label('help')),
  );
}

/** Why a result matched, in words: the fields, the words found, synonyms and corrections read. */
export function whyText(why: MatchReason | null): string {
  if (!why) return '';
  const field = (name: string) => {
    const key = `why_field_${name}`;
    return hasLabel(key) ? label(key) : name;
  };
  const parts = [
    why.fields.length ? label('why_fields', { fields: why.fields.map(field).join(', ') }) : '',
    why.words.length ? label('why_words', { words: why.words.join(', ') }) : '',
    ...why.synonyms.map((x) => label('why_synonym', { word: x.word, term: x.term })),
    ...why.corrections.map((x) => label('why_correction', { typed: x.typed, read: x.read })),
    why.titleSimilarity !== undefined
      ? label('why_title', { percent: String(Math.round(why.titleSimilarity * 100)) })
      : '',
  ].filter(Boolean);
  return parts.length ? `${label('why')} : ${parts.join(' · ')}` : '';
}

/** A result's snippet on one line, the words found in bold (and colour). */
function snippetLine(f: Frame, snippet: ArticleHit['snippet'], width: number) {
  let room = width;
  const parts: ReactNode[] = [];
  for (const [i, segment] of snippet.entries()) {
    if (room <= 0) break;
    const text = cut(segment.text, room + 1);
    room -= [...text].length;
    parts.push(
      h(
        Text,
        { key: String(i), bold: segment.match, ...(f.colour && segment.match ? { color: 'yellow' } : {}) },
        text,
      ),
    );
  }
  return h(Text, { wrap: 'truncate-end', dimColor: f.colour }, '    ', ...parts);
}

/** One article in a list: reference, title, kind (and status when it is not published). */
function articleRow(f: Frame, a: ArticleHit, selected: boolean) {
  const kind = [word('articleKind', a.kind), a.status === 'published' ? '' : word('articleStatus', a.status)]
    .filter(Boolean)
    .join(', ');
  return h(
    Text,
    { wrap: 'truncate-end', inverse: selected, bold: selected },
    `${selected ? '>' : ' '} ${pad(a.reference, 11)}${cut(a.title, Math.max(10, f.width - 16 - [...kind].length))}  (${kind})`,
  );
}

/** Rows of a list, `height` lines each, scrolled so the selected one shows in `room` lines. */
function windowOf<T>(
  items: T[],
  cursor: number,
  room: number,
  height: number,
): { first: number; shown: T[] } {
  const count = Math.max(1, Math.floor(room / height));
  const first = Math.max(0, Math.min(cursor - count + 1, items.length - count));
  return { first, shown: items.slice(first, first + count) };
}

/** The knowledge-base search: the words, the results with their snippets. */
export function kbScreen(f: Frame, s: State) {
  const { kb } = s;
  const items = kb.items ?? [];
  const { first, shown } = windowOf(items, kb.cursor, f.height - 6, 2);
  const summary =
    kb.query === null
      ? ''
      : kb.query
        ? label('kb_searched', { query: kb.query, total: String(kb.total) })
        : label('kb_all', { total: String(kb.total) });
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    h(Text, { bold: true }, label('kb_title')),
    s.prompt?.kind === 'kb'
      ? h(Box, null, h(Text, null, label('kb_prompt')), typing(s.prompt.text))
      : h(Text, { wrap: 'truncate-end', dimColor: f.colour }, summary),
    kb.query === null
      ? null
      : kb.items === null
        ? h(Text, null, label('loading'))
        : items.length === 0
          ? h(Text, null, label('kb_empty'))
          : h(
              Box,
              { flexDirection: 'column' },
              ...shown.map((a, i) =>
                h(
                  Box,
                  { key: a.reference, flexDirection: 'column' },
                  articleRow(f, a, first + i === kb.cursor),
                  snippetLine(
                    f,
                    a.snippet.length ? a.snippet : [{ text: a.summary, match: false }],
                    f.width - 4,
                  ),
                ),
              ),
            ),
    noticeLine(f, s),
    footer(f, 'keys_kb'),
  );
}

/** One article, rendered for the terminal as `guichet kb show` does, scrolled. */
export function articleScreen(f: Frame, s: State, article: Article) {
  const lines = articleLines(article, f.width);
  const room = articleRoom(f.height);
  const start = Math.min(s.articleScroll, Math.max(0, lines.length - room));
  const end = Math.min(lines.length, start + room);
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    ...lines
      .slice(start, end)
      .map((line, i) =>
        h(Text, { key: String(start + i), wrap: 'truncate-end', bold: start + i === 0 }, line || ' '),
      ),
    h(
      Text,
      { dimColor: f.colour },
      label('article_lines', { from: String(start + 1), to: String(end), total: String(lines.length) }),
    ),
    noticeLine(f, s),
    footer(f, 'keys_article'),
  );
}

/** A ticket's suggestions: published articles, then similar solved tickets, each with why. */
export function suggestionsScreen(f: Frame, s: State, d: Detail) {
  const found = s.suggestions?.ref === d.ticket.reference ? s.suggestions : null;
  const entries = suggestionEntries(found);
  const rows: { key: string; node: ReactNode; entry: number }[] = [];
  const section = (key: LabelKey) =>
    rows.push({ key, node: h(Text, { key, bold: true }, `— ${label(key)}`), entry: -1 });
  const why = (key: string, text: string) =>
    rows.push({
      key,
      node: h(Text, { key, wrap: 'truncate-end', dimColor: f.colour }, `    ${text}`),
      entry: -1,
    });
  if (found) {
    section('suggested_articles');
    if (found.articles.length === 0) why('no_articles', label('no_articles'));
    found.articles.forEach((a, i) => {
      rows.push({ key: `a${a.reference}`, node: articleRow(f, a, i === s.suggestionCursor), entry: i });
      why(`aw${a.reference}`, whyText(a.why) || cut(a.summary, f.width));
    });
    section('similar_tickets');
    if (found.tickets.length === 0) why('no_tickets', label('no_tickets'));
    found.tickets.forEach((t, j) => {
      const i = found.articles.length + j;
      const selected = i === s.suggestionCursor;
      rows.push({
        key: `t${t.reference}`,
        node: h(
          Text,
          { key: `t${t.reference}`, wrap: 'truncate-end', inverse: selected, bold: selected },
          `${selected ? '>' : ' '} ${pad(t.reference, 16)}`,
          statusText(f, t.status, pad(shortStatus(t.status), 12)),
          cut(t.title, Math.max(10, f.width - 31)),
        ),
        entry: i,
      });
      why(`tw${t.reference}`, whyText(t.why));
    });
  }
  const room = Math.max(4, f.height - headerLines(d) - 4);
  const at = rows.findIndex((r) => r.entry === s.suggestionCursor && entries.length > 0);
  const start = Math.max(0, Math.min(at - room + 2, rows.length - room));
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    header(f, d),
    h(Text, { bold: true }, label('suggestions_title', { ref: d.ticket.reference })),
    found
      ? h(Box, { flexDirection: 'column' }, ...rows.slice(start, start + room).map((r) => r.node))
      : h(Text, null, label('loading')),
    noticeLine(f, s),
    footer(f, 'keys_suggestions'),
  );
}

/** Most queues listed per backlog section (the biggest today; a line says how many more). */
const BACKLOG_LINES = 6;
/** Lines kept for the breached and at-risk tickets, however many queues there are. */
const LATE_ROOM = 6;

/** A backlog section: one line per queue, today's figure and its trend over the period. */
function backlogSection(
  f: Frame,
  key: string,
  title: string,
  heading: string,
  lines: BacklogLine[],
  none: string,
  most: number,
): ReactNode[] {
  const name = (l: BacklogLine) => l.group ?? none;
  // With more queues than room, the last line says how many are left out.
  const shown = lines.length > most ? lines.slice(0, Math.max(1, most - 1)) : lines;
  const width = Math.min(24, Math.max([...heading].length, ...shown.map((l) => [...name(l)].length)) + 2);
  const today = Math.max(6, [...label('col_today')].length + 2);
  const out: ReactNode[] = [
    h(Text, { key: `${key}-title`, bold: true }, `— ${title}`),
    h(
      Text,
      { key: `${key}-head`, dimColor: f.colour, wrap: 'truncate-end' },
      `  ${pad(heading, width)}${label('col_today').padStart(today - 2)}  ${label('col_trend', { days: String(TREND_DAYS) })}`,
    ),
  ];
  if (lines.length === 0) out.push(h(Text, { key: `${key}-none` }, `  ${label('backlog_none')}`));
  for (const l of shown)
    out.push(
      h(
        Text,
        { key: `${key}-${l.group ?? ''}`, wrap: 'truncate-end' },
        `  ${pad(name(l), width)}${String(l.last).padStart(today - 2)}  ${sparkline(l.days)}`,
      ),
    );
  if (lines.length > shown.length)
    out.push(
      h(
        Text,
        { key: `${key}-more`, dimColor: f.colour },
        `  ${label('banner_more', { count: String(lines.length - shown.length) })}`,
      ),
    );
  return out;
}

/**
 * The staff dashboard: the backlog per service (and per team), today's figure and its trend, then
 * the tickets past a target and those at risk, nearest due time first, the worst clock named.
 */
export function dashboardScreen(f: Frame, s: State) {
  const d = s.dashboard;
  const title = h(
    Text,
    { bold: true, wrap: 'truncate-end' },
    label('dashboard_title'),
    d ? ` · ${label('dashboard_period', { from: dayText(d.from), to: dayText(d.to) })}` : '',
  );
  if (!d)
    return h(
      Box,
      { flexDirection: 'column', width: f.width },
      title,
      s.dashboardError
        ? h(Text, { wrap: 'wrap', ...(f.colour ? { color: 'red' } : {}) }, `! ${s.dashboardError}`)
        : h(Text, null, label('loading')),
      noticeLine(f, s),
      footer(f, 'keys_dashboard'),
    );
  // Each section's title and heading, then as many queues as the terminal leaves room for.
  const sections = d.teams ? 2 : 1;
  const most = Math.max(1, Math.min(BACKLOG_LINES, Math.floor((f.height - 4 - LATE_ROOM) / sections) - 2));
  const backlog = [
    ...backlogSection(
      f,
      'service',
      label('backlog_by_service'),
      label('col_queue_service'),
      d.services,
      label('no_service'),
      most,
    ),
    ...(d.teams
      ? backlogSection(
          f,
          'team',
          label('backlog_by_team'),
          label('col_queue_team'),
          d.teams,
          label('no_team'),
          most,
        )
      : []),
  ];
  const now = new Date();
  const late = lateTickets(d);
  const serviceWidth = Math.min(
    18,
    Math.max(8, ...late.map((t) => [...(t.subService ?? t.service ?? '—')].length + 2)),
  );
  const clocks = new Map(late.map((t) => [t.reference, `${worstClockName(t)} ${slaBadge(t, now)}`.trim()]));
  const clockWidth = Math.max(10, ...[...clocks.values()].map((c) => [...c].length + 1));
  const titleWidth = Math.max(10, f.width - 2 - 16 - serviceWidth - clockWidth);
  const rows: { key: string; node: ReactNode; entry: number }[] = [];
  const section = (key: string, text: string, tickets: Ticket[], offset: number) => {
    rows.push({ key, node: h(Text, { key, bold: true }, `— ${text}`), entry: -1 });
    if (tickets.length === 0)
      rows.push({
        key: `${key}-none`,
        node: h(Text, { key: `${key}-none` }, `  ${label('sla_none_listed')}`),
        entry: -1,
      });
    tickets.forEach((t, j) => {
      const i = offset + j;
      const selected = i === s.dashboardCursor;
      rows.push({
        key: `${key}-${t.reference}`,
        node: h(
          Text,
          { key: `${key}-${t.reference}`, inverse: selected, wrap: 'truncate-end' },
          `${selected ? '>' : ' '} ${pad(t.reference, 16)}${pad(t.title, titleWidth)}${pad(t.subService ?? t.service ?? '—', serviceWidth)}`,
          slaText(f, t, clocks.get(t.reference) ?? ''),
        ),
        entry: i,
      });
    });
  };
  section('breached', label('breached_title', { count: String(d.breached.length) }), d.breached, 0);
  section('at-risk', label('at_risk_title', { count: String(d.atRisk.length) }), d.atRisk, d.breached.length);
  const room = Math.max(4, f.height - backlog.length - 4);
  const at = rows.findIndex((r) => r.entry === s.dashboardCursor && late.length > 0);
  const start = Math.max(0, Math.min(at - room + 2, rows.length - room));
  return h(
    Box,
    { flexDirection: 'column', width: f.width },
    title,
    ...backlog,
    ...rows.slice(start, start + room).map((r) => r.node),
    noticeLine(f, s),
    footer(f, 'keys_dashboard'),
  );
}
