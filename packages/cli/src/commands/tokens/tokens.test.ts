import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listTokens } from '../../services/tokens/list.ts';
import { revokeToken } from '../../services/tokens/revoke.ts';
import { runCommand } from '../../testing/run-command.ts';
import TokensList from './list.ts';
import TokensRevoke from './revoke.ts';

vi.mock('../../services/tokens/list.ts', () => ({ listTokens: vi.fn() }));
vi.mock('../../services/tokens/revoke.ts', () => ({ revokeToken: vi.fn() }));

const TOKEN = {
  id: '20000000-0000-4000-8000-000000000001',
  name: 'ci',
  prefix: 'gch_ab12cd',
  scopes: ['read', 'write'] as ('read' | 'write')[],
  createdAt: '2026-03-01T08:00:00.000Z',
  expiresAt: '2026-05-30T08:00:00.000Z',
  revokedAt: null,
  lastUsedAt: '2026-03-02T08:00:00.000Z',
};

beforeEach(() => {
  vi.mocked(listTokens).mockReset();
  vi.mocked(revokeToken).mockReset();
});

describe('guichet tokens', () => {
  it('list shows each token by id and prefix, never a secret', async () => {
    vi.mocked(listTokens).mockResolvedValue([TOKEN]);
    const run = await runCommand(TokensList, []);
    expect(run.exit).toBe(0);
    expect(run.stdout).toMatch(/^ID\s+PRÉFIXE\s+NOM\s+DROITS\s+CRÉÉ\s+EXPIRE\s+DERNIER USAGE\s+RÉVOQUÉ$/m);
    expect(run.stdout).toMatch(
      /^20000000-0000-4000-8000-000000000001\s+gch_ab12cd…\s+ci\s+read,write\s+01\/03\/2026\s+30\/05\/2026\s+02\/03\/2026$/m,
    );
  });

  it('revoke passes the id or prefix it was given, and says which token went', async () => {
    vi.mocked(revokeToken).mockResolvedValue({ id: TOKEN.id, listed: TOKEN });
    const run = await runCommand(TokensRevoke, ['gch_ab12cd']);
    expect(run.exit).toBe(0);
    expect(revokeToken).toHaveBeenCalledWith(
      expect.objectContaining({ url: 'http://guichet.test' }),
      'gch_ab12cd',
    );
    expect(run.stderr).toBe('jeton gch_ab12cd… révoqué\n');
  });
});
