import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../testing/fake-api.ts';
import { revokeToken } from './revoke.ts';

// Messages are asserted in French, whatever the machine's LANG.
beforeEach(() => {
  vi.stubEnv('GUICHET_LANG', 'fr');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const token = (id: string, prefix: string) => ({
  id,
  name: 'ci',
  prefix,
  scopes: ['read'],
  createdAt: '2026-03-01T08:00:00.000Z',
  expiresAt: '2026-05-30T08:00:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
});
const A = '20000000-0000-4000-8000-00000000000a';
const B = '20000000-0000-4000-8000-00000000000b';

describe('revokeToken', () => {
  it('revokes by id, or by the prefix tokens list shows; an ambiguous prefix is refused', async () => {
    const { connection, requests } = fakeApi({
      'GET /v1/tokens': [token(A, 'gch_ab12'), token(B, 'gch_ab34')],
      [`DELETE /v1/tokens/${A}`]: { status: 204 },
      [`DELETE /v1/tokens/${B}`]: { status: 204 },
    });
    expect(await revokeToken(connection, B)).toEqual({ id: B });
    expect((await revokeToken(connection, 'gch_ab12…')).id).toBe(A);
    await expect(revokeToken(connection, 'gch_ab')).rejects.toThrow(/plusieurs de vos jetons/);
    expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      `/v1/tokens/${B}`,
      `/v1/tokens/${A}`,
    ]);
  });
});
