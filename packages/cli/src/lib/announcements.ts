import type { components, paths } from '@guichet/api/client';
import { type Connection, callApi } from './api.ts';
import { localDateTime } from './dates.ts';
import { cliLanguage, heading as h } from './messages.ts';
import type { Column } from './output.ts';
import { inert } from './terminal-text.ts';

export type Announcement = components['schemas']['Announcement'];
export type AnnouncementPage = components['schemas']['AnnouncementPage'];
export type NewAnnouncement = components['schemas']['CreateAnnouncement'];
export type AnnouncementUpdate = components['schemas']['PostAnnouncementUpdate'];
export type AnnouncementFilters = NonNullable<paths['/v1/announcements']['get']['parameters']['query']>;

/** The API calls of `guichet announce` (thin: every rule is the server's). */
export const announceApi = {
  list: ({ api, url }: Connection, query: AnnouncementFilters): Promise<AnnouncementPage> =>
    callApi(url, api.GET('/v1/announcements', { params: { query } })),
  create: ({ api, url }: Connection, body: NewAnnouncement): Promise<Announcement> =>
    callApi(url, api.POST('/v1/announcements', { body })),
  update: ({ api, url }: Connection, id: string, body: AnnouncementUpdate): Promise<Announcement> =>
    callApi(url, api.POST('/v1/announcements/{id}/updates', { params: { path: { id } }, body })),
};

const STATES = {
  upcoming: { fr: 'à venir', en: 'upcoming' },
  active: { fr: 'en cours', en: 'active' },
  past: { fr: 'terminée', en: 'past' },
} as const;

/** The state in the reader's words. */
export const stateWord = (state: Announcement['state']) => STATES[state][cliLanguage()];

/** The columns of `guichet announce list`. */
export const announcementColumns: Column<Announcement>[] = [
  { header: 'ID', value: (a) => a.id },
  { header: 'STATE', value: (a) => stateWord(a.state) },
  { header: 'SEVERITY', value: (a) => a.severityLabel },
  { header: 'STARTS', value: (a) => localDateTime(a.startsAt) },
  { header: 'SERVICE', value: (a) => a.services.join(', ') || '*' },
  { header: 'TITLE', value: (a) => a.title, flexible: true },
];

/** One announcement for a person: what, where, when, then its updates, oldest first. */
export function renderAnnouncement(a: Announcement): string {
  const label = (key: Parameters<typeof h>[0]) => h(key).padEnd(16);
  const period = [localDateTime(a.startsAt), a.endsAt ? localDateTime(a.endsAt) : '…'].join(' → ');
  const lines = [
    `${label('Announcement')}${a.id}  ${a.title}`,
    `${label('Severity')}${a.severityLabel}`,
    `${label('State')}${stateWord(a.state)}${a.phase ? ` (${a.updates.at(-1)?.statusLabel ?? a.phase})` : ''}`,
    `${label('Period')}${period}`,
    `${label('Services')}${a.services.join(', ') || '*'}`,
    `${label('Establishments')}${a.establishments.join(', ') || '*'}`,
    `${label('Audience')}${a.audience}`,
  ];
  if (a.linkedTicket) lines.push(`${label('Ticket')}${a.linkedTicket}`);
  if (a.body.trim()) lines.push('', a.body.trimEnd());
  if (a.updates.length > 0) {
    lines.push('', h('Updates'));
    for (const u of a.updates) lines.push(`  ${localDateTime(u.postedAt)}  ${u.statusLabel} : ${u.message}`);
  }
  // Titles and bodies are people's text: nothing in them may drive the terminal.
  return inert(lines.join('\n'));
}
