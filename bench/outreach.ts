/**
 * Outreach benchmark (issue 14): when one fault hits many people. Each part runs on a fresh
 * database of the PostgreSQL server at --admin-url (dropped afterwards).
 *
 *   npm run bench:outreach                                   # the issue's sizes
 *   npm run bench:outreach -- --incidents 200 --events 500 --readers 100 --parts bulk,feed
 *
 * 1. bulk      A problem linked to --incidents open incidents (three requesters at three
 *              establishments) resolved with `problems.resolveIncidents`: wall time, incidents/s,
 *              CPU time of this process per incident, and a check from the database that each
 *              incident went through its own transition (one `resolved` event each, its own
 *              transaction, its version moved by one).
 * 2. fanout    10 subscriptions (`ticket.*`) of a functional admin to one local receiver
 *              (node:http on 127.0.0.1); --events timeline events written first, then fanned out and
 *              delivered: deliveries/s end to end, and each phase apart (fan-out, HTTP delivery).
 * 3. feed      The real server (packages/api/src/server.ts, its own process group) with 20
 *              announcements, read by --readers concurrent anonymous closed-loop clients over
 *              loopback: `GET /v1/announcements`, the Atom feed and the JSON feed, plain and
 *              revalidated with `If-None-Match` (what a polling portal sends): requests/s,
 *              p50/p95/p99 and the server's CPU time per request.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createGuichet, type Guichet } from '../packages/core/src/index.ts';
import { administering, freePort, givenDemoCatalogue, givenPerson } from '../packages/core/testing/index.ts';
import { startWebhookReceiver } from '../packages/core/testing/webhook-receiver.ts';

const { values } = parseArgs({
  options: {
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    incidents: { type: 'string', default: '1000' },
    events: { type: 'string', default: '2000' },
    subscriptions: { type: 'string', default: '10' },
    readers: { type: 'string', default: '500' },
    /**
     * 0: closed loop (each reader asks again as soon as it has its answer: the server's ceiling);
     * otherwise each reader asks once every this many milliseconds (a portal polling), from a random
     * start within the first period.
     */
    'pace-ms': { type: 'string', default: '0' },
    /** Requests each reader sends per cell. */
    rounds: { type: 'string', default: '20' },
    parts: { type: 'string', default: 'bulk,fanout,feed' },
    /** A folder where the server's workers write V8 CPU profiles (feed part). */
    profile: { type: 'string', default: '' },
  },
});
const adminUrl = values['admin-url'];
const parts = new Set(values.parts.split(','));

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A fresh database, its Guichet (scheduler off: this script drives each phase), dropped after. */
async function withDatabase<T>(
  label: string,
  options: Omit<Parameters<typeof createGuichet>[0], 'database'>,
  work: (g: Guichet, url: string) => Promise<T>,
): Promise<T> {
  const name = `guichet_bench_${label}_${randomBytes(4).toString('hex')}`;
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  await admin(`create database ${name}`);
  let g: Guichet | null = null;
  try {
    g = await createGuichet({
      database: { url },
      migrate: true,
      scheduler: { enabled: false },
      poolSize: 10,
      ...options,
    });
    return await work(g, url);
  } finally {
    await g?.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.error(line);
};

// ------------------------------------------------------------------------------------------------
// 1. Bulk resolution

async function bulk(total: number) {
  await withDatabase('bulk', {}, async (g, url) => {
    const staff = await givenDemoCatalogue(g);
    const moderator = await staff('moodle.moderation@insa-lyon.fr');
    const requesters = [
      await givenPerson(g, { email: 'etudiant@insa-lyon.fr' }),
      await givenPerson(g, { email: 'enseignant@insa-rennes.fr', affiliation: 'faculty' }),
      await givenPerson(g, { email: 'agent@insa-rouen.fr', affiliation: 'staff' }),
    ];
    const problem = await g.tickets.create(moderator, {
      title: 'Erreur de lecture de la base de données Moodle',
      description: '« database read error » à la connexion au Moodle, sur plusieurs sites.',
      service: 'moodle',
      type: 'problem',
    });
    let started = performance.now();
    for (let i = 0; i < total; i++) {
      const t = await g.tickets.create(requesters[i % 3]!, {
        title: `Moodle inaccessible (${i})`,
        description: 'Message « database read error » en me connectant au Moodle.',
        service: 'moodle',
        subService: 'moodle.access',
      });
      await g.tickets.act(moderator, t.reference, {
        action: 'assign',
        type: 'incident',
        team: 'network-db',
        agent: 'netdb.tech@insa-toulouse.fr',
      });
      await g.problems.link(moderator, problem.reference, { incident: t.reference });
    }
    await g.tickets.act(moderator, problem.reference, {
      action: 'assign',
      team: 'network-db',
      agent: 'netdb.tech@insa-toulouse.fr',
    });
    say(
      `bulk: ${total} incidents created, assigned and linked in ${fmt((performance.now() - started) / 1000)} s`,
    );
    const before = await query<{ id: string; version: number }>(
      url,
      `select t.id, t.version from ticket t where t.type = 'incident'`,
    );
    const cpu = process.cpuUsage();
    started = performance.now();
    const report = await g.problems.resolveIncidents(moderator, problem.reference, {
      resolveProblem: true,
      solution: 'Index de la table des sessions reconstruit ; la base répond de nouveau.',
    });
    const wall = performance.now() - started;
    const cpuPer = cpuMs(cpu) / total;
    const resolved = report.incidents.filter((o) => o.outcome === 'resolved').length;
    // Each incident went through its own resolve: one `resolved` event, alone in its transaction
    // among incidents, and its version moved by exactly one.
    const [check] = await query<{ events: string; tickets: string; txs: string; bumped: string }>(
      url,
      `select count(*) as events, count(distinct e.ticket_id) as tickets,
              count(distinct e.xmin::text) as txs,
              (select count(*) from ticket t where t.type = 'incident' and t.status = 'resolved'
                 and t.version = (b.v ->> t.id::text)::int + 1) as bumped
         from ticket_event e join ticket t on t.id = e.ticket_id
         cross join (select $1::jsonb as v) b
        where t.type = 'incident' and e.type = 'resolved'
        group by b.v`,
      [JSON.stringify(Object.fromEntries(before.map((r) => [r.id, r.version])))],
    );
    say(
      `bulk: resolved ${resolved}/${total} incidents in ${fmt(wall / 1000, 2)} s ` +
        `(${fmt(total / (wall / 1000), 0)} incidents/s, ${fmt(wall / total, 2)} ms each, ` +
        `${fmt(cpuPer, 2)} ms CPU each in this process); ` +
        `${check?.events} resolved events on ${check?.tickets} tickets in ${check?.txs} transactions, ` +
        `${check?.bumped} versions moved by exactly one`,
    );
  });
}

// ------------------------------------------------------------------------------------------------
// 2. Webhook fan-out

async function fanout(events: number, subscriptions: number) {
  const receiver = await startWebhookReceiver();
  try {
    await withDatabase(
      'fanout',
      { webhooks: { allowHttp: true, allowedTargets: ['127.0.0.1'] } },
      async (g, url) => {
        const staff = await givenDemoCatalogue(g);
        const adminActor = administering(await staff('admin@groupe-insa.fr'));
        const moderator = await staff('moodle.moderation@insa-lyon.fr');
        for (let i = 0; i < subscriptions; i++) {
          await g.webhooks.create(adminActor, { url: `${receiver.url}?s=${i}`, eventTypes: ['ticket.*'] });
        }
        const student = await givenPerson(g, { email: 'etudiant@insa-lyon.fr' });
        // The events: tickets created, each answered (a public reply) until the count is reached.
        let written = 0;
        while (written < events) {
          const t = await g.tickets.create(student, {
            title: 'Moodle inaccessible',
            description: 'Erreur à la connexion.',
            service: 'moodle',
          });
          await g.tickets.act(moderator, t.reference, { action: 'reply', body: 'Pouvez-vous réessayer ?' });
          const [{ n } = { n: '0' }] = await query<{ n: string }>(
            url,
            'select count(*) as n from ticket_event',
          );
          written = Number(n);
        }
        const expected = written * subscriptions;
        const cpu = process.cpuUsage();
        const started = performance.now();
        const fan = await g.webhooks.settle(600_000);
        const fanned = performance.now();
        while (receiver.received.length < expected) {
          const r = await g.webhooks.deliverDue();
          if (r.delivered + r.retried + r.failed === 0) break;
        }
        const done = performance.now();
        const wallS = (done - started) / 1000;
        const got = receiver.received.length;
        say(
          `fanout: ${written} events × ${subscriptions} subscriptions = ${got}/${expected} deliveries in ` +
            `${fmt(wallS, 2)} s: ${fmt(got / wallS, 0)} deliveries/s end to end ` +
            `(${fmt(written / wallS, 0)} events/s); fan-out ${fan.queued} deliveries in ` +
            `${fmt((fanned - started) / 1000, 2)} s, HTTP delivery ${fmt(got / ((done - fanned) / 1000), 0)}/s; ` +
            `${fmt((cpuMs(cpu) * 1000) / got, 0)} µs CPU per delivery in this process`,
        );
      },
    );
  } finally {
    await receiver.close();
  }
}

// ------------------------------------------------------------------------------------------------
// 3. Announcement feed under many anonymous readers

const TICK_MS = 10;
function groupTicks(pgid: number): number {
  let sum = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) sum += Number(fields[11]) + Number(fields[12]);
    } catch {
      // ended meanwhile
    }
  }
  return sum;
}

