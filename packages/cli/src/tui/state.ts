/**
 * The terminal UI's state and every key's effect on it, as one pure reducer: each key press is one
 * action applied to the latest state (no stale closures, so `jjj` moves three rows whatever the
 * load), and a key that needs something still loading (the list, the ticket, a picker's choices,
 * the answer to a submission) waits in `waiting` and is replayed when it arrives, so none is
 * dropped. Loading and sending are done by the app when the counters here move.
 */
import type { Names } from '../lib/timeline.ts';
import { articleRoom, lastScroll } from './article-text.ts';
import type { Dashboard } from './dashboard.ts';
import {
  type Announcement,
  type Announcements,
  type Article,
  type ArticleHit,
  type ProblemPanel,
  QUEUES,
  type Queue,
  type Ticket,
  type TicketEvent,
  type TicketHit,
} from './data.ts';
import { bodyOf, type Choice, type Field, FORMS, fieldOfProblem } from './forms.ts';
import type { Press } from './keys.ts';
import { hasLabel, label } from './labels.ts';
import { editText, type TextField, textField } from './text-field.ts';

export type Screen =
  | { kind: 'queues' }
  | { kind: 'ticket'; ref: string }
  | { kind: 'menu'; ref: string }
  | { kind: 'form'; ref: string; action: string }
  /** Published articles and similar solved tickets for the ticket `ref`. */
  | { kind: 'suggestions'; ref: string }
  /** The knowledge-base search, opened from `back`. */
  | { kind: 'kb'; back: Screen }
  /** One article, opened from `back`. */
  | { kind: 'article'; ref: string; back: Screen }
  /** The announcements in force and to come, opened from `back`. */
  | { kind: 'announcements'; back: Screen }
  /** The staff dashboard (backlog per queue, breached and at-risk tickets), opened from the queues. */
  | { kind: 'dashboard' }
  | { kind: 'help'; back: Screen };

export interface Detail {
  ticket: Ticket;
  events: TicketEvent[];
  names: Names;
  /** A problem ticket's panel (analysis, incidents); null for other tickets or when none is shown. */
  problem?: ProblemPanel | null;
}

export interface FormState {
  id: number;
  action: string;
  fields: Field[];
  /** The field being answered. */
  index: number;
  values: Record<string, string>;
  text: TextField;
  /** The current pick's choices; null while they load. */
  choices: Choice[] | null;
  pick: number;
  error: { message: string; field?: string } | null;
  busy: boolean;
  /** What is sent, and a counter the app watches to send it. */
  body: Record<string, unknown>;
  submission: number;
}

export interface Suggestions {
  ref: string;
  articles: ArticleHit[];
  tickets: TicketHit[];
}

export interface KbSearch {
  /** The words searched; null before the first search. */
  query: string | null;
  /** The results; null while they load. */
  items: ArticleHit[] | null;
  total: number;
  cursor: number;
}

export interface Notice {
  id: number;
  text: string;
  tone: 'success' | 'error';
}

export interface State {
  screen: Screen;
  queue: Queue;
  items: Ticket[] | null;
  counts: Partial<Record<Queue, string>>;
  cursor: number;
  search: string;
  service: string;
  prompt: { kind: 'search' | 'filter' | 'kb'; text: TextField } | null;
  detail: Detail | null;
  scroll: number;
  menu: number;
  form: FormState | null;
  notice: Notice | null;
  suggestions: Suggestions | null;
  suggestionCursor: number;
  kb: KbSearch;
  article: Article | null;
  articleScroll: number;
  /** The announcements the caller may read now (banner, list, a problem's linked ones); null before the first load. */
  announcements: Announcements | null;
  announcementScroll: number;
  /** The dashboard's figures; null while they load (or when they could not be had: `dashboardError`). */
  dashboard: Dashboard | null;
  /** Why the dashboard shows nothing (the caller is not staff for the reports, or the call failed). */
  dashboardError: string | null;
  /** The chosen ticket among the breached then the at-risk ones. */
  dashboardCursor: number;
  /** Whether GET /v1/me names the caller staff: the dashboard's key is then shown. */
  staff: boolean;
  /** The terminal's size (the article's lines depend on its width). */
  width: number;
  height: number;
  /** Counters the app watches: (re)load the list and its counts, the open ticket, the rest. */
  listLoad: number;
  ticketLoad: number;
  suggestionsLoad: number;
  kbLoad: number;
  articleLoad: number;
  announcementsLoad: number;
  dashboardLoad: number;
  quit: boolean;
  /** Keys that came while what they act on was loading, in order. */
  waiting: Press[];
  seq: number;
}

