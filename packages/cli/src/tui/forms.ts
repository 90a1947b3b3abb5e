import { dateRefusal, readDate } from '../lib/dates.ts';
import { word } from '../lib/vocabulary.ts';
import type { Ticket, TuiData } from './data.ts';
import { type LabelKey, label } from './labels.ts';

/** One entry of a picker; `parent` tells a sub-service from a service. */
export interface Choice {
  label: string;
  value: string;
  parent?: string | null;
}

/** One field of an action's form: typed text, or a pick in a list (which may depend on earlier answers). */
export interface Field {
  key: string;
  label: LabelKey;
  /** The field's name in messages, when its label carries a hint (`Jusqu’au (JJ/MM/AAAA…)`). */
  name?: LabelKey;
  kind: 'text' | 'pick';
  optional?: boolean;
  /** The text to start from, taken from the ticket (the title when editing it…). */
  initial?: (ticket: Ticket) => string | null | undefined;
  choices?: (data: TuiData, values: Record<string, string>, ticket: Ticket) => Promise<Choice[]>;
  /** The choice to start on (the ticket's team, else the service's default team…). */
  preset?: (
    data: TuiData,
    values: Record<string, string>,
    ticket: Ticket,
  ) => Promise<string | null | undefined> | string | null | undefined;
  /** Checked before anything is sent: the problem in words, or null. */
  check?: (value: string) => string | null;
  /** The API's names of this field in a problem's `errors[].field`, besides `key`. */
  apiFields?: string[];
}

const teams: Field['choices'] = async (data) =>
  (await data.teams()).map((t) => ({ label: `${t.name} (${t.code})`, value: t.code }));
const agents: Field['choices'] = async (data, values) =>
  ((await data.teams()).find((t) => t.code === values.team)?.members ?? []).map((m) => ({
    label: `${m.displayName} <${m.email}>`,
    value: m.email,
  }));
const codes =
  (kind: 'type' | 'impact' | 'urgency' | 'providerStatus', list: readonly string[]): Field['choices'] =>
  async () =>
    list.map((code) => ({ label: word(kind, code), value: code }));
const services: Field['choices'] = async (data) =>
  (await data.services()).map((s) => ({ label: `${s.name} (${s.code})`, value: s.code, parent: s.parent }));
const providers: Field['choices'] = async (data) =>
  (await data.providers()).map((p) => ({ label: `${p.name} (${p.code})`, value: p.code }));

/** The ticket's team, or else the default team of its (sub-)service. */
const teamOfTicket: Field['preset'] = async (data, _values, t) => {
  if (t.team) return t.team;
  const service = t.subService ?? t.service;
  return service ? data.defaultTeam(service) : null;
};
const agentOfTicket: Field['preset'] = (_data, values, t) =>
  t.agent && values.team === t.team ? t.agent.email : null;
const serviceOfTicket: Field['preset'] = (_data, _values, t) => t.subService ?? t.service;

const pendUntil: Field = {
  key: 'until',
  label: 'field_until',
  name: 'field_until_short',
  kind: 'text',
  optional: true,
  check: (value) => {
    if (!value.trim()) return null;
    const reading = readDate(value, 8);
    return reading.ok ? null : dateRefusal(label('field_until_short'), value, reading.problem);
  },
};

/** A date the announcement form takes (a day alone is its start, midnight). */
const dateField = (key: string, fieldLabel: LabelKey, name: LabelKey): Field => ({
  key,
  label: fieldLabel,
  name,
  kind: 'text',
  optional: true,
  check: (value) => {
    if (!value.trim()) return null;
    const reading = readDate(value, 0);
    return reading.ok ? null : dateRefusal(label(name), value, reading.problem);
  },
});

export const SEVERITIES = ['information', 'degraded', 'outage', 'maintenance'] as const;
export const PHASES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

/** The announcements linked to the ticket that the caller may follow up (the API's `editable`). */
const announcementsToFollow: Field['choices'] = async (data, _values, t) =>
  (await data.announcementsOf(t.reference))
    .filter((a) => a.editable)
    .map((a) => ({ label: `[${label(`severity_${a.severity}` as LabelKey)}] ${a.title}`, value: a.id }));

const TYPES = ['incident', 'request', 'problem'] as const;
const LEVELS = ['high', 'medium', 'low'] as const;

/**
 * The form of each action the API offers (its `actions` list names which apply now). A type is
 * always picked among the three (assign needs one when the ticket has none, so there is no "—").
 */
