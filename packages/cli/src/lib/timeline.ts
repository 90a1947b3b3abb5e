import type { components } from '@guichet/api/client';
import { formatSize } from '../services/tickets/attachments.ts';
import { localDateTime } from './dates.ts';
import { cliLanguage } from './messages.ts';
import { type WORDS, type WordKind, word } from './vocabulary.ts';

type Ticket = components['schemas']['Ticket'];
type TicketEvent = components['schemas']['TicketEvent'];
type Team = components['schemas']['Team'];
type Language = 'fr' | 'en';

/**
 * The timeline in words, for the command line (`tickets timeline`, `tickets show`) and the terminal
 * UI alike: one sentence per event with names and codes (team code, technician name and email,
 * service code, local dates), never the ids or JSON the API stores in `data`. The ids are resolved
 * from what the API gives with the ticket (its current team, agent, service…, matched to the last
 * change of each field), the people met (requester, actors, team members) and the teams list;
 * what cannot be resolved is named generically ("another team").
 */

/** The ids of a timeline resolved to what a person reads. */
export interface Names {
  person: Map<string, { displayName: string; email: string }>;
  /** Ticket field (`teamId`, `serviceId`…) → id → code or reference. */
  codes: Map<string, Map<string, string>>;
  /** Provider reference id → `provider externalId`. */
  providerReferences: Map<string, string>;
  /** The timeline, to know a field's value at any event (a field an event does not change). */
  events: TicketEvent[];
  /** The ticket's current codes, for fields no event ever changed. */
  current: Partial<Record<keyof typeof ID_FIELDS, string | null>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fields whose values are ids, and the ticket property holding the current code of each. */
const ID_FIELDS = {
  teamId: 'team',
  serviceId: 'service',
  subServiceId: 'subService',
  establishmentId: 'establishment',
  linkedProblemId: 'linkedProblem',
} as const;

type Change = { before?: unknown; after?: unknown };
const changesOf = (e: TicketEvent) => (e.data.changes ?? {}) as Record<string, Change>;

/** Whether the teams list would name people or teams that the ticket and the events alone cannot. */
export function needsTeams(ticket: Ticket, events: TicketEvent[]): boolean {
  const names = namesFor(ticket, events);
  return events.some((e) =>
    Object.entries(changesOf(e)).some(
      ([key, c]) =>
        (key === 'agentId' || key === 'teamId') &&
        [c.before, c.after].some(
          (v) =>
            typeof v === 'string' &&
            !(key === 'agentId' ? names.person.has(v) : names.codes.get('teamId')?.has(v)),
        ),
    ),
  );
}

/** Resolves the ids of a ticket's timeline from the ticket, its events and (optionally) the teams. */
export function namesFor(ticket: Ticket, events: TicketEvent[], teams: Team[] = []): Names {
  const person = new Map<string, { displayName: string; email: string }>();
  const meet = (p: { id: string; displayName: string; email: string } | null | undefined) => {
    if (p) person.set(p.id, { displayName: p.displayName, email: p.email });
  };
  for (const team of teams) for (const member of team.members) meet(member);
  meet(ticket.requester);
  meet(ticket.createdBy);
  meet(ticket.agent);
  for (const e of events) meet(e.actor);

  const codes = new Map<string, Map<string, string>>(Object.keys(ID_FIELDS).map((k) => [k, new Map()]));
  // The last change of a field leads to the ticket's current value.
  for (const [field, property] of Object.entries(ID_FIELDS)) {
    const last = events.findLast((e) => changesOf(e)[field] !== undefined);
    const id = last ? changesOf(last)[field]!.after : undefined;
    const code = ticket[property];
    if (typeof id === 'string' && code) codes.get(field)!.set(id, code);
  }
  // The first service, before any change of it, is the one approval was asked for.
  const asked = events.find((e) => e.type === 'approval_requested')?.data.service;
  const firstServiceChange = events.find((e) => changesOf(e).serviceId !== undefined);
  const firstService = firstServiceChange ? changesOf(firstServiceChange).serviceId!.before : undefined;
  if (typeof asked === 'string' && typeof firstService === 'string')
    codes.get('serviceId')!.set(firstService, asked);
  // An agent who belongs to one team only names the team of the same assignment.
  for (const e of events) {
    const changes = changesOf(e);
    const agent = changes.agentId?.after;
    const team = changes.teamId?.after;
    if (typeof agent !== 'string' || typeof team !== 'string') continue;
    const theirs = teams.filter((t) => t.members.some((m) => m.id === agent));
    if (theirs.length === 1 && !codes.get('teamId')!.has(team))
      codes.get('teamId')!.set(team, theirs[0]!.code);
  }
  const providerReferences = new Map(
    ticket.providerReferences.map((r) => [r.id, `${r.provider} ${r.externalId}`] as const),
  );
  const current = Object.fromEntries(
    Object.entries(ID_FIELDS).map(([field, property]) => [field, ticket[property]]),
  ) as Names['current'];
  return { person, codes, providerReferences, events, current };
}

/** One event for a reader: when (local), who, the event's name, a sentence, whether it is internal. */
export interface EventLine {
  when: string;
  at: string;
  who: string;
  what: string;
  text: string;
  internal: boolean;
  /** The files the event carries, as `name (size, type)`, with their ids for `tickets attachment get`. */
  attachments: { id: string; label: string }[];
}

/** Every event of a timeline in words (oldest first, as the API gives them). */
export function timelineLines(events: TicketEvent[], names: Names): EventLine[] {
  return events.map((e) => describeEvent(e, names));
}

export function describeEvent(e: TicketEvent, names: Names): EventLine {
  const language = cliLanguage();
  const say = new Say(names, language, e);
  const sentence = SENTENCES[e.type as keyof typeof SENTENCES];
  const text = sentence ? sentence[language](e.data, say) : say.fallback(e.type, e.data);
  const extra = [
    typeof e.data.rule === 'string'
      ? language === 'fr'
        ? `règle ${e.data.rule}`
        : `rule ${e.data.rule}`
      : '',
    typeof e.data.via === 'string' ? `via ${e.data.via}` : '',
  ].filter(Boolean);
  return {
    when: localDateTime(e.createdAt),
    at: e.createdAt,
    who: e.actor ? e.actor.displayName : SYSTEM[language],
    what: word('event', e.type) || e.type,
    text: extra.length > 0 ? `${text} (${extra.join(', ')})` : text,
    internal: e.visibility === 'internal',
    attachments: (e.attachments ?? []).map((a) => ({
      id: a.id,
      label: `${a.filename} (${formatSize(a.size, language)}, ${a.contentType})`,
    })),
  };
}

const SYSTEM = { fr: 'Guichet (automatique)', en: 'Guichet (automatic)' };

/** Field names of a change, for `field_changed` and the fallback. */
const FIELD_NAMES: Record<string, { fr: string; en: string }> = {
  title: { fr: 'titre', en: 'title' },
  description: { fr: 'description', en: 'description' },
  type: { fr: 'type', en: 'type' },
  impact: { fr: 'impact', en: 'impact' },
  urgency: { fr: 'urgence', en: 'urgency' },
  serviceId: { fr: 'service', en: 'service' },
  subServiceId: { fr: 'sous-service', en: 'sub-service' },
  establishmentId: { fr: 'établissement', en: 'establishment' },
  linkedProblemId: { fr: 'problème lié', en: 'linked problem' },
  teamId: { fr: 'équipe', en: 'team' },
  agentId: { fr: 'technicien', en: 'technician' },
  pendingUntil: { fr: 'attente jusqu’au', en: 'on hold until' },
  pendingKind: { fr: 'attente', en: 'hold' },
  pendingReason: { fr: 'motif de l’attente', en: 'reason for the hold' },
  solution: { fr: 'solution', en: 'solution' },
  rejectionReason: { fr: 'motif du refus', en: 'reason for rejection' },
  resolvedAt: { fr: 'résolu le', en: 'resolved on' },
  closedAt: { fr: 'clos le', en: 'closed on' },
  status: { fr: 'statut', en: 'status' },
  channel: { fr: 'canal', en: 'channel' },
};

const UNKNOWN = {
  teamId: { fr: 'une autre équipe', en: 'another team' },
  agentId: { fr: 'un autre technicien', en: 'another technician' },
  serviceId: { fr: 'un autre service', en: 'another service' },
  subServiceId: { fr: 'un autre sous-service', en: 'another sub-service' },
  establishmentId: { fr: 'un autre établissement', en: 'another establishment' },
  linkedProblemId: { fr: 'un autre ticket', en: 'another ticket' },
  id: { fr: 'un élément', en: 'an item' },
};

const WORD_OF: Record<string, WordKind> = {
  type: 'type',
  impact: 'impact',
  urgency: 'urgency',
  pendingKind: 'pendingKind',
  status: 'status',
  channel: 'channel',
};
const DATES = new Set(['pendingUntil', 'resolvedAt', 'closedAt']);

/** The words of sentences: values formatted for the reader, ids resolved. */
class Say {
  readonly names: Names;
  readonly language: Language;
  readonly event: TicketEvent;
  constructor(names: Names, language: Language, event: TicketEvent) {
    this.names = names;
    this.language = language;
    this.event = event;
  }