export type Action =
  | { type: 'key'; press: Press }
  | { type: 'items'; load: number; items: Ticket[] }
  | { type: 'counts'; counts: Partial<Record<Queue, string>> }
  | { type: 'listFailed'; load: number; message: string }
  | { type: 'detail'; ref: string; detail: Detail }
  | { type: 'detailFailed'; ref: string; message: string }
  | { type: 'choices'; form: number; index: number; choices: Choice[]; preset?: string | null }
  | { type: 'choicesFailed'; form: number; index: number; message: string }
  | { type: 'submitted'; form: number; ticket: Ticket }
  | {
      type: 'refused';
      form: number;
      message: string;
      stale: boolean;
      fields: { field: string; message: string }[];
    }
  | { type: 'suggestions'; ref: string; articles: ArticleHit[]; tickets: TicketHit[] }
  | { type: 'suggestionsFailed'; ref: string; message: string }
  | { type: 'kbResults'; load: number; items: ArticleHit[]; total: number }
  | { type: 'kbFailed'; load: number; message: string }
  | { type: 'article'; article: Article }
  | { type: 'articleFailed'; ref: string; message: string }
  /** The draft written from the ticket's resolution (form `write_article`). */
  | { type: 'drafted'; form: number; article: Article }
  | { type: 'announcements'; load: number; announcements: Announcements }
  | { type: 'announcementsFailed'; load: number; message: string }
  /** An announcement published or updated from the form `form` (forms `announce`, `announce_update`). */
  | { type: 'announced'; form: number; announcement: Announcement }
  | { type: 'dashboard'; load: number; dashboard: Dashboard }
  /** `staffOnly`: the server refused the reports to the caller (403 `reports_staff_only`). */
  | { type: 'dashboardFailed'; load: number; message: string; staffOnly: boolean }
  | { type: 'staff'; staff: boolean }
  | { type: 'resized'; width: number; height: number }
  | { type: 'noticeExpired'; id: number }
  | { type: 'changed' };

export const initialState = (): State => ({
  screen: { kind: 'queues' },
  queue: 'mine',
  items: null,
  counts: {},
  cursor: 0,
  search: '',
  service: '',
  prompt: null,
  detail: null,
  scroll: 0,
  menu: 0,
  form: null,
  notice: null,
  suggestions: null,
  suggestionCursor: 0,
  kb: { query: null, items: null, total: 0, cursor: 0 },
  article: null,
  articleScroll: 0,
  announcements: null,
  announcementScroll: 0,
  dashboard: null,
  dashboardError: null,
  dashboardCursor: 0,
  staff: false,
  width: 100,
  height: 24,
  listLoad: 1,
  ticketLoad: 0,
  suggestionsLoad: 0,
  kbLoad: 0,
  articleLoad: 0,
  announcementsLoad: 1,
  dashboardLoad: 0,
  quit: false,
  waiting: [],
  seq: 0,
});

/**
 * The actions of the menu: those the API offers now that have a form here, then, on a resolved or
 * closed ticket, writing an article from its resolution. The ticket's `actions` are its workflow's
 * and do not name that one: the status only decides where it is offered, the server whether it is
 * allowed (a refusal shows on the form).
 */
export function menuActions(detail: Detail | null, announcements: Announcements | null = null): string[] {
  const ticket = detail?.ticket;
  const workflow = (ticket?.actions ?? []).filter(
    (a) => FORMS[a] && (a !== 'provider_update' || ticket!.providerReferences.length > 0),
  );
  const resolution = ticket?.status === 'resolved' || ticket?.status === 'closed';
  return [
    ...workflow,
    ...(resolution ? ['write_article'] : []),
    ...(detail?.problem?.mayAnnounce ? ['announce'] : []),
    ...(followable(detail, announcements).length > 0 ? ['announce_update'] : []),
  ];
}

/** The announcements in force or to come that are linked to the ticket. */
export const linkedAnnouncements = (detail: Detail | null, found: Announcements | null): Announcement[] =>
  detail
    ? [...(found?.active ?? []), ...(found?.upcoming ?? [])].filter(
        (a) => a.linkedTicket === detail.ticket.reference,
      )
    : [];

/** Those of them the API says the caller may post updates to (`editable`). */
const followable = (detail: Detail | null, found: Announcements | null): Announcement[] =>
  linkedAnnouncements(detail, found).filter((a) => a.editable);

