import type { components } from '@guichet/api/client';
import { type Connection, callApi } from './api.ts';
import { localDateTime } from './dates.ts';
import { heading as h, t } from './messages.ts';
import type { Column } from './output.ts';
import { inert } from './terminal-text.ts';
import { word } from './vocabulary.ts';

export type Problem = components['schemas']['ProblemAnalysis'];
export type ProblemChanges = components['schemas']['UpdateProblem'];
export type LinkedIncident = components['schemas']['LinkedIncident'];
export type ResolveIncidentsReport = components['schemas']['ResolveIncidentsReport'];
export type ResolveIncidentsBody = components['schemas']['ResolveIncidents'];
export type SuggestedIncident = components['schemas']['SuggestedIncident'];

const ifMatch = (version: number | undefined) =>
  version === undefined ? {} : { header: { 'if-match': `"v${version}"` } };

/** The API calls of `guichet problems` (thin: every rule is the server's). */
export const problemsApi = {
  get: ({ api, url }: Connection, reference: string): Promise<Problem> =>
    callApi(url, api.GET('/v1/problems/{reference}', { params: { path: { reference } } })),
  ofTicket: ({ api, url }: Connection, reference: string): Promise<Problem> =>
    callApi(url, api.GET('/v1/tickets/{reference}/problem', { params: { path: { reference } } })),
  edit: (
    { api, url }: Connection,
    input: { reference: string; changes: ProblemChanges; ifMatch?: number },
  ): Promise<Problem> =>
    callApi(
      url,
      api.PUT('/v1/problems/{reference}', {
        params: { path: { reference: input.reference }, ...ifMatch(input.ifMatch) },
        body: input.changes,
      }),
    ),
  incidents: ({ api, url }: Connection, reference: string): Promise<LinkedIncident[]> =>
    callApi(url, api.GET('/v1/problems/{reference}/incidents', { params: { path: { reference } } })),
  link: ({ api, url }: Connection, input: { reference: string; incident: string }): Promise<LinkedIncident> =>
    callApi(
      url,
      api.POST('/v1/problems/{reference}/incidents', {
        params: { path: { reference: input.reference } },
        body: { incident: input.incident },
      }),
    ),
  unlink: async ({ api, url }: Connection, input: { reference: string; incident: string }): Promise<void> => {
    await callApi(
      url,
      api.DELETE('/v1/problems/{reference}/incidents/{incident}', {
        params: { path: { reference: input.reference, incident: input.incident } },
      }),
    );
  },
  resolve: (
    { api, url }: Connection,
    input: { reference: string; body: ResolveIncidentsBody; ifMatch?: number },
  ): Promise<ResolveIncidentsReport> =>
    callApi(
      url,
      api.POST('/v1/problems/{reference}/resolve-incidents', {
        params: { path: { reference: input.reference }, ...ifMatch(input.ifMatch) },
        body: input.body,
      }),
    ),
  suggest: (
    { api, url }: Connection,
    input: { reference: string; windowDays?: number; limit?: number },
  ): Promise<SuggestedIncident[]> =>
    callApi(
      url,
      api.GET('/v1/problems/{reference}/suggested-incidents', {
        params: {
          path: { reference: input.reference },
          query: {
            ...(input.windowDays !== undefined ? { windowDays: input.windowDays } : {}),
            ...(input.limit !== undefined ? { limit: input.limit } : {}),
          },
        },
      }),
    ),
};

/** A problem for the terminal: the ticket, then the analysis (what the caller may read of it). */
export function renderProblem(problem: Problem): string {
  const label = (key: Parameters<typeof h>[0]) => h(key).padEnd(16);
  const p = problem.problem;
  const lines = [
    `${label('Problem')}${p.reference}  ${p.title}`,
    `${label('Status')}${word('status', p.status)}`,
    `${label('Service')}${p.service ?? ''}`,
  ];
  if (problem.view === 'staff') {
    if (problem.problem.resolvedAt) {
      lines.push(`${label('Resolved')}${localDateTime(problem.problem.resolvedAt)}`);
    }
    lines.push(`${label('Incidents')}${problem.incidentCount}`);
    if (problem.knownErrorArticle) lines.push(`${label('Known error')}${problem.knownErrorArticle}`);
    lines.push(`${label('version')}${problem.version}`);
    if (problem.operations.length) lines.push(`${label('Actions')}${problem.operations.join(', ')}`);
    const visibility = (v: string) => ` (${word('visibility', v)})`;
    if (problem.rootCause) {
      lines.push('', `${h('Root cause')}${visibility(problem.rootCauseVisibility)}`, problem.rootCause);
    }
    if (problem.workaround) {
      lines.push('', `${h('Workaround')}${visibility(problem.workaroundVisibility)}`, problem.workaround);
    }
    if (problem.problem.solution) lines.push('', h('Solution'), problem.problem.solution);
  } else {
    if (problem.knownErrorArticle) lines.push(`${label('Known error')}${problem.knownErrorArticle}`);
    if (problem.rootCause) lines.push('', h('Root cause'), problem.rootCause);
    if (problem.workaround) lines.push('', h('Workaround'), problem.workaround);
  }
  // Titles and analyses are people's text.
  return inert(lines.join('\n'));
}

export const incidentColumns: Column<LinkedIncident>[] = [
  { header: 'REF', value: (i) => i.reference },
  { header: 'STATUS', value: (i) => word('status', i.status) },
  { header: 'SERVICE', value: (i) => i.service },
  { header: 'ESTABLISHMENT', value: (i) => i.establishment },
  { header: 'CREATED', value: (i) => localDateTime(i.createdAt) },
  { header: 'TITLE', value: (i) => inert(i.title), flexible: true },
];

type Outcome = ResolveIncidentsReport['incidents'][number];

export const outcomeColumns: Column<Outcome>[] = [
  { header: 'REF', value: (o) => o.reference },
  { header: 'OUTCOME', value: (o) => t(`problems_outcome_${o.outcome}`) },
  {
    header: 'DETAIL',
    value: (o) => (o.outcome === 'refused' ? `${o.code}: ${o.message}` : word('status', o.status)),
    flexible: true,
  },
];

/** Why a suggestion matched, in one line. */
export function suggestionWhy(s: SuggestedIncident): string {
  return s.reasons
    .map((r) => {
      switch (r.kind) {
        case 'same_service':
          return t('problems_why_service', { service: String(r.value) });
        case 'time_window':
          return t('problems_why_days', { days: String(r.value) });
        case 'similar_title':
          return t('problems_why_title', { score: Math.round(Number(r.value) * 100) });
        case 'shared_terms':
          return t('problems_why_terms', { terms: (r.terms ?? []).join(', ') });
      }
      return '';
    })
    .join(' ; ');
}

export const suggestionColumns: Column<SuggestedIncident>[] = [
  { header: 'REF', value: (s) => s.reference },
  { header: 'STATUS', value: (s) => word('status', s.status) },
  { header: 'SCORE', value: (s) => s.score },
  { header: 'TITLE', value: (s) => inert(s.title), flexible: true },
  { header: 'WHY', value: suggestionWhy, flexible: true },
];
