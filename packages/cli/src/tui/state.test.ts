import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { namesFor } from '../lib/timeline.ts';
import { anEvent, aPublishedArticle, aPublishedArticleHit, aTicket } from '../testing/fixtures.ts';
import { splitKeys } from './keys.ts';
import { LABELS } from './labels.ts';
import { type Action, initialState, menuActions, reducer, type State } from './state.ts';

beforeEach(() => {
  vi.stubEnv('GUICHET_LANG', 'fr');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const tickets = ['GU-2026-000004', 'GU-2026-000003', 'GU-2026-000002', 'GU-2026-000001'].map((reference) =>
  aTicket({ reference }),
);
/** Ink's useInput for a chunk of typed text: one call, the whole chunk as input. */
const typed = (chunk: string): Action[] =>
  splitKeys(chunk, {}).map((press) => ({ type: 'key', press }) as const);
const arrow = (key: 'upArrow' | 'downArrow' | 'escape' | 'return'): Action => ({
  type: 'key',
  press: { input: '', key: { [key]: true } },
});
const run = (state: State, ...actions: (Action | Action[])[]) => actions.flat().reduce(reducer, state);
const loaded = () => run(initialState(), { type: 'items', load: 1, items: tickets });

describe('terminal UI state', () => {
  it('counts every key of a chunk: jjj moves three rows, Enter inside a chunk is Enter', () => {
    expect(splitKeys('jj\r', {})).toEqual([
      { input: 'j', key: {} },
      { input: 'j', key: {} },
      { input: '', key: { return: true } },
    ]);
    const s = run(loaded(), typed('jjj'));
    expect(s.cursor).toBe(3);
    expect(run(s, arrow('upArrow'), arrow('upArrow')).cursor).toBe(1);
    expect(run(s, typed('j\r')).screen).toEqual({ kind: 'ticket', ref: 'GU-2026-000001' });
  });

  it('keeps the keys that come while the list loads and plays them when it arrives', () => {
    const s = run(initialState(), typed('jj'));
    expect(s.cursor).toBe(0);
    expect(s.waiting).toHaveLength(2);
    const after = run(s, { type: 'items', load: 1, items: tickets });
    expect(after).toMatchObject({ cursor: 2, waiting: [] });
  });

  it('Esc on the queues clears the search, else does nothing; only q quits', () => {
    const searched = run(loaded(), typed('/casque\r'));
    expect(searched.search).toBe('casque');
    const cleared = run(
      searched,
      { type: 'items', load: searched.listLoad, items: tickets },
      arrow('escape'),
    );
    expect(cleared).toMatchObject({ search: '', quit: false });
    const idle = run(loaded(), arrow('escape'));
    expect(idle).toMatchObject({ quit: false, screen: { kind: 'queues' } });
    expect(run(loaded(), typed('q')).quit).toBe(true);
  });

  it('a refused form stays with its answers, on the field the problem names', () => {
    const ticket = aTicket({ reference: 'GU-2026-000004' });
    const detail = { ticket, events: [anEvent('created')], names: namesFor(ticket, []) };
    let s = run(loaded(), typed('\r'), { type: 'detail', ref: ticket.reference, detail }, typed('a'));
    expect(s.screen.kind).toBe('menu');
    s = run(s, arrow('downArrow'), arrow('return'));
    expect(s.form?.action).toBe('pend');
    s = run(s, typed('15/01/2020\rPas avant\r'));
    expect(s.form).toMatchObject({ busy: true, body: { reason: 'Pas avant' } });
    s = run(s, {
      type: 'refused',
      form: s.form!.id,
      message: 'Données invalides',
      stale: false,
      fields: [{ field: 'until', message: '« until » doit être une date future' }],
    });
    expect(s.form).toMatchObject({
      busy: false,
      index: 0,
      text: { value: '15/01/2020' },
      values: { until: '15/01/2020', reason: 'Pas avant' },
      error: { field: 'until', message: '« Jusqu’au » doit être une date future' },
    });
  });

  it('a success notice goes at the next key', () => {
    const ticket = aTicket({ reference: 'GU-2026-000004' });
    const detail = { ticket, events: [], names: namesFor(ticket, []) };
    let s = run(
      loaded(),
      typed('\r'),
      { type: 'detail', ref: ticket.reference, detail },
      typed('a'),
      arrow('return'),
    );
    s = run(s, typed('\r'));
    s = run(s, { type: 'submitted', form: s.form!.id, ticket });
    expect(s.notice).toMatchObject({ tone: 'success', text: 'Fait : Réassigner' });
    expect(run(s, typed('j')).notice).toBeNull();
  });

  it('every footer fits an 80-column terminal, in French and English', () => {
    for (const key of [
      'keys_queues',
      'keys_ticket',
      'keys_form',
      'keys_menu',
      'keys_kb',
      'keys_article',
      'keys_suggestions',
      'keys_dashboard',
    ] as const)
      for (const language of ['fr', 'en'] as const)
        expect([...LABELS[key][language]].length, `${key}.${language}`).toBeLessThanOrEqual(80);
  });

  it('s on a ticket shows its suggestions; keys wait for them; an article opens, Esc comes back', () => {
    const ticket = aTicket({ reference: 'GU-2026-000004' });
    const detail = { ticket, events: [], names: namesFor(ticket, []) };
    let s = run(loaded(), typed('\r'), { type: 'detail', ref: ticket.reference, detail }, typed('s'));
    expect(s).toMatchObject({ screen: { kind: 'suggestions', ref: ticket.reference }, suggestionsLoad: 1 });
    // ↓ and Enter come before the suggestions: they wait, then choose the second article.
    s = run(s, arrow('downArrow'), arrow('return'));
    expect(s.waiting).toHaveLength(2);
    const second = aPublishedArticleHit({ reference: 'KB-000008' });
    s = run(s, {
      type: 'suggestions',
      ref: ticket.reference,
      articles: [aPublishedArticleHit(), second],
      tickets: [],
    });
    expect(s).toMatchObject({
      screen: { kind: 'article', ref: 'KB-000008', back: { kind: 'suggestions', ref: ticket.reference } },
      articleLoad: 1,
      waiting: [],
    });
    s = run(s, { type: 'article', article: aPublishedArticle({ reference: 'KB-000008' }) }, arrow('escape'));
    expect(s.screen).toEqual({ kind: 'suggestions', ref: ticket.reference });
    expect(run(s, arrow('escape')).screen).toEqual({ kind: 'ticket', ref: ticket.reference });
  });

  it('a similar ticket among the suggestions opens that ticket', () => {
    const ticket = aTicket({ reference: 'GU-2026-000004' });
    const detail = { ticket, events: [], names: namesFor(ticket, []) };
    const similar = {
      reference: 'GU-2025-000100',
      title: 'Casque éteint',
      status: 'closed',
      service: 'vr-room',
      rank: 0.3,
      snippet: [],
      snippetHtml: '',
      why: { fields: ['title'], words: ['casque'], synonyms: [], corrections: [] },
    };
    const s = run(
      loaded(),
      typed('\r'),
      { type: 'detail', ref: ticket.reference, detail },
      typed('s'),
      { type: 'suggestions', ref: ticket.reference, articles: [aPublishedArticleHit()], tickets: [similar] },
      typed('j\r'),
    );
    expect(s).toMatchObject({ screen: { kind: 'ticket', ref: 'GU-2025-000100' }, detail: null });
  });

  it('b opens the knowledge-base search on its prompt; Enter searches, results are read with Enter', () => {
    let s = run(loaded(), typed('b'));
    expect(s).toMatchObject({ screen: { kind: 'kb', back: { kind: 'queues' } }, prompt: { kind: 'kb' } });
    // Esc before any search leaves it.
    expect(run(s, arrow('escape')).screen).toEqual({ kind: 'queues' });
    s = run(s, typed('casque\r'));
    expect(s).toMatchObject({ prompt: null, kb: { query: 'casque', items: null }, kbLoad: 1 });
    s = run(s, typed('j\r'));
    expect(s.waiting).toHaveLength(2);
    // An answer to an older search is ignored.
    expect(run(s, { type: 'kbResults', load: 0, items: [], total: 0 }).kb.items).toBeNull();
    s = run(s, {
      type: 'kbResults',
      load: 1,
      items: [aPublishedArticleHit(), aPublishedArticleHit({ reference: 'KB-000009' })],
      total: 2,
    });
    expect(s.screen).toMatchObject({ kind: 'article', ref: 'KB-000009' });
    s = run(s, { type: 'article', article: aPublishedArticle({ reference: 'KB-000009' }) }, typed('q'));
    expect(s).toMatchObject({ screen: { kind: 'kb' }, kb: { cursor: 1 } });
    // / asks again, starting from the words searched.
    expect(run(s, typed('/')).prompt?.text.value).toBe('casque');
    expect(run(s, arrow('escape')).screen).toEqual({ kind: 'queues' });
  });

  it('an article scrolls line by line and by page, never past its last line at the bottom', () => {
    const long = aPublishedArticle({
      body: Array.from({ length: 60 }, (_, i) => `ligne ${i + 1}`).join('\n'),
    });
    let s = run(loaded(), { type: 'resized', width: 80, height: 24 }, typed('b\r'), {
      type: 'kbResults',
      load: 1,
      items: [aPublishedArticleHit()],
      total: 1,
    });
    s = run(s, typed('\r'), { type: 'article', article: long });
    expect(run(s, typed('jj')).articleScroll).toBe(2);
    expect(run(s, typed(' ')).articleScroll).toBe(20);
    const end = run(s, typed('G')).articleScroll;
    expect(end).toBeGreaterThan(50);
    expect(run(s, typed('G'), typed('j')).articleScroll).toBe(end);
    expect(run(s, typed('Gk')).articleScroll).toBe(end - 1);
    expect(run(s, typed('Gg')).articleScroll).toBe(0);
  });

  it('writing an article is offered once the ticket is resolved; the draft opens with its reference', () => {
    const open = aTicket({ reference: 'GU-2026-000004' });
    expect(menuActions({ ticket: open, events: [], names: namesFor(open, []) })).not.toContain(
      'write_article',
    );
    const ticket = aTicket({ reference: 'GU-2026-000004', status: 'resolved', actions: ['reopen'] });
    const detail = { ticket, events: [], names: namesFor(ticket, []) };
    expect(menuActions(detail)).toEqual(['reopen', 'write_article']);
    let s = run(loaded(), typed('\r'), { type: 'detail', ref: ticket.reference, detail }, typed('aj\r'));
    expect(s.form).toMatchObject({ action: 'write_article', text: { value: 'Casque VR en panne' } });
    s = run(s, typed('\rRecharger le casque\rvr, casque ,\r'));
    expect(s.form).toMatchObject({
      busy: true,
      body: { title: 'Casque VR en panne', summary: 'Recharger le casque', tags: ['vr', 'casque'] },
    });
    // An unknown tag: back on the tags, named by their label, everything kept.
    const refused = run(s, {
      type: 'refused',
      form: s.form!.id,
      message: 'Données invalides',
      stale: false,
      fields: [{ field: 'tags.1', message: '« tags.1 » : valeur inconnue (casque)' }],
    });
    expect(refused.form).toMatchObject({
      busy: false,
      index: 2,
      text: { value: 'vr, casque ,' },
      error: { field: 'tags', message: '« Étiquettes » : valeur inconnue (casque)' },
    });
    s = run(refused, typed('\r'));
    s = run(s, { type: 'drafted', form: s.form!.id, article: aPublishedArticle({ reference: 'KB-000012' }) });
    expect(s).toMatchObject({
      screen: { kind: 'article', ref: 'KB-000012', back: { kind: 'ticket', ref: ticket.reference } },
      form: null,
      notice: { tone: 'success' },
    });
    expect(s.notice?.text).toContain('KB-000012');
    // Back on the ticket, it is reloaded (its timeline names the article now).
    expect(run(s, arrow('escape'))).toMatchObject({
      screen: { kind: 'ticket', ref: ticket.reference },
      ticketLoad: s.ticketLoad + 1,
    });
  });

  it('empty tags are left out: the server then finds them in the ticket', () => {
    const ticket = aTicket({ reference: 'GU-2026-000004', status: 'closed', actions: [] });
    const detail = { ticket, events: [], names: namesFor(ticket, []) };
    const s = run(
      loaded(),
      typed('\r'),
      { type: 'detail', ref: ticket.reference, detail },
      typed('a\r\r\r , \r'),
    );
    expect(s.form?.body).toEqual({ title: 'Casque VR en panne' });
  });
});

type Announcement = import('./data.ts').Announcement;
function anAnnouncement(overrides: Partial<Announcement> = {}): Announcement {
  return {
    id: '20000000-0000-4000-8000-000000000001',
    language: 'fr',
    title: 'Cube VR fermé',
    body: '',
    bodyHtml: '',
    severity: 'outage',
    severityLabel: 'Service interrompu',
    services: ['vr-room'],
    establishments: [],
    audience: 'public',
    state: 'active',
    phase: null,
    startsAt: '2026-03-02T09:00:00.000Z',
    endsAt: null,
    resolvedAt: null,
    linkedTicket: null,
    updates: [],
    texts: { title: { fr: 'Cube VR fermé', en: 'VR cube closed' }, body: { fr: '', en: null } },
    editable: false,
    version: 1,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}

describe('terminal UI state: announcements', () => {
  const problem = aTicket({ reference: 'GU-2026-000004', type: 'problem', actions: ['note'] });
  const panel = (mayAnnounce: boolean) => ({
    analysis: {
      view: 'staff' as const,
      problem: {
        reference: problem.reference,
        title: problem.title,
        status: 'assigned' as const,
        service: 'vr-room',
        solution: null,
        resolvedAt: null,
      },
      rootCause: null,
      rootCauseVisibility: 'internal' as const,
      workaround: null,
      workaroundVisibility: 'internal' as const,
      knownErrorArticle: null,
      incidentCount: 0,
      version: 0,
      updatedAt: null,
      operations: [],
    },
    incidents: [],
    mayAnnounce,
  });
  const onProblem = (
    mayAnnounce: boolean,
    announcements: { active: Announcement[]; upcoming: Announcement[] } = { active: [], upcoming: [] },
  ) =>
    run(loaded(), { type: 'announcements', load: 1, announcements }, typed('\r'), {
      type: 'detail',
      ref: problem.reference,
      detail: { ticket: problem, events: [], names: namesFor(problem, []), problem: panel(mayAnnounce) },
    });

  it('n opens the announcements (reloaded), an old answer is ignored, Esc goes back to the queues', () => {
    let s = run(loaded(), typed('n'));
    expect(s.screen).toEqual({ kind: 'announcements', back: { kind: 'queues' } });
    expect(s.announcementsLoad).toBe(2);
    s = run(s, {
      type: 'announcements',
      load: 1,
      announcements: { active: [anAnnouncement()], upcoming: [] },
    });
    expect(s.announcements).toBeNull();
    const two = [anAnnouncement(), anAnnouncement({ id: '20000000-0000-4000-8000-000000000002' })];
    s = run(
      s,
      { type: 'announcements', load: 2, announcements: { active: two, upcoming: [] } },
      typed('jjj'),
    );
    expect(s.announcementScroll).toBe(1);
    const back = run(s, arrow('escape'));
    expect(back.screen).toEqual({ kind: 'queues' });
    expect(back.listLoad).toBe(s.listLoad + 1);
    // A live change reloads them too.
    expect(run(back, { type: 'changed' }).announcementsLoad).toBe(back.announcementsLoad + 1);
  });

  it('p publishes from a problem only when offered; the form is prefilled and sends the announcement', () => {
    const refused = onProblem(false);
    expect(menuActions(refused.detail, refused.announcements)).not.toContain('announce');
    expect(run(refused, typed('p')).screen.kind).toBe('ticket');

    let s = run(onProblem(true), typed('p'));
    expect(s.screen).toEqual({ kind: 'form', ref: problem.reference, action: 'announce' });
    expect(s.form?.text.value).toBe('Casque VR en panne');
    // title, English title, text, then the severity pick
    s = run(s, typed('\rVR cube down\rLe cube est fermé\r'));
    s = run(s, {
      type: 'choices',
      form: s.form!.id,
      index: 3,
      choices: ['information', 'degraded', 'outage', 'maintenance'].map((value) => ({ label: value, value })),
      preset: 'degraded',
    });
    s = run(s, arrow('downArrow'), arrow('return'));
    expect(s.form?.text.value).toBe('');
    s = run(s, typed('\r'), typed('31/12/2099 18:00\r'));
    expect(s.form?.text.value).toBe('vr-room');
    s = run(s, typed('\r'));
    expect(s.form?.text.value).toBe(problem.reference);
    s = run(s, typed('\r'));
    expect(s.form).toMatchObject({
      busy: true,
      body: {
        title: { fr: 'Casque VR en panne', en: 'VR cube down' },
        body: { fr: 'Le cube est fermé' },
        severity: 'outage',
        services: ['vr-room'],
        endsAt: expect.stringMatching(/^2099-12-31T/),
        linkedTicket: problem.reference,
      },
    });
    expect(s.form?.body).not.toHaveProperty('startsAt');
    const published = anAnnouncement({ linkedTicket: problem.reference, editable: true });
    s = run(s, { type: 'announced', form: s.form!.id, announcement: published });
    expect(s.screen).toEqual({ kind: 'ticket', ref: problem.reference });
    expect(s.notice).toMatchObject({ tone: 'success', text: 'Annonce publiée : Cube VR fermé' });
    expect(s.announcementsLoad).toBe(2);
  });

  it('u posts an update only to a linked announcement the API calls editable', () => {
    const other = anAnnouncement({ linkedTicket: 'GU-2026-000999', editable: true });
    const readOnly = anAnnouncement({ linkedTicket: problem.reference, editable: false });
    for (const active of [[other], [readOnly]]) {
      const s = onProblem(false, { active, upcoming: [] });
      expect(menuActions(s.detail, s.announcements)).not.toContain('announce_update');
      expect(run(s, typed('u')).screen.kind).toBe('ticket');
    }
    const mine = anAnnouncement({ linkedTicket: problem.reference, editable: true });
    let s = onProblem(false, { active: [], upcoming: [mine] });
    expect(menuActions(s.detail, s.announcements)).toEqual(['note', 'announce_update']);
    s = run(s, typed('u'));
    expect(s.form?.action).toBe('announce_update');
    s = run(
      s,
      { type: 'choices', form: s.form!.id, index: 0, choices: [{ label: 'x', value: mine.id }] },
      arrow('return'),
    );
    s = run(
      s,
      { type: 'choices', form: s.form!.id, index: 1, choices: [{ label: 'i', value: 'identified' }] },
      arrow('return'),
    );
    s = run(s, typed('Disque remplacé\r'));
    expect(s.form?.body).toEqual({
      announcement: mine.id,
      status: 'identified',
      message: { fr: 'Disque remplacé' },
    });
  });

  it('the new footers fit 80 columns too', () => {
    for (const key of ['keys_announcements', 'keys_problem', 'keys_problem_update'] as const)
      for (const language of ['fr', 'en'] as const)
        expect([...LABELS[key][language]].length, `${key}.${language}`).toBeLessThanOrEqual(80);
  });

  it('d on the queues opens the dashboard; keys wait for its figures, then choose among the breached and at-risk tickets', () => {
    // Given the dashboard asked for, and ↓ Enter typed before it arrives
    let s = run(loaded(), typed('d'));
    expect(s).toMatchObject({ screen: { kind: 'dashboard' }, dashboard: null, dashboardLoad: 1 });
    s = run(s, typed('j\r'));
    expect(s.waiting).toHaveLength(2);
    // An answer to an older load is not this one: nothing moves
    const dashboard = {
      from: '2026-11-06',
      to: '2026-12-03',
      services: [{ group: 'vr-room', days: [0, 2], last: 2 }],
      teams: null,
      breached: [aTicket({ reference: 'GU-2026-000001' })],
      atRisk: [aTicket({ reference: 'GU-2026-000002' })],
    };
    expect(run(s, { type: 'dashboard', load: 0, dashboard }).waiting).toHaveLength(2);
    // When it arrives, ↓ goes past the breached ticket to the one at risk, and Enter opens it
    s = run(s, { type: 'dashboard', load: 1, dashboard });
    expect(s).toMatchObject({
      screen: { kind: 'ticket', ref: 'GU-2026-000002' },
      dashboardCursor: 1,
      ticketLoad: 1,
      waiting: [],
    });
  });

  it('on the dashboard, j/k stay among its tickets, r asks again, a live change reloads it, Esc goes back to the queues', () => {
    const dashboard = {
      from: '2026-11-06',
      to: '2026-12-03',
      services: [],
      teams: [],
      breached: [aTicket({ reference: 'GU-2026-000001' })],
      atRisk: [],
    };
    let s = run(loaded(), typed('d'), { type: 'dashboard', load: 1, dashboard });
    expect(run(s, typed('jjj')).dashboardCursor).toBe(0);
    expect(run(s, typed('r'))).toMatchObject({ dashboard: null, dashboardLoad: 2 });
    expect(run(s, { type: 'changed' }).dashboardLoad).toBe(2);
    expect(run(s, typed('?')).screen).toEqual({ kind: 'help', back: { kind: 'dashboard' } });
    const listLoad = s.listLoad;
    s = run(s, arrow('escape'));
    expect(s).toMatchObject({ screen: { kind: 'queues' }, listLoad: listLoad + 1 });
    // Elsewhere, a live change leaves the dashboard alone
    expect(run(s, { type: 'changed' }).dashboardLoad).toBe(1);
  });

  it('a caller the reports refuse gets a clear message, in their language, and keys still work', () => {
    let s = run(loaded(), typed('d'), {
      type: 'dashboardFailed',
      load: 1,
      message: 'Accès refusé : Reports are for moderators, technicians and functional admins',
      staffOnly: true,
    });
    expect(s).toMatchObject({ dashboard: null, dashboardError: LABELS.dashboard_staff_only.fr });
    expect(run(s, typed('j\r')).screen).toEqual({ kind: 'dashboard' });
    // Another failure says the server's own message
    const other = run(loaded(), typed('d'), {
      type: 'dashboardFailed',
      load: 1,
      message: 'HTTP 503',
      staffOnly: false,
    });
    expect(other.dashboardError).toBe('HTTP 503');
    s = run(s, arrow('escape'));
    expect(s.screen).toEqual({ kind: 'queues' });
    // The key is shown once GET /v1/me names the caller staff
    expect(s.staff).toBe(false);
    expect(run(s, { type: 'staff', staff: true }).staff).toBe(true);
  });
});
