import { Args } from '@oclif/core';
import { callApi } from '../../lib/api.ts';
import { GuichetCommand } from '../../lib/base.ts';
import { heading } from '../../lib/messages.ts';

type Clock = {
  state: string;
  elapsedMinutes: number;
  targetMinutes: number | null;
  remainingMinutes: number | null;
  dueAt: string | null;
  breached: boolean;
} | null;

/** Business minutes as "2 h 05" (negative once breached). */
const duration = (minutes: number | null) => {
  if (minutes === null) return '—';
  const sign = minutes < 0 ? '-' : '';
  const m = Math.abs(minutes);
  return `${sign}${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')}`;
};

export default class SlaShow extends GuichetCommand<typeof SlaShow> {
  static override summary =
    'The service levels of a ticket: its target and the first-response and resolution clocks, in business time';
  static override description =
    'Staff on the ticket only. Times are business minutes on the target’s calendar (see docs/service-levels.md); --json gives the API’s answer.';
  static override examples = ['<%= config.bin %> sla show GU-2026-000042'];
  static override args = { ref: Args.string({ description: 'Ticket reference', required: true }) };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(SlaShow);
    const { api, url } = await this.client();
    const view = await callApi(
      url,
      api.GET('/v1/tickets/{reference}/service-levels', { params: { path: { reference: args.ref } } }),
    );
    if (!this.jsonEnabled()) {
      if (!view.target) this.log(`${view.reference}: ${heading('No target')}`);
      else {
        this.log(`${view.reference} · ${view.target.code} · ${heading('Calendar')} ${view.target.calendar}`);
        const rows: { name: string; clock: Clock }[] = [
          { name: heading('First response'), clock: view.firstResponse },
          { name: heading('Resolution'), clock: view.resolution },
        ];
        this.printList(rows, [
          { header: 'CLOCK', value: (r) => r.name },
          { header: 'STATE', value: (r) => r.clock?.state ?? '—' },
          { header: 'ELAPSED', value: (r) => duration(r.clock?.elapsedMinutes ?? null) },
          { header: 'TARGET', value: (r) => duration(r.clock?.targetMinutes ?? null) },
          { header: 'LEFT', value: (r) => duration(r.clock?.remainingMinutes ?? null) },
          { header: 'DUE', value: (r) => r.clock?.dueAt ?? '—' },
          { header: 'BREACHED', value: (r) => heading(r.clock?.breached ? 'yes' : 'no') },
        ]);
      }
    }
    return view;
  }
}
