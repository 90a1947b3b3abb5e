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

  it('--sla and --sort dueAt reach the API; an SLA column names the worst clock only when a ticket has one', async () => {
    const plain = await runCommand(TicketsList, []);
    expect(plain.stdout).not.toContain('SLA');
    vi.mocked(listTickets).mockResolvedValue({
      items: [
        aTicket({
          serviceLevel: {
            target: 'moodle',
            firstResponse: {
              state: 'met',
              dueAt: '2026-12-03T09:00:00Z',
              warnAt: null,
              remainingBusinessMs: 1,
            },
            resolution: {
              state: 'breached',
              dueAt: '2026-12-03T10:00:00Z',
              warnAt: null,
              remainingBusinessMs: -5,
            },
          },
        }),
        aTicket({ reference: 'GU-2026-000002', serviceLevel: null }),
      ],
      next: null,
    });
    const run = await runCommand(TicketsList, ['--sla', 'breached', '--sort', 'dueAt']);
    expect(run.exit, run.stderr).toBe(0);
    expect(listTickets).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ query: expect.objectContaining({ sla: 'breached', sort: 'dueAt' }) }),
    );
    expect(run.stdout).toMatch(/SLA/);
    expect(run.stdout).toMatch(/dépassé \S+/);
    const bad = await runCommand(TicketsList, ['--sla', 'late']);
    expect(bad.exit).toBe(3);
  });
});
