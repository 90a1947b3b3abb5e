import { readDate } from '../lib/dates.ts';
import type { Ticket, TuiData } from './data.ts';
import { type LabelKey, label } from './labels.ts';

export interface Choice {
  label: string;
  value: string;
}

/** One field of an action's form: typed text, or a pick in a list (which may depend on earlier answers). */
export interface Field {
  key: string;
  label: LabelKey;
  kind: 'text' | 'pick';
  optional?: boolean;
  choices?: (data: TuiData, values: Record<string, string>) => Promise<Choice[]>;
  /** The choice to start on, from the ticket (its service, its team). */
  preset?: (ticket: Ticket) => string | null | undefined;
}

const teams: Field['choices'] = async (data) =>
  (await data.teams()).map((t) => ({ label: `${t.name} (${t.code})`, value: t.code }));
const agents: Field['choices'] = async (data, values) =>
  ((await data.teams()).find((t) => t.code === values.team)?.members ?? []).map((m) => ({
    label: `${m.displayName} <${m.email}>`,
    value: m.email,
  }));
const types: Field['choices'] = async () => [
  { label: label('none'), value: '' },
  ...['incident', 'request', 'problem'].map((t) => ({ label: t, value: t })),
];
const services: Field['choices'] = async (data) =>
  (await data.services()).map((s) => ({ label: `${s.name} (${s.code})`, value: s.code }));

/** The form of each action the API offers (its `actions` list names which apply now). */
export const FORMS: Record<string, Field[]> = {
  approve: [{ key: 'comment', label: 'field_comment', kind: 'text', optional: true }],
  reject: [{ key: 'reason', label: 'field_reason', kind: 'text' }],
  assign: [
    { key: 'team', label: 'field_team', kind: 'pick', choices: teams, preset: (t) => t.team },
    { key: 'agent', label: 'field_agent', kind: 'pick', choices: agents },
    { key: 'type', label: 'field_type', kind: 'pick', choices: types, optional: true },
  ],
  reassign: [
    { key: 'team', label: 'field_team', kind: 'pick', choices: teams },
    { key: 'agent', label: 'field_agent', kind: 'pick', choices: agents },
    { key: 'reason', label: 'field_reason_optional', kind: 'text', optional: true },
  ],
  pend: [
    { key: 'until', label: 'field_until', kind: 'text', optional: true },
    { key: 'reason', label: 'field_reason', kind: 'text' },
  ],
  resume: [{ key: 'note', label: 'field_note', kind: 'text', optional: true }],
  request_info: [{ key: 'question', label: 'field_question', kind: 'text' }],
  resolve: [
    {
      key: 'service',
      label: 'field_service',
      kind: 'pick',
      choices: services,
      preset: (t) => t.subService ?? t.service,
    },
    { key: 'solution', label: 'field_solution', kind: 'text' },
  ],
  reopen: [{ key: 'reason', label: 'field_reason', kind: 'text' }],
  close: [{ key: 'comment', label: 'field_comment', kind: 'text', optional: true }],
  reply: [{ key: 'body', label: 'field_body', kind: 'text' }],
  note: [{ key: 'body', label: 'field_body', kind: 'text' }],
  provider_escalate: [
    { key: 'provider', label: 'field_provider', kind: 'text' },
    { key: 'externalId', label: 'field_external', kind: 'text' },
  ],
};

/** The request body of an action from the form's answers (empty optional answers left out). */
export function bodyOf(action: string, values: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of FORMS[action] ?? []) {
    const value = values[field.key]?.trim() ?? '';
    if (value !== '') body[field.key] = value;
  }
  if (action === 'pend') {
    // Nothing means "until the requester answers".
    const typed = values.until?.trim() ?? '';
    const reading = readDate(typed, 8);
    body.until = typed === '' ? null : reading.ok ? reading.instant : typed;
  }
  return body;
}
