import { describe, expect, it } from 'vitest';
import { bars, sparkline } from './charts.ts';

describe('sparkline', () => {
  it('draws the smallest as ▁ and the largest as █', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, 4, 8])).toBe('▁▅█');
  });
  it('is empty for no values, flat for all zeros', () => {
    expect(sparkline([])).toBe('');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
  });
  it('leaves a space for a missing value and scales negative values', () => {
    expect(sparkline([null, 2, null])).toBe(' ▁ ');
    expect(sparkline([null, null])).toBe('  ');
    expect(sparkline([-7, 0, null])).toBe('▁█ ');
  });
});

describe('bars', () => {
  it('scales to the largest', () => {
    expect(bars([2, 4], 4)).toEqual(['██', '████']);
    expect(bars([1, 100], 10)).toEqual(['█', '██████████']);
  });
  it('draws nothing for no values, zeros, negative or missing values', () => {
    expect(bars([])).toEqual([]);
    expect(bars([0, 0], 5)).toEqual(['', '']);
    expect(bars([-3, null, 'x', 6], 3)).toEqual(['', '', '', '███']);
  });
});
