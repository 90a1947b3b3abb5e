import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aTicket } from '../testing/fixtures.ts';
import type { Dashboard } from './dashboard.ts';
import { initialState, type State } from './state.ts';
import { dashboardScreen, queuesScreen } from './views.ts';

beforeEach(() => {
  vi.stubEnv('GUICHET_LANG', 'fr');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const FRAME = { width: 80, height: 24, colour: false };
const drawn = (node: ReturnType<typeof dashboardScreen>) => {
  const ui = render(node);
  const frame = ui.lastFrame() ?? '';
  ui.unmount();
  return frame;
};

const due = new Date(Date.now() - 5 * 60_000).toISOString();
const late = (reference: string, title: string) =>
  aTicket({
    reference,
    title,
    serviceLevel: {
      target: 'vr',
      firstResponse: { state: 'breached', dueAt: due, warnAt: null, remainingBusinessMs: null },
      resolution: { state: 'ok', dueAt: due, warnAt: null, remainingBusinessMs: null },
    },
  });

/** Ten services and ten teams with tickets open, and thirty breached tickets. */
function crowded(): Dashboard {
  const lines = Array.from({ length: 10 }, (_, i) => ({ group: `q${i}`, days: [0, i], last: 10 - i }));
  return {
    from: '2026-11-06',
    to: '2026-12-03',
    services: lines,
    teams: lines,
    breached: Array.from({ length: 30 }, (_, i) =>
      late(`GU-2026-${String(i + 1).padStart(6, '0')}`, 'Un titre bien trop long pour tenir sur la ligne'),
    ),
    atRisk: [],
  };
}

describe('dashboard and queue views', () => {
  it('a crowded dashboard fits an 80×24 terminal: some queues per section, then how many more, the chosen ticket shown', () => {
    const state: State = {
      ...initialState(),
      screen: { kind: 'dashboard' },
      dashboard: crowded(),
      dashboardCursor: 20,
    };
    const frame = drawn(dashboardScreen(FRAME, state));
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(frame).toContain('— Stock par service');
    expect(frame).toContain('— Stock par équipe (vos équipes)');
    expect(frame).toMatch(/^ {2}q0\s+10\s+▁▁\n {2}q1\s+9\s+▁█$/m);
    expect(frame).toContain('(+6 autre(s))');
    expect(frame).toMatch(/^> GU-2026-000021\s+Un titre.*1re réponse dépassé/m);
  });

  it('the queue list has an SLA column only when a ticket has a service level', () => {
    const base = { ...initialState(), staff: true };
    const withSla = drawn(queuesScreen(FRAME, { ...base, items: [late('GU-2026-000001', 'Casque')] }));
    expect(withSla).toMatch(/MODIFIÉ\s+SLA\s+TITRE/);
    expect(withSla).toMatch(/^> GU-2026-000001 .* dépassé \d\d:\d\d\s+Casque$/m);
    expect(withSla).toContain(' d Tableau de bord');
    const without = drawn(queuesScreen(FRAME, { ...initialState(), items: [aTicket({ title: 'Casque' })] }));
    expect(without).not.toContain('SLA');
    expect(without).not.toContain('Tableau de bord');
  });
});
