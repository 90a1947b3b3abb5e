import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { namesFor } from '../lib/timeline.ts';
import { anEvent, aTicket } from '../testing/fixtures.ts';
import { splitKeys } from './keys.ts';
import { LABELS } from './labels.ts';
import { type Action, initialState, reducer, type State } from './state.ts';

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
    for (const key of ['keys_queues', 'keys_ticket', 'keys_form', 'keys_menu'] as const)
      for (const language of ['fr', 'en'] as const)
        expect([...LABELS[key][language]].length, `${key}.${language}`).toBeLessThanOrEqual(80);
  });
});