async function startServer(url: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const profiling = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = spawn(process.execPath, [...profiling, 'packages/api/src/server.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      GUICHET_DEMO: '0',
      GUICHET_RATE_LIMIT: '100000000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not become ready')), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Guichet is listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error('server exited')));
  });
  child.stderr!.resume();
  return { base: `http://127.0.0.1:${port}`, child };
}

function get(agent: Agent, base: URL, path: string, etag?: string) {
  return new Promise<{ status: number; etag: string | undefined }>((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'GET',
        path,
        headers: etag ? { 'If-None-Match': etag } : {},
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function feed(readers: number, rounds: number) {
  await withDatabase('feed', {}, async (g, url) => {
    const staff = await givenDemoCatalogue(g);
    const moderator = await staff('moodle.moderation@insa-lyon.fr');
    const severities = ['information', 'degraded', 'outage', 'maintenance'] as const;
    for (let i = 0; i < 20; i++) {
      const a = await g.announcements.create(moderator, {
        title: { fr: `Perturbation Moodle n° ${i}`, en: `Moodle disruption #${i}` },
        body: {
          fr: 'Certains utilisateurs ne peuvent pas se connecter. **Nous enquêtons.**',
          en: 'Some users cannot sign in. **We are investigating.**',
        },
        severity: severities[i % 4]!,
        services: ['moodle'],
      });
      await g.announcements.addUpdate(moderator, a.id, {
        status: 'identified',
        message: { fr: 'Cause identifiée : la base de données.', en: 'Cause identified: the database.' },
      });
    }
    const { base, child } = await startServer(url);
    const target = new URL(base);
    try {
      const cells = [
        { name: 'list', path: '/v1/announcements?state=active' },
        { name: 'atom', path: '/v1/announcements/feed.atom' },
        { name: 'json', path: '/v1/announcements/feed.json' },
      ];
      for (const cell of cells) {
        for (const revalidate of [false, true]) {
          const agent = new Agent({ keepAlive: true, maxSockets: readers });
          const first = await get(agent, target, cell.path);
          if (first.status !== 200) throw new Error(`${cell.path}: ${first.status}`);
          const latencies: number[] = [];
          const statuses = new Map<number, number>();
          const ticks = groupTicks(child.pid!);
          const started = performance.now();
          const pace = Number(values['pace-ms']);
          const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
          await Promise.all(
            Array.from({ length: readers }, async () => {
              const start = performance.now() + Math.random() * pace;
              for (let i = 0; i < rounds; i++) {
                if (pace > 0) await sleep(start + i * pace - performance.now());
                const t0 = performance.now();
                const r = await get(agent, target, cell.path, revalidate ? first.etag : undefined);
                latencies.push(performance.now() - t0);
                statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
              }
            }),
          );
          const wall = (performance.now() - started) / 1000;
          const serverMs = (groupTicks(child.pid!) - ticks) * TICK_MS;
          agent.destroy();
          latencies.sort((a, b) => a - b);
          const p = (q: number) =>
            latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
          say(
            `feed: ${cell.name}${revalidate ? ' (If-None-Match)' : ''}, ${readers} readers` +
              `${pace > 0 ? ` polling every ${pace} ms` : ''}: ` +
              `${fmt(latencies.length / wall, 0)} req/s, p50 ${fmt(p(0.5))} ms, p95 ${fmt(p(0.95))} ms, ` +
              `p99 ${fmt(p(0.99))} ms, server CPU ${fmt(serverMs / latencies.length, 2)} ms/request, ` +
              `statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`,
          );
        }
      }
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
}

if (parts.has('bulk')) await bulk(Number(values.incidents));
if (parts.has('fanout')) await fanout(Number(values.events), Number(values.subscriptions));
if (parts.has('feed')) await feed(Number(values.readers), Number(values.rounds));
console.log(lines.join('\n'));