export const FORMS: Record<string, Field[]> = {
  approve: [{ key: 'comment', label: 'field_comment', kind: 'text', optional: true }],
  reject: [{ key: 'reason', label: 'field_reason', kind: 'text' }],
  assign: [
    { key: 'team', label: 'field_team', kind: 'pick', choices: teams, preset: teamOfTicket },
    { key: 'agent', label: 'field_agent', kind: 'pick', choices: agents, preset: agentOfTicket },
    {
      key: 'type',
      label: 'field_type',
      kind: 'pick',
      choices: codes('type', TYPES),
      preset: (_d, _v, t) => t.type,
    },
  ],
  reassign: [
    { key: 'team', label: 'field_team', kind: 'pick', choices: teams, preset: teamOfTicket },
    { key: 'agent', label: 'field_agent', kind: 'pick', choices: agents, preset: agentOfTicket },
    { key: 'reason', label: 'field_reason_optional', kind: 'text', optional: true },
  ],
  pend: [pendUntil, { key: 'reason', label: 'field_reason', kind: 'text' }],
  resume: [{ key: 'note', label: 'field_note', kind: 'text', optional: true }],
  request_info: [{ key: 'question', label: 'field_question', kind: 'text' }],
  resolve: [
    {
      key: 'service',
      label: 'field_service',
      kind: 'pick',
      choices: services,
      preset: serviceOfTicket,
      apiFields: ['subService'],
    },
    { key: 'solution', label: 'field_solution', kind: 'text' },
  ],
  reopen: [{ key: 'reason', label: 'field_reason', kind: 'text' }],
  close: [{ key: 'comment', label: 'field_comment', kind: 'text', optional: true }],
  reply: [{ key: 'body', label: 'field_body', kind: 'text' }],
  note: [{ key: 'body', label: 'field_body', kind: 'text' }],
  edit: [
    { key: 'title', label: 'field_title', kind: 'text', initial: (t) => t.title },
    {
      key: 'type',
      label: 'field_type',
      kind: 'pick',
      choices: codes('type', TYPES),
      preset: (_d, _v, t) => t.type,
    },
    {
      key: 'impact',
      label: 'field_impact',
      kind: 'pick',
      choices: codes('impact', LEVELS),
      preset: (_d, _v, t) => t.impact,
    },
    {
      key: 'urgency',
      label: 'field_urgency',
      kind: 'pick',
      choices: codes('urgency', LEVELS),
      preset: (_d, _v, t) => t.urgency,
    },
    {
      key: 'service',
      label: 'field_service',
      kind: 'pick',
      choices: services,
      preset: serviceOfTicket,
      apiFields: ['subService'],
    },
  ],
  provider_escalate: [
    { key: 'provider', label: 'field_provider', kind: 'pick', choices: providers },
    { key: 'externalId', label: 'field_external', kind: 'text' },
  ],
  provider_update: [
    {
      key: 'referenceId',
      label: 'field_provider_ref',
      kind: 'pick',
      choices: async (_d, _v, t) =>
        t.providerReferences.map((r) => ({
          label: `${r.provider} ${r.externalId} (${word('providerStatus', r.status)})`,
          value: r.id,
        })),
    },
    {
      key: 'status',
      label: 'field_provider_status',
      kind: 'pick',
      choices: codes('providerStatus', ['open', 'resolved', 'closed']),
      preset: (_d, v, t) => t.providerReferences.find((r) => r.id === v.referenceId)?.status,
    },
    { key: 'notes', label: 'field_notes', kind: 'text', optional: true },
  ],
  // Not workflow actions either: an announcement published from a problem (POST /v1/announcements,
  // linked to it), and an update posted to one linked to it (POST /v1/announcements/{id}/updates).
  announce: [
    {
      key: 'title',
      label: 'field_announce_title',
      name: 'field_title',
      kind: 'text',
      initial: (t) => t.title,
      apiFields: ['title.fr'],
    },
    {
      key: 'title_en',
      label: 'field_announce_title_en',
      name: 'field_title_en_short',
      kind: 'text',
      optional: true,
      apiFields: ['title.en'],
    },
    {
      key: 'body',
      label: 'field_announce_body',
      name: 'field_body',
      kind: 'text',
      optional: true,
      apiFields: ['body.fr'],
    },
    {
      key: 'severity',
      label: 'field_severity',
      kind: 'pick',
      choices: async () =>
        SEVERITIES.map((code) => ({ label: label(`severity_${code}` as LabelKey), value: code })),
      preset: () => 'degraded',
    },
    dateField('startsAt', 'field_starts', 'field_starts_short'),
    dateField('endsAt', 'field_ends', 'field_ends_short'),
    {
      key: 'services',
      label: 'field_services',
      name: 'field_services_short',
      kind: 'text',
      optional: true,
      initial: (t) => t.subService ?? t.service,
    },
    {
      key: 'linkedTicket',
      label: 'field_linked_problem',
      name: 'field_linked_problem_short',
      kind: 'text',
      optional: true,
      initial: (t) => t.reference,
    },
  ],
  announce_update: [
    { key: 'announcement', label: 'field_announcement', kind: 'pick', choices: announcementsToFollow },
    {
      key: 'status',
      label: 'field_phase',
      kind: 'pick',
      choices: async () => PHASES.map((code) => ({ label: label(`phase_${code}` as LabelKey), value: code })),
    },
    {
      key: 'message',
      label: 'field_update_message',
      name: 'field_body',
      kind: 'text',
      apiFields: ['message.fr'],
    },
  ],
  // Not one of the ticket's workflow actions: a draft article the server writes from the resolution
  // (POST /v1/tickets/{ref}/articles); these fields override what it would take from the ticket.
  write_article: [
    {
      key: 'title',
      label: 'field_article_title',
      name: 'field_title',
      kind: 'text',
      initial: (t) => t.title,
    },
    { key: 'summary', label: 'field_summary', name: 'field_summary_short', kind: 'text', optional: true },
    { key: 'tags', label: 'field_tags', name: 'field_tags_short', kind: 'text', optional: true },
  ],
};