/** The ticket a screen shows (its header at least), whose detail is loaded for it. */
export const refOf = (screen: Screen): string | null =>
  screen.kind === 'ticket' ||
  screen.kind === 'menu' ||
  screen.kind === 'form' ||
  screen.kind === 'suggestions'
    ? screen.ref
    : null;

/** Whether the next key acts on something still loading (it then waits). */
function waitsForData(s: State): boolean {
  if (s.prompt || s.screen.kind === 'help' || s.screen.kind === 'announcements') return false;
  if (s.screen.kind === 'queues') return s.items === null;
  if (s.screen.kind === 'dashboard') return s.dashboard === null && s.dashboardError === null;
  if (s.screen.kind === 'kb') return s.kb.query !== null && s.kb.items === null;
  if (s.screen.kind === 'article') return s.article?.reference !== s.screen.ref;
  if (s.detail?.ticket.reference !== s.screen.ref) return true;
  if (s.screen.kind === 'suggestions') return s.suggestions?.ref !== s.screen.ref;
  if (s.screen.kind === 'form' && s.form) {
    const field = s.form.fields[s.form.index];
    return s.form.busy || (field?.kind === 'pick' && s.form.choices === null);
  }
  return false;
}

export function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'key': {
      const s = state.notice ? { ...state, notice: null } : state;
      if (waitsForData(s)) return { ...s, waiting: [...s.waiting, action.press] };
      return onKey(s, action.press);
    }
    case 'items': {
      if (action.load !== state.listLoad) return state;
      const last = Math.max(0, action.items.length - 1);
      return drain({ ...state, items: action.items, cursor: Math.min(state.cursor, last) });
    }
    case 'counts':
      return { ...state, counts: action.counts };
    case 'listFailed':
      if (action.load !== state.listLoad) return state;
      return drain(withNotice({ ...state, items: state.items ?? [] }, action.message, 'error'));
    case 'detail': {
      if (refOf(state.screen) !== action.ref) return state;
      return drain({ ...state, detail: action.detail });
    }
    case 'detailFailed':
      if (refOf(state.screen) !== action.ref) return state;
      return withNotice(
        { ...state, screen: { kind: 'queues' }, form: null, waiting: [] },
        action.message,
        'error',
      );
    case 'choices': {
      const form = state.form;
      if (!form || form.id !== action.form || form.index !== action.index) return state;
      const field = form.fields[form.index]!;
      const wanted = form.values[field.key] ?? action.preset;
      const at = action.choices.findIndex((c) => c.value === wanted);
      return drain({ ...state, form: { ...form, choices: action.choices, pick: Math.max(0, at) } });
    }
    case 'choicesFailed': {
      const form = state.form;
      if (!form || form.id !== action.form || form.index !== action.index) return state;
      return drain({ ...state, form: { ...form, choices: [], error: { message: action.message } } });
    }
    case 'submitted': {
      if (state.form?.id !== action.form || state.screen.kind !== 'form') return state;
      const done = label('done', { action: actionLabel(state.form.action) });
      return drain(
        withNotice(
          {
            ...state,
            screen: { kind: 'ticket', ref: state.screen.ref },
            form: null,
            detail: state.detail ? { ...state.detail, ticket: action.ticket } : state.detail,
            listLoad: state.listLoad + 1,
            ticketLoad: state.ticketLoad + 1,
          },
          done,
          'success',
        ),
      );
    }
    case 'refused': {
      const form = state.form;
      if (form?.id !== action.form) return state;
      return drain({
        ...state,
        form: refused(form, action),
        ticketLoad: action.stale ? state.ticketLoad + 1 : state.ticketLoad,
      });
    }
    case 'suggestions': {
      if (state.screen.kind !== 'suggestions' || state.screen.ref !== action.ref) return state;
      const { type: _type, ...suggestions } = action;
      const last = Math.max(0, suggestions.articles.length + suggestions.tickets.length - 1);
      return drain({ ...state, suggestions, suggestionCursor: Math.min(state.suggestionCursor, last) });
    }
    case 'suggestionsFailed':
      if (state.screen.kind !== 'suggestions' || state.screen.ref !== action.ref) return state;
      return drain(
        withNotice(
          { ...state, suggestions: { ref: action.ref, articles: [], tickets: [] } },
          action.message,
          'error',
        ),
      );
    case 'kbResults':
      if (action.load !== state.kbLoad) return state;
      return drain({ ...state, kb: { ...state.kb, items: action.items, total: action.total, cursor: 0 } });
    case 'kbFailed':
      if (action.load !== state.kbLoad) return state;
      return drain(
        withNotice({ ...state, kb: { ...state.kb, items: [], total: 0 } }, action.message, 'error'),
      );
    case 'article':
      if (state.screen.kind !== 'article' || state.screen.ref !== action.article.reference) return state;
      return drain({ ...state, article: action.article });
    case 'articleFailed':
      if (state.screen.kind !== 'article' || state.screen.ref !== action.ref) return state;
      return withNotice(goBack({ ...state, waiting: [] }, state.screen.back), action.message, 'error');
    case 'drafted': {
      if (state.form?.id !== action.form || state.screen.kind !== 'form') return state;
      const ticket = state.screen.ref;
      return drain(
        withNotice(
          {
            ...state,
            screen: { kind: 'article', ref: action.article.reference, back: { kind: 'ticket', ref: ticket } },
            form: null,
            article: action.article,
            articleScroll: 0,
          },
          label('drafted', { article: action.article.reference, ticket }),
          'success',
        ),
      );
    }
    case 'announcements':
      if (action.load !== state.announcementsLoad) return state;
      return { ...state, announcements: action.announcements };
    case 'announcementsFailed':
      if (action.load !== state.announcementsLoad) return state;
      // The banner keeps what it had; on the list, the failure is said.
      return state.screen.kind === 'announcements'
        ? withNotice(
            { ...state, announcements: state.announcements ?? { active: [], upcoming: [] } },
            action.message,
            'error',
          )
        : state;
    case 'announced': {
      if (state.form?.id !== action.form || state.screen.kind !== 'form') return state;
      const title = action.announcement.title;
      const text =
        state.form.action === 'announce'
          ? label('announced', { title })
          : label('announcement_updated', { title });
      return drain(
        withNotice(
          {
            ...state,
            screen: { kind: 'ticket', ref: state.screen.ref },
            form: null,
            announcementsLoad: state.announcementsLoad + 1,
            ticketLoad: state.ticketLoad + 1,
          },
          text,
          'success',
        ),
      );
    }
    case 'resized':
      return { ...state, width: action.width, height: action.height };
    case 'dashboard': {
      if (action.load !== state.dashboardLoad) return state;
      const last = Math.max(0, lateTickets(action.dashboard).length - 1);
      return drain({
        ...state,
        dashboard: action.dashboard,
        dashboardError: null,
        dashboardCursor: Math.min(state.dashboardCursor, last),
      });
    }
    case 'dashboardFailed':
      if (action.load !== state.dashboardLoad) return state;
      return drain({
        ...state,
        dashboard: null,
        dashboardError: action.staffOnly ? label('dashboard_staff_only') : action.message,
      });
    case 'staff':
      return { ...state, staff: action.staff };
    case 'noticeExpired':
      return state.notice?.id === action.id ? { ...state, notice: null } : state;
    case 'changed':
      return {
        ...state,
        listLoad: state.listLoad + 1,
        ticketLoad: refOf(state.screen) ? state.ticketLoad + 1 : state.ticketLoad,
        announcementsLoad: state.announcementsLoad + 1,
        dashboardLoad: state.screen.kind === 'dashboard' ? state.dashboardLoad + 1 : state.dashboardLoad,
      };
  }
}

