import { beforeEach, describe, expect, it, vi } from 'vitest';
import { reportCharts } from './index.ts';

const volume = (by: string[], rows: Record<string, string | number | null>[]) => ({
  name: 'volume',
  from: '2026-12-01',
  to: '2026-12-03',
  by,
  columns: [...by, 'created', 'resolved'],
  rows,
});

beforeEach(() => {
  vi.stubEnv('GUICHET_LANG', 'fr');
});

describe('reportCharts', () => {
  it('draws a sparkline per figure for rows by day, with its range', () => {
    const lines = reportCharts(
      volume(
        ['day'],
        [
          { day: '2026-12-01', created: 0, resolved: null },
          { day: '2026-12-02', created: 7, resolved: 2 },
        ],
      ),
    );
    expect(lines).toEqual(['CRÉÉS    ▁█  0–7', 'RÉSOLUS   ▁  2–2']);
  });

  it('draws bars of the first figure for rows grouped by one dimension', () => {
    const lines = reportCharts(
      volume(
        ['service'],
        [
          { service: 'moodle', created: 4, resolved: 1 },
          { service: 'chat', created: 0, resolved: 0 },
        ],
      ),
    );
    expect(lines[0]).toBe('CRÉÉS');
    expect(lines[1]).toBe(`moodle  ${'█'.repeat(30)} 4`);
    expect(lines[2]).toBe('chat     0');
  });

  it('draws a sparkline of the first figure per group for rows by day and a group', () => {
    const lines = reportCharts(
      volume(
        ['day', 'service'],
        [
          { day: '2026-12-01', service: 'moodle', created: 1 },
          { day: '2026-12-01', service: 'chat', created: 5 },
          { day: '2026-12-02', service: 'moodle', created: 3 },
        ],
      ),
    );
    expect(lines).toEqual(['CRÉÉS', 'moodle  ▁█  1–3', 'chat    ▁  5–5']);
  });

  it('draws nothing for no rows or several groups without days', () => {
    expect(reportCharts(volume(['day'], []))).toEqual([]);
    expect(reportCharts(volume(['service', 'team'], [{ service: 'a', team: 'b', created: 1 }]))).toEqual([]);
  });
});
