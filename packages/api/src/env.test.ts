import { describe, expect, it } from 'vitest';
import { coreConfigFrom, readEnv } from './env.ts';

describe('the server environment', () => {
  it('loads the demo catalogue (and its well-known people) by default only on the embedded database', () => {
    expect(coreConfigFrom(readEnv({})).seedDemo).toBe(true);
    expect(coreConfigFrom(readEnv({ DATABASE_URL: 'postgres://db.example.org/guichet' })).seedDemo).toBe(
      false,
    );
    expect(
      coreConfigFrom(readEnv({ DATABASE_URL: 'postgres://db.example.org/guichet', GUICHET_DEMO: '1' }))
        .seedDemo,
    ).toBe(true);
    expect(coreConfigFrom(readEnv({ GUICHET_DEMO: '0' })).seedDemo).toBe(false);
  });
});