/** Replays the keys that waited, as long as what they need is there. */
function drain(state: State): State {
  let s = state;
  while (s.waiting.length > 0 && !waitsForData(s)) {
    const [press, ...rest] = s.waiting;
    s = onKey({ ...s, waiting: rest }, press!);
  }
  return s;
}

/** The state with a notice shown (each notice has its own id, so an old timer cannot clear a new one). */
const withNotice = (state: State, text: string, tone: Notice['tone']): State => ({
  ...state,
  seq: state.seq + 1,
  notice: { id: state.seq + 1, text, tone },
});

export const actionLabel = (action: string): string => {
  const key = `action_${action}`;
  return hasLabel(key) ? label(key) : action;
};

const isDown = ({ input, key }: Press) => input === 'j' || Boolean(key.downArrow);
const isUp = ({ input, key }: Press) => input === 'k' || Boolean(key.upArrow);

function onKey(s: State, press: Press): State {
  const { input, key } = press;
  if (s.prompt) return onPromptKey(s, press);
  const screen = s.screen;
  if (screen.kind === 'help') return { ...s, screen: screen.back };
  if (screen.kind === 'form') return onFormKey(s, press);
  if (input === '?') return { ...s, screen: { kind: 'help', back: screen } };
  if (screen.kind === 'kb') return onKbKey(s, press, screen);
  if (screen.kind === 'article') return onArticleKey(s, press, screen);
  if (screen.kind === 'suggestions') return onSuggestionsKey(s, press, screen);
  if (screen.kind === 'announcements') return onAnnouncementsKey(s, press, screen);
  if (screen.kind === 'dashboard') return onDashboardKey(s, press);
  if (input === 'n' && (screen.kind === 'queues' || screen.kind === 'ticket')) return openAnnouncements(s);

  if (screen.kind === 'queues') {
    const list = s.items ?? [];
    const last = Math.max(0, list.length - 1);
    if (input === 'q') return { ...s, quit: true };
    if (key.escape)
      return s.search || s.service
        ? { ...s, search: '', service: '', cursor: 0, items: null, listLoad: s.listLoad + 1 }
        : s;
    if (key.rightArrow || key.leftArrow || key.tab || /^[1-6]$/.test(input)) {
      const i = QUEUES.indexOf(s.queue);
      const next = /^[1-6]$/.test(input)
        ? Number(input) - 1
        : (i + (key.leftArrow || (key.tab && key.shift) ? QUEUES.length - 1 : 1)) % QUEUES.length;
      return { ...s, queue: QUEUES[next]!, cursor: 0, items: null, listLoad: s.listLoad + 1 };
    }
    if (isDown(press)) return { ...s, cursor: Math.min(s.cursor + 1, last) };
    if (isUp(press)) return { ...s, cursor: Math.max(s.cursor - 1, 0) };
    if (key.pageDown) return { ...s, cursor: Math.min(s.cursor + 10, last) };
    if (key.pageUp) return { ...s, cursor: Math.max(s.cursor - 10, 0) };
    if (input === 'g' || key.home) return { ...s, cursor: 0 };
    if (input === 'G' || key.end) return { ...s, cursor: last };
    if (key.return && list[s.cursor]) {
      const ref = list[s.cursor]!.reference;
      return {
        ...s,
        screen: { kind: 'ticket', ref },
        detail: s.detail?.ticket.reference === ref ? s.detail : null,
        scroll: 0,
        ticketLoad: s.ticketLoad + 1,
      };
    }
    if (input === '/') return { ...s, prompt: { kind: 'search', text: textField(s.search) } };
    if (input === 'f') return { ...s, prompt: { kind: 'filter', text: textField(s.service) } };
    if (input === 'b') return openKb(s);
    if (input === 'd') return openDashboard(s);
    if (input === 'r') return { ...s, listLoad: s.listLoad + 1 };
    return s;
  }

  if (screen.kind === 'ticket') {
    if (input === 'q' || key.escape) return { ...s, screen: { kind: 'queues' }, listLoad: s.listLoad + 1 };
    if (input === 'a') return { ...s, screen: { kind: 'menu', ref: screen.ref }, menu: 0 };
    if (input === 's') return openSuggestions(s, screen.ref);
    if (input === 'b') return openKb(s);
    const offered = menuActions(s.detail, s.announcements);
    if (input === 'p' && offered.includes('announce')) return openForm(s, screen.ref, 'announce');
    if (input === 'u' && offered.includes('announce_update'))
      return openForm(s, screen.ref, 'announce_update');
    if (isDown(press))
      return { ...s, scroll: Math.min(s.scroll + 1, Math.max(0, (s.detail?.events.length ?? 1) - 1)) };
    if (isUp(press)) return { ...s, scroll: Math.max(0, s.scroll - 1) };
    if (input === 'r') return { ...s, ticketLoad: s.ticketLoad + 1 };
    return s;
  }

  // The action menu.
  const actions = menuActions(s.detail, s.announcements);
  if (input === 'q' || key.escape) return { ...s, screen: { kind: 'ticket', ref: screen.ref } };
  if (isDown(press)) return { ...s, menu: Math.min(s.menu + 1, Math.max(0, actions.length - 1)) };
  if (isUp(press)) return { ...s, menu: Math.max(0, s.menu - 1) };
  if (key.return && actions[s.menu]) return openForm(s, screen.ref, actions[s.menu]!);
  return s;
}

