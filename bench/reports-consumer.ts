/**
 * The reports consumer's own cost (issue 15): on a fresh database of the local server, N tickets
 * go through create → assign → resolve → close with core's public API; then the rollup is emptied
 * and its cursor removed, and `ReportService.refresh()` reads the whole timeline again, timed
 * (best of --runs). Prints events/s and tickets/s recomputed, and the CPU time of this process.
 *
 *   node bench/reports-consumer.ts --tickets 2000 --runs 3
 *
 * The same script run from a checkout of an earlier commit compares the rollup's cost there.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { applyCatalogue, createGuichet, DEMO_CATALOGUE } from '../packages/core/src/index.ts';

const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    tickets: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
  },
});
const total = Number(values.tickets);

async function admin(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

const db = `guichet_bench_consumer_${randomBytes(4).toString('hex')}`;
await admin(values.server, `create database ${db}`);
const url = new URL(values.server);
url.pathname = `/${db}`;
const g = await createGuichet({
  database: { url: url.toString() },
  scheduler: { enabled: false },
  poolSize: 4,
});
try {
  await applyCatalogue(g.catalogue, DEMO_CATALOGUE);
  const person = async (email: string) => ({
    personId: (await g.catalogue.upsertPerson({ email, displayName: email })).id,
  });
  const moderator = await person('moodle.moderation@insa-lyon.fr');
  const tech = await person('moodle.tech@insa-lyon.fr');
  const student = await person('etudiant.bench@insa-lyon.fr');
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const t = await g.tickets.create(student, {
        title: 'Quiz bloqué',
        description: 'Erreur 500',
        service: 'moodle',
      });
      await g.tickets.act(moderator, t.reference, {
        action: 'assign',
        type: 'incident',
        team: 'moodle-support',
        agent: 'moodle.tech@insa-lyon.fr',
      });
      await g.tickets.act(tech, t.reference, {
        action: 'resolve',
        solution: 'Cache vidé',
        service: 'moodle',
      });
      await g.tickets.act(moderator, t.reference, { action: 'close' });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  await g.reports.idle();
  const events = Number((await admin(url.toString(), 'select count(*) as n from ticket_event')).rows[0].n);
  const times: { wall: number; cpu: number }[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    await admin(
      url.toString(),
      `begin; truncate report_ticket_day, report_escalation, report_ticket_fact${
        (await admin(url.toString(), `select to_regclass('report_cube') as t`)).rows[0].t
          ? ', report_cube'
          : ''
      }; delete from timeline_cursor where consumer = 'reports'; commit`,
    );
    const cpu = process.cpuUsage();
    const started = performance.now();
    const read = await g.reports.refresh();
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (read !== events) throw new Error(`read ${read} events of ${events}`);
    times.push({ wall, cpu: (used.user + used.system) / 1000 });
  }
  times.sort((a, b) => a.wall - b.wall);
  const best = times[0]!;
  console.log(
    `${total} tickets, ${events} events: best of ${times.length} refreshes ${(best.wall / 1000).toFixed(2)} s ` +
      `(${Math.round(events / (best.wall / 1000))} events/s, ${Math.round(total / (best.wall / 1000))} tickets/s), ` +
      `this process's CPU ${(best.cpu / 1000).toFixed(2)} s; all runs ${times.map((t) => (t.wall / 1000).toFixed(2)).join(', ')} s`,
  );
} finally {
  await g.close();
  await admin(values.server, `drop database ${db} with (force)`);
}