  /**
   * The code of an id field as it stood after this event: its change here, else the last change
   * before, else the value the next change started from, else the ticket's current code.
   */
  codeAt(field: keyof typeof ID_FIELDS): string {
    const events = this.names.events;
    const index = events.indexOf(this.event);
    const change = (e: TicketEvent | undefined) => (e ? changesOf(e)[field] : undefined);
    const here = change(this.event)?.after;
    const earlier = change(
      events.slice(0, Math.max(0, index)).findLast((e) => change(e) !== undefined),
    )?.after;
    const later = change(events.slice(index + 1).find((e) => change(e) !== undefined))?.before;
    const id = here ?? earlier ?? later;
    if (id === undefined) return this.names.current[field] ?? UNKNOWN[field][this.language];
    return id === null ? '—' : this.code(field, id);
  }

  /** A quoted text (« … » in French), on one line. */
  q(text: unknown): string {
    const one = String(text ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    return this.language === 'fr' ? `« ${one} »` : `"${one}"`;
  }

  person(id: unknown): string {
    const p = typeof id === 'string' ? this.names.person.get(id) : undefined;
    return p ? `${p.displayName} <${p.email}>` : UNKNOWN.agentId[this.language];
  }

  /** The code of an id of a ticket field (`teamId`…), or a generic name. */
  code(field: keyof typeof ID_FIELDS, id: unknown): string {
    const code = typeof id === 'string' ? this.names.codes.get(field)?.get(id) : undefined;
    return code ?? UNKNOWN[field][this.language];
  }

  /** A value of a ticket field in words. */
  value(field: string, value: unknown): string {
    if (value === null || value === undefined || value === '') return '—';
    if (field === 'agentId') return this.person(value);
    if (field in ID_FIELDS) return this.code(field as keyof typeof ID_FIELDS, value);
    if (WORD_OF[field]) return word(WORD_OF[field]!, String(value));
    if (DATES.has(field)) return localDateTime(String(value));
    if (typeof value === 'string' && UUID.test(value)) return UNKNOWN.id[this.language];
    if (typeof value === 'string') return this.q(value);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.flat(value as Record<string, unknown>);
  }

  field(name: string): string {
    return FIELD_NAMES[name]?.[this.language] ?? name;
  }

  /** `champ : avant → après` for each change, the status left out (the event says it). */
  changes(changes: unknown, leaveOut: string[] = []): string {
    return Object.entries((changes ?? {}) as Record<string, Change>)
      .filter(([k]) => k !== 'status' && !leaveOut.includes(k))
      .map(([k, c]) =>
        c && typeof c === 'object' && ('before' in c || 'after' in c)
          ? `${this.field(k)} ${this.value(k, c.before)} → ${this.value(k, c.after)}`
          : `${this.field(k)} ${this.value(k, c)}`,
      )
      .join(', ');
  }

  /** Any object as `key value` pairs, never JSON. */
  flat(data: Record<string, unknown>): string {
    return Object.entries(data)
      .filter(([k, v]) => v !== null && v !== undefined && v !== '' && k !== 'via' && k !== 'rule')
      .map(([k, v]) => {
        if (k === 'changes' && typeof v === 'object') return this.changes(v);
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          const c = v as Change;
          if ('before' in c || 'after' in c)
            return `${this.field(k)} ${this.value(k, c.before)} → ${this.value(k, c.after)}`;
          return `${this.field(k)} (${this.flat(v as Record<string, unknown>)})`;
        }
        if (Array.isArray(v)) return `${this.field(k)} ${v.map((x) => this.value(k, x)).join(', ')}`;
        return `${this.field(k)} ${this.value(k, v)}`;
      })
      .filter(Boolean)
      .join(', ');
  }