function onPromptKey(s: State, press: Press): State {
  const prompt = s.prompt!;
  if (prompt.kind === 'kb') return onKbPromptKey(s, press);
  if (press.key.escape) return { ...s, prompt: null };
  if (press.key.return) {
    const value = prompt.text.value.trim();
    return {
      ...s,
      prompt: null,
      ...(prompt.kind === 'search' ? { search: value } : { service: value }),
      cursor: 0,
      items: null,
      listLoad: s.listLoad + 1,
    };
  }
  const text = editText(prompt.text, press);
  return text ? { ...s, prompt: { ...prompt, text } } : s;
}

function openForm(s: State, ref: string, action: string): State {
  const fields = FORMS[action] ?? [];
  const form: FormState = {
    id: s.seq + 1,
    action,
    fields,
    index: 0,
    values: {},
    text: textField(),
    choices: null,
    pick: 0,
    error: null,
    busy: false,
    body: {},
    submission: 0,
  };
  return {
    ...s,
    seq: s.seq + 1,
    screen: { kind: 'form', ref, action },
    form: enterField(form, 0, s.detail!.ticket),
  };
}

/** Moves the form to a field: its text from the answer given (or the ticket), its choices to load. */
function enterField(form: FormState, index: number, ticket: Ticket): FormState {
  const field = form.fields[index]!;
  return {
    ...form,
    index,
    text: textField(form.values[field.key] ?? field.initial?.(ticket) ?? ''),
    choices: field.kind === 'pick' ? null : [],
    pick: 0,
  };
}

