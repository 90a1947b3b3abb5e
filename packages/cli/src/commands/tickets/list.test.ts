import { beforeEach, describe, expect, it, vi } from 'vitest';
import { listTickets } from '../../services/tickets/list.ts';
import { aTicket } from '../../testing/fixtures.ts';
import { runCommand } from '../../testing/run-command.ts';
import TicketsList from './list.ts';

vi.mock('../../services/tickets/list.ts', () => ({ listTickets: vi.fn() }));

beforeEach(() => {
  vi.mocked(listTickets).mockReset();
  vi.mocked(listTickets).mockResolvedValue({ items: [aTicket()], next: null });
});

describe('guichet tickets list', () => {
  it('--opened-by-me asks for the tickets the caller opened, --mine for those assigned to them', async () => {
    await runCommand(TicketsList, ['--opened-by-me']);
    expect(listTickets).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ openedByMe: true, query: expect.objectContaining({ queue: undefined }) }),
    );
    await runCommand(TicketsList, ['--mine']);
    expect(listTickets).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ openedByMe: false, query: expect.objectContaining({ queue: 'mine' }) }),
    );
    const both = await runCommand(TicketsList, ['--opened-by-me', '--requester', 'x@insa-lyon.fr']);
    expect(both.exit).toBe(3);
  });

  it('sends a French day-first date as the instant of local midnight', async () => {
    await runCommand(TicketsList, ['--created-from', '31/12/2026']);
    expect(listTickets).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({
        query: expect.objectContaining({ createdFrom: new Date(2026, 11, 31).toISOString() }),
      }),
    );
  });
});
