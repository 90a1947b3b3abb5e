import { beforeEach, describe, expect, it, vi } from 'vitest';
import { kbApi } from '../../lib/kb.ts';
import { runCommand } from '../../testing/run-command.ts';
import KbEdit from './edit.ts';
import KbSearch from './search.ts';

vi.mock('../../lib/kb.ts', async (original) => {
  const actual = await original<typeof import('../../lib/kb.ts')>();
  return { ...actual, kbApi: { ...actual.kbApi, edit: vi.fn(), search: vi.fn() } };
});

beforeEach(() => {
  vi.mocked(kbApi.edit).mockReset();
  vi.mocked(kbApi.search).mockReset();
});

describe('guichet kb search', () => {
  it('sends the words and the filters given, nothing else', async () => {
    vi.mocked(kbApi.search).mockResolvedValue({ items: [], next: null, total: 0, totalCapped: false });
    const run = await runCommand(KbSearch, ['opale odt', '--service', 'scenari', '--kind', 'known_error']);
    expect(run.exit).toBe(0);
    expect(kbApi.search).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://guichet.test' }), {
      q: 'opale odt',
      service: 'scenari',
      kind: 'known_error',
      limit: 20,
    });
    expect(run.stderr).toMatch(/aucun résultat/);
  });
});

describe('guichet kb edit', () => {
  it('refuses an empty change as a usage error (exit 3)', async () => {
    const run = await runCommand(KbEdit, ['KB-000042']);
    expect(run.exit).toBe(3);
    expect(run.stderr).toMatch(/^guichet: rien à modifier/);
    expect(kbApi.edit).not.toHaveBeenCalled();
  });

  it('sends lists split on commas and --if-match as the version', async () => {
    vi.mocked(kbApi.edit).mockRejectedValue(new Error('stop'));
    const run = await runCommand(KbEdit, ['KB-000042', '--tags', 'odt, opale', '--if-match', '3']);
    expect(run.exit).toBe(1);
    expect(kbApi.edit).toHaveBeenCalledWith(expect.anything(), {
      reference: 'KB-000042',
      changes: { tags: ['odt', 'opale'] },
      ifMatch: 3,
    });
  });
});