function onFormKey(s: State, press: Press): State {
  const form = s.form!;
  const ticket = s.detail!.ticket;
  const field = form.fields[form.index]!;
  const ref = (s.screen as { ref: string }).ref;
  const { key } = press;
  if (key.escape) return { ...s, form: null, screen: { kind: 'ticket', ref } };
  if (key.tab && key.shift) {
    return form.index > 0 ? { ...s, form: enterField({ ...form, error: null }, form.index - 1, ticket) } : s;
  }
  if (field.kind === 'pick') {
    const choices = form.choices ?? [];
    if (isDown(press))
      return { ...s, form: { ...form, pick: Math.min(form.pick + 1, Math.max(0, choices.length - 1)) } };
    if (isUp(press)) return { ...s, form: { ...form, pick: Math.max(0, form.pick - 1) } };
    if (key.return && choices[form.pick])
      return answer(s, choices[form.pick]!.value, choices[form.pick]!.parent);
    return s;
  }
  if (key.return) return answer(s, form.text.value);
  const text = editText(form.text, press);
  return text ? { ...s, form: { ...form, text } } : s;
}

/** Records the current field's answer, then moves on, or sends the form after its last field. */
function answer(s: State, value: string, parent?: string | null): State {
  const form = s.form!;
  const ticket = s.detail!.ticket;
  const field = form.fields[form.index]!;
  const name = label(field.name ?? field.label);
  if (!field.optional && value.trim() === '')
    return {
      ...s,
      form: { ...form, error: { field: field.key, message: label('required', { field: name }) } },
    };
  const problem = field.check?.(value);
  if (problem) return { ...s, form: { ...form, error: { field: field.key, message: problem } } };
  const values = { ...form.values, [field.key]: value };
  if (field.kind === 'pick') {
    values[`${field.key}:parent`] = parent ?? '';
    values[`${field.key}:label`] = form.choices?.[form.pick]?.label ?? value;
  }
  const answered = { ...form, values, error: null };
  if (form.index + 1 < form.fields.length)
    return { ...s, form: enterField(answered, form.index + 1, ticket) };
  const body = bodyOf(form.action, values, ticket);
  if (form.action === 'edit' && Object.keys(body).length === 0)
    return { ...s, form: { ...answered, error: { message: label('nothing_changed') } } };
  return { ...s, form: { ...answered, busy: true, body, submission: form.submission + 1 } };
}

/**
 * The server refused: the form stays with every answer, on the field the problem names (by its
 * label, not the API's name), or on its last field; a stale ticket is reloaded and said so.
 */