  date(iso: unknown): string {
    return localDateTime(typeof iso === 'string' ? iso : null);
  }

  providerReference(id: unknown): string {
    return (typeof id === 'string' && this.names.providerReferences.get(id)) || UNKNOWN.id[this.language];
  }

  fallback(type: string, data: Record<string, unknown>): string {
    const flat = this.flat(data);
    return this.language === 'fr'
      ? `évènement « ${type.replaceAll('_', ' ')} »${flat ? ` : ${flat}` : ''}`
      : `event "${type.replaceAll('_', ' ')}"${flat ? `: ${flat}` : ''}`;
  }
}

type Data = Record<string, unknown>;
type Sentence = (d: Data, s: Say) => string;
const after = (d: Data, key: string) => ((d.changes ?? {}) as Record<string, Change>)[key]?.after;
const before = (d: Data, key: string) => ((d.changes ?? {}) as Record<string, Change>)[key]?.before;
const when = (text: unknown, wrap: (t: string) => string) =>
  text === undefined || text === null || text === '' ? '' : wrap(String(text));

/**
 * One sentence per event type of core (packages/core/src/tickets/ticket.types.ts), without its
 * subject (the actor is shown beside it). A type missing here falls back to `Say.fallback`.
 */
export const SENTENCES = {
  created: {
    fr: (d) =>
      `a ouvert le ticket${when(d.onBehalfOf, (p) => ` pour ${p}`)} (${word('channel', String(d.channel ?? 'api'))})`,
    en: (d) =>
      `opened the ticket${when(d.onBehalfOf, (p) => ` for ${p}`)} (${word('channel', String(d.channel ?? 'api'))})`,
  },
  approval_requested: {
    fr: (d) => `approbation demandée${when(d.service, (c) => ` pour le service ${c}`)}`,
    en: (d) => `approval requested${when(d.service, (c) => ` for the service ${c}`)}`,
  },
  approval_granted: {
    fr: (d, s) => `a approuvé la demande${when(d.comment, (c) => ` : ${s.q(c)}`)}`,
    en: (d, s) => `approved the request${when(d.comment, (c) => `: ${s.q(c)}`)}`,
  },
  approval_refused: {
    fr: (d, s) => `a refusé la demande${when(d.reason, (r) => ` : ${s.q(r)}`)}`,
    en: (d, s) => `rejected the request${when(d.reason, (r) => `: ${s.q(r)}`)}`,
  },
  assigned: {
    fr: (d, s) =>
      `a assigné le ticket à l’équipe ${s.codeAt('teamId')}, technicien ${s.person(after(d, 'agentId'))}${when(after(d, 'type'), (t) => `, type ${word('type', t)}`)}`,
    en: (d, s) =>
      `assigned the ticket to team ${s.codeAt('teamId')}, technician ${s.person(after(d, 'agentId'))}${when(after(d, 'type'), (t) => `, type ${word('type', t)}`)}`,
  },
  reassigned: {
    fr: (d, s) =>
      `a réassigné le ticket : équipe ${s.codeAt('teamId')}, technicien ${s.person(after(d, 'agentId') ?? before(d, 'agentId'))}${when(before(d, 'agentId'), (a) => ` (avant : ${s.person(a)})`)}${when(d.reason, (r) => ` ; motif ${s.q(r)}`)}`,
    en: (d, s) =>
      `reassigned the ticket: team ${s.codeAt('teamId')}, technician ${s.person(after(d, 'agentId') ?? before(d, 'agentId'))}${when(before(d, 'agentId'), (a) => ` (was ${s.person(a)})`)}${when(d.reason, (r) => `; reason ${s.q(r)}`)}`,
  },
  pended: {
    fr: (d, s) =>
      `a mis le ticket en attente jusqu’au ${s.date(after(d, 'pendingUntil'))}${when(d.reason, (r) => ` : ${s.q(r)}`)}`,
    en: (d, s) =>
      `put the ticket on hold until ${s.date(after(d, 'pendingUntil'))}${when(d.reason, (r) => `: ${s.q(r)}`)}`,
  },
  info_requested: {
    fr: (d, s) => `a posé une question au demandeur : ${s.q(d.question)}`,
    en: (d, s) => `asked the requester: ${s.q(d.question)}`,
  },
  woken: {
    fr: (d) =>
      `l’attente est finie : le ticket ${d.to === 'new' ? 'retourne à la qualification (à réassigner)' : 'reprend chez son technicien'}`,
    en: (d) =>
      `the hold ended: the ticket ${d.to === 'new' ? 'goes back to dispatch (to be reassigned)' : 'is back with its technician'}`,
  },
  resumed: {
    fr: (d, s) =>
      `${d.trigger === 'requester_reply' ? 'reprise après la réponse du demandeur' : 'a repris le ticket'}${d.to === 'new' ? ', à réassigner' : ''}${when(d.note, (n) => ` : ${s.q(n)}`)}`,
    en: (d, s) =>
      `${d.trigger === 'requester_reply' ? 'resumed after the requester’s answer' : 'resumed the ticket'}${d.to === 'new' ? ', to be reassigned' : ''}${when(d.note, (n) => `: ${s.q(n)}`)}`,
  },
  resolved: {
    fr: (d, s) =>
      `a résolu le ticket (service ${s.codeAt('serviceId')}${subService(s)})${when(after(d, 'solution'), (x) => ` : ${s.q(x)}`)}`,
    en: (d, s) =>
      `resolved the ticket (service ${s.codeAt('serviceId')}${subService(s)})${when(after(d, 'solution'), (x) => `: ${s.q(x)}`)}`,
  },
  reopened: {
    fr: (d, s) => `a rouvert le ticket${when(d.reason, (r) => ` : ${s.q(r)}`)}`,
    en: (d, s) => `reopened the ticket${when(d.reason, (r) => `: ${s.q(r)}`)}`,
  },
  closed: {
    fr: (d, s) => `a clos le ticket${when(d.comment, (c) => ` : ${s.q(c)}`)}`,
    en: (d, s) => `closed the ticket${when(d.comment, (c) => `: ${s.q(c)}`)}`,
  },
  field_changed: {
    fr: (d, s) => `a modifié : ${s.changes(d.changes)}`,
    en: (d, s) => `changed: ${s.changes(d.changes)}`,
  },
  public_reply: {
    fr: (d, s) => `a répondu au demandeur : ${s.q(d.body)}`,
    en: (d, s) => `replied to the requester: ${s.q(d.body)}`,
  },
  internal_note: {
    fr: (d, s) => `note interne : ${s.q(d.body)}`,
    en: (d, s) => `internal note: ${s.q(d.body)}`,
  },
  requester_replied: {
    fr: (d, s) => `a répondu (demandeur) : ${s.q(d.body)}`,
    en: (d, s) => `answered (requester): ${s.q(d.body)}`,
  },
  provider_escalated: {
    fr: (d, s) =>
      `a transmis au prestataire ${providerOf(d, s)}, son ticket ${d.externalId} (${word('providerStatus', String(d.status ?? 'open'))})${when(d.notes, (n) => ` : ${s.q(n)}`)}`,
    en: (d, s) =>
      `escalated to the provider ${providerOf(d, s)}, their ticket ${d.externalId} (${word('providerStatus', String(d.status ?? 'open'))})${when(d.notes, (n) => `: ${s.q(n)}`)}`,
  },
  provider_updated: {
    fr: (d, s) =>
      `a mis à jour le ticket prestataire ${s.providerReference(d.referenceId)}${when(d.status, (x) => ` : ${word('providerStatus', x)}`)}${when(d.notes, (n) => ` (${s.q(n)})`)}`,
    en: (d, s) =>
      `updated the provider ticket ${s.providerReference(d.referenceId)}${when(d.status, (x) => `: ${word('providerStatus', x)}`)}${when(d.notes, (n) => ` (${s.q(n)})`)}`,
  },
  article_created: {
    fr: (d, s) => `a écrit l’article ${d.article} à partir de ce ticket : ${s.q(d.title)}`,
    en: (d, s) => `wrote the article ${d.article} from this ticket: ${s.q(d.title)}`,
  },
  sla_warning: {
    fr: (d, s) =>
      `délai ${slaClock(d, 'fr')} bientôt dépassé (${d.warningPercent ?? '?'} % consommés)${when(d.dueAt, (x) => `, échéance le ${s.date(x)}`)}`,
    en: (d, s) =>
      `${slaClock(d, 'en')} target nearly reached (${d.warningPercent ?? '?'} % used)${when(d.dueAt, (x) => `, due ${s.date(x)}`)}`,
  },
  sla_breached: {
    fr: (d, s) => `délai ${slaClock(d, 'fr')} dépassé${when(d.dueAt, (x) => ` (échéance le ${s.date(x)})`)}`,
    en: (d, s) => `${slaClock(d, 'en')} target breached${when(d.dueAt, (x) => ` (due ${s.date(x)})`)}`,
  },
} satisfies Record<keyof typeof WORDS.event, { fr: Sentence; en: Sentence }>;

/** Which service-level clock an SLA event is about, in words. */
function slaClock(d: Data, language: 'fr' | 'en'): string {
  const first = d.clock === 'firstResponse';
  if (language === 'fr') return first ? 'de première réponse' : 'de résolution';
  return first ? 'first-response' : 'resolution';
}

/** ` › sub-service` when the ticket had one at that point. */
function subService(s: Say): string {
  const code = s.codeAt('subServiceId');
  return code === '—' || code === UNKNOWN.subServiceId[s.language] ? '' : ` › ${code}`;
}

/** The provider of an escalation: its code, from the ticket's reference with the same number. */
function providerOf(d: Data, s: Say): string {
  const found = [...s.names.providerReferences.values()].find((r) => r.endsWith(` ${String(d.externalId)}`));
  return found ? found.slice(0, found.lastIndexOf(' ')) : s.language === 'fr' ? '(inconnu)' : '(unknown)';
}
