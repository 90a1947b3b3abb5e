import { beforeEach, describe, expect, it, vi } from 'vitest';
import { editTicket } from '../../services/tickets/edit.ts';
import { aTicket } from '../../testing/fixtures.ts';
import { runCommand } from '../../testing/run-command.ts';
import TicketsEdit from './edit.ts';

vi.mock('../../services/tickets/edit.ts', async (original) => ({
  ...(await original<object>()),
  editTicket: vi.fn(),
}));

beforeEach(() => {
  vi.mocked(editTicket).mockReset();
});

describe('guichet tickets edit', () => {
  it('sends only the options given, none to clear a link, --if-match as the version', async () => {
    vi.mocked(editTicket).mockResolvedValue(aTicket({ type: 'incident', impact: 'high', version: 5 }));
    const run = await runCommand(TicketsEdit, [
      'GU-2026-000042',
      '--type',
      'incident',
      '--impact',
      'high',
      '--sub-service',
      'none',
      '--if-match',
      '4',
    ]);
    expect(run.exit).toBe(0);
    expect(editTicket).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://guichet.test' }), {
      reference: 'GU-2026-000042',
      changes: { type: 'incident', impact: 'high', subService: null },
      ifMatch: 4,
    });
    expect(run.stdout).toMatch(/^Ticket\s+GU-2026-000042\s+Casque VR en panne$/m);
  });

  it('refuses to send an empty change as a usage error (exit 3)', async () => {
    const run = await runCommand(TicketsEdit, ['GU-2026-000042']);
    expect(run.exit).toBe(3);
    expect(run.stderr).toMatch(/^guichet: rien à modifier : donnez au moins une option parmi --title/);
    expect(editTicket).not.toHaveBeenCalled();
  });
});