function refused(form: FormState, r: Extract<Action, { type: 'refused' }>): FormState {
  const named = r.fields
    .map((f) => ({ field: fieldOfProblem(form.fields, f.field), apiField: f.field, message: f.message }))
    .filter((f) => f.field);
  const target = named[0]?.field;
  const index = target ? form.fields.indexOf(target) : form.fields.length - 1;
  const message = r.stale
    ? label('stale')
    : named.length > 0
      ? named.map((f) => inWords(f.message, f.apiField, label(f.field!.name ?? f.field!.label))).join(' ; ')
      : r.message;
  const field = form.fields[index]!;
  return {
    ...form,
    busy: false,
    index,
    text: textField(form.values[field.key] ?? ''),
    choices: field.kind === 'pick' ? null : [],
    pick: 0,
    error: { message, ...(target ? { field: target.key } : {}) },
  };
}

/** A server message about an API field, naming the form's field instead (`« until »` → `« Jusqu’au »`). */
function inWords(message: string, apiField: string, fieldLabel: string): string {
  const bare = apiField.replace(/^changes\./, '');
  const named = [`« ${apiField} »`, `« ${bare} »`, `"${apiField}"`, `"${bare}"`].find((q) =>
    message.includes(q),
  );
  return named ? message.replace(named, `« ${fieldLabel} »`) : `${fieldLabel} : ${message}`;
}

/** Back to a screen left for the knowledge base: what it shows is reloaded (it may have changed). */
function goBack(s: State, to: Screen): State {
  if (to.kind === 'queues') return { ...s, screen: to, listLoad: s.listLoad + 1 };
  return refOf(to) ? { ...s, screen: to, ticketLoad: s.ticketLoad + 1 } : { ...s, screen: to };
}

/** The knowledge-base search, its words prompted for (the last ones, to change them). */
const openKb = (s: State): State => ({
  ...s,
  screen: { kind: 'kb', back: s.screen },
  prompt: { kind: 'kb', text: textField(s.kb.query ?? '') },
});

function openSuggestions(s: State, ref: string): State {
  return {
    ...s,
    screen: { kind: 'suggestions', ref },
    suggestions: s.suggestions?.ref === ref ? s.suggestions : null,
    suggestionCursor: 0,
    suggestionsLoad: s.suggestionsLoad + 1,
  };
}

function openArticle(s: State, ref: string, back: Screen): State {
  return {
    ...s,
    screen: { kind: 'article', ref, back },
    article: s.article?.reference === ref ? s.article : null,
    articleScroll: 0,
    articleLoad: s.articleLoad + 1,
  };
}

function onKbPromptKey(s: State, press: Press): State {
  const prompt = s.prompt!;
  if (press.key.escape) {
    // Nothing searched yet: Esc leaves the search altogether.
    const closed = { ...s, prompt: null };
    return s.kb.query === null && s.screen.kind === 'kb' ? goBack(closed, s.screen.back) : closed;
  }
  if (press.key.return)
    return {
      ...s,
      prompt: null,
      kb: { query: prompt.text.value.trim(), items: null, total: 0, cursor: 0 },
      kbLoad: s.kbLoad + 1,
    };
  const text = editText(prompt.text, press);
  return text ? { ...s, prompt: { ...prompt, text } } : s;
}

function onKbKey(s: State, press: Press, screen: Extract<Screen, { kind: 'kb' }>): State {
  const { input, key } = press;
  const items = s.kb.items ?? [];
  const last = Math.max(0, items.length - 1);
  const to = (cursor: number) => ({ ...s, kb: { ...s.kb, cursor: Math.max(0, Math.min(cursor, last)) } });
  if (input === 'q' || key.escape) return goBack(s, screen.back);
  if (input === '/') return { ...s, prompt: { kind: 'kb', text: textField(s.kb.query ?? '') } };
  if (isDown(press)) return to(s.kb.cursor + 1);
  if (isUp(press)) return to(s.kb.cursor - 1);
  if (key.pageDown) return to(s.kb.cursor + 10);
  if (key.pageUp) return to(s.kb.cursor - 10);
  if (input === 'g' || key.home) return to(0);
  if (input === 'G' || key.end) return to(last);
  if (key.return && items[s.kb.cursor]) return openArticle(s, items[s.kb.cursor]!.reference, screen);
  return s;
}

function onArticleKey(s: State, press: Press, screen: Extract<Screen, { kind: 'article' }>): State {
  const { input, key } = press;
  const end = lastScroll(s.article!, s.width, s.height);
  const page = articleRoom(s.height);
  const to = (scroll: number) => ({ ...s, articleScroll: Math.max(0, Math.min(scroll, end)) });
  if (input === 'q' || key.escape) return goBack(s, screen.back);
  if (isDown(press)) return to(s.articleScroll + 1);
  if (isUp(press)) return to(s.articleScroll - 1);
  if (key.pageDown || input === ' ') return to(s.articleScroll + page);
  if (key.pageUp) return to(s.articleScroll - page);
  if (input === 'g' || key.home) return to(0);
  if (input === 'G' || key.end) return to(end);
  return s;
}