/** The form field a problem's `errors[].field` names (`until`, `changes.title`, `subService`, `tags.1`…), if any. */
export function fieldOfProblem(fields: Field[], apiField: string): Field | undefined {
  const bare = apiField
    .replace(/^changes\./, '')
    .replace(/\.\d+$/, '')
    .replace(/Id$/, '');
  return fields.find((f) => f.key === apiField || f.key === bare || f.apiFields?.includes(bare));
}

/** A service pick as the API wants it: a sub-service goes with its parent. */
function servicePair(values: Record<string, string>): { service: string; subService: string | null } {
  const parent = values['service:parent'];
  return parent
    ? { service: parent, subService: values.service! }
    : { service: values.service!, subService: null };
}

/**
 * The request body of an action from the form's answers: empty optional answers left out, a date as
 * the instant the API takes, a sub-service with its service; for `edit`, only what changed.
 */
export function bodyOf(
  action: string,
  values: Record<string, string>,
  ticket: Ticket,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of FORMS[action] ?? []) {
    const value = values[field.key]?.trim() ?? '';
    if (value !== '') body[field.key] = value;
  }
  if (action === 'pend') {
    // Nothing means "until the requester answers".
    const reading = readDate(values.until ?? '', 8);
    body.until = reading.ok ? reading.instant : null;
  }
  if (action === 'resolve' && values.service) {
    // resolve takes no null sub-service: none is said by leaving it out.
    const { service, subService } = servicePair(values);
    Object.assign(body, { service }, subService ? { subService } : {});
  }
  if (action === 'write_article' && typeof body.tags === 'string') {
    body.tags = body.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    // No code left: the server finds them in the ticket, as when the field is left empty.
    if ((body.tags as string[]).length === 0) delete body.tags;
  }
  if (action === 'announce') return announcementBody(values);
  if (action === 'announce_update')
    return {
      announcement: values.announcement,
      status: values.status,
      message: { fr: values.message?.trim() ?? '' },
    };
  if (action === 'edit') {
    const wanted: Record<string, unknown> = { ...body, ...(values.service ? servicePair(values) : {}) };
    const current: Record<string, unknown> = {
      title: ticket.title,
      type: ticket.type,
      impact: ticket.impact,
      urgency: ticket.urgency,
      service: ticket.service,
      subService: ticket.subService,
    };
    return Object.fromEntries(Object.entries(wanted).filter(([k, v]) => k in current && current[k] !== v));
  }
  return body;
}

/** The announcement to publish: texts in French (and English when given), codes listed, dates as instants. */
function announcementBody(values: Record<string, string>): Record<string, unknown> {
  const text = (key: string) => values[key]?.trim() ?? '';
  const instant = (key: string) => {
    const reading = readDate(text(key), 0);
    return reading.ok ? reading.instant : undefined;
  };
  const services = text('services')
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean);
  return {
    title: { fr: text('title'), ...(text('title_en') ? { en: text('title_en') } : {}) },
    ...(text('body') ? { body: { fr: text('body') } } : {}),
    severity: values.severity,
    services,
    ...(text('startsAt') ? { startsAt: instant('startsAt') } : {}),
    ...(text('endsAt') ? { endsAt: instant('endsAt') } : {}),
    linkedTicket: text('linkedTicket') || null,
  };
}
