import { describe, expect, it } from 'vitest';
import { instantFrom } from './dates.ts';

describe('instantFrom', () => {
  it('reads a day as local time at the given hour, keeps an offset, passes other text through', () => {
    expect(instantFrom('2030-01-15', 8)).toBe(new Date(2030, 0, 15, 8).toISOString());
    expect(instantFrom(' 2030-01-15 ')).toBe(new Date(2030, 0, 15, 0).toISOString());
    expect(instantFrom('2030-01-15T14:30')).toBe(new Date(2030, 0, 15, 14, 30).toISOString());
    expect(instantFrom('2030-01-15T10:00:00+02:00')).toBe('2030-01-15T08:00:00.000Z');
    expect(instantFrom('demain')).toBe('demain');
  });
});