/** The suggestions in the order shown: the articles, then the similar tickets. */
export const suggestionEntries = (
  found: Suggestions | null,
): { kind: 'article' | 'ticket'; ref: string }[] => [
  ...(found?.articles ?? []).map((a) => ({ kind: 'article' as const, ref: a.reference })),
  ...(found?.tickets ?? []).map((t) => ({ kind: 'ticket' as const, ref: t.reference })),
];

function onSuggestionsKey(s: State, press: Press, screen: Extract<Screen, { kind: 'suggestions' }>): State {
  const { input, key } = press;
  const entries = suggestionEntries(s.suggestions);
  const last = Math.max(0, entries.length - 1);
  if (input === 'q' || key.escape) return { ...s, screen: { kind: 'ticket', ref: screen.ref } };
  if (isDown(press)) return { ...s, suggestionCursor: Math.min(s.suggestionCursor + 1, last) };
  if (isUp(press)) return { ...s, suggestionCursor: Math.max(0, s.suggestionCursor - 1) };
  if (input === 'r') return { ...s, suggestions: null, suggestionsLoad: s.suggestionsLoad + 1 };
  const chosen = entries[s.suggestionCursor];
  if (key.return && chosen?.kind === 'article') return openArticle(s, chosen.ref, screen);
  if (key.return && chosen?.kind === 'ticket')
    return {
      ...s,
      screen: { kind: 'ticket', ref: chosen.ref },
      detail: null,
      scroll: 0,
      ticketLoad: s.ticketLoad + 1,
    };
  return s;
}

/** The announcements in force and to come, reloaded as they are opened. */
const openAnnouncements = (s: State): State => ({
  ...s,
  screen: { kind: 'announcements', back: s.screen },
  announcementScroll: 0,
  announcementsLoad: s.announcementsLoad + 1,
});

function onAnnouncementsKey(
  s: State,
  press: Press,
  screen: Extract<Screen, { kind: 'announcements' }>,
): State {
  const { input, key } = press;
  const count = (s.announcements?.active.length ?? 0) + (s.announcements?.upcoming.length ?? 0);
  const to = (scroll: number) => ({
    ...s,
    announcementScroll: Math.max(0, Math.min(scroll, Math.max(0, count - 1))),
  });
  if (input === 'q' || key.escape) return goBack(s, screen.back);
  if (isDown(press)) return to(s.announcementScroll + 1);
  if (isUp(press)) return to(s.announcementScroll - 1);
  if (input === 'g' || key.home) return to(0);
  if (input === 'G' || key.end) return to(count);
  if (input === 'r') return { ...s, announcementsLoad: s.announcementsLoad + 1 };
  return s;
}

/** The dashboard's tickets in the order shown: those breached, then those at risk. */
export const lateTickets = (d: Dashboard | null): Ticket[] => [...(d?.breached ?? []), ...(d?.atRisk ?? [])];

/** The dashboard, its figures asked again as it is opened. */
const openDashboard = (s: State): State => ({
  ...s,
  screen: { kind: 'dashboard' },
  dashboard: null,
  dashboardError: null,
  dashboardCursor: 0,
  dashboardLoad: s.dashboardLoad + 1,
});

function onDashboardKey(s: State, press: Press): State {
  const { input, key } = press;
  const late = lateTickets(s.dashboard);
  const last = Math.max(0, late.length - 1);
  const to = (cursor: number) => ({ ...s, dashboardCursor: Math.max(0, Math.min(cursor, last)) });
  if (input === 'q' || key.escape) return goBack(s, { kind: 'queues' });
  if (input === 'r') return openDashboard(s);
  if (isDown(press)) return to(s.dashboardCursor + 1);
  if (isUp(press)) return to(s.dashboardCursor - 1);
  if (input === 'g' || key.home) return to(0);
  if (input === 'G' || key.end) return to(last);
  const chosen = late[s.dashboardCursor];
  if (key.return && chosen)
    return {
      ...s,
      screen: { kind: 'ticket', ref: chosen.reference },
      detail: s.detail?.ticket.reference === chosen.reference ? s.detail : null,
      scroll: 0,
      ticketLoad: s.ticketLoad + 1,
    };
  return s;
}
