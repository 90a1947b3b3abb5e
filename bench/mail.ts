/**
 * Mail benchmark (issue 13): what notifications cost and how fast mail goes, on a fresh database
 * of the PostgreSQL server at --admin-url (dropped afterwards).
 *
 *   npm run bench:mail                      # 1,000 tickets per phase
 *   npm run bench:mail -- --tickets 4000
 *
 * 1. Ticket creation with the notification dispatcher off and on (it runs after each commit, as
 *    where the scheduler works), in alternating blocks within one run: the added cost of
 *    notifications on creation, as tickets/s and CPU time per ticket of this process.
 * 2. Dispatch: timeline events turned into outbox rows, events/s and CPU per event.
 * 3. Delivery to a local SMTP receiver (smtp-server, real SMTP over loopback, pooled connections):
 *    messages/s.
 * 4. Ingest: the gateway's pipe path (what `guichet mail ingest` and the IMAP poller call) over the
 *    test corpus (77 realistic and hostile messages, each given a fresh Message-ID per round, so
 *    none is a duplicate), one at a time: messages/s and CPU per message.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createGuichet, type Guichet } from '../packages/core/src/index.ts';
import { givenDemoCatalogue, startReceiver } from '../packages/core/testing/index.ts';

const { values } = parseArgs({
  options: {
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    tickets: { type: 'string', default: '1000' },
    'ingest-rounds': { type: 'string', default: '5' },
    blocks: { type: 'string', default: '6' },
  },
});
const adminUrl = values['admin-url'];
const total = Number(values.tickets);
const blocks = Number(values.blocks);

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const name = `guichet_bench_mail_${randomBytes(4).toString('hex')}`;
const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
await admin(`create database ${name}`);
const receiver = await startReceiver();
let g: Guichet | null = null;
try {
  g = await createGuichet({
    database: { url },
    migrate: true,
    scheduler: { enabled: false },
    poolSize: 10,
    mail: {
      smtpUrl: receiver.url,
      from: 'Guichet INSA <guichet@insa-lyon.fr>',
      portalUrl: 'https://portail.insa-lyon.fr',
      batchSize: 100,
      // The corpus comes from few senders: the burst guard would set most of it aside unread.
      inbound: { burst: { count: 1_000_000, minutes: 1 } },
    },
  });
  const guichet = g;
  await givenDemoCatalogue(guichet);
  const requesters = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const p = await guichet.catalogue.upsertPerson({
        email: `bench.${i}@insa-lyon.fr`,
        displayName: `Bench ${i}`,
      });
      return { personId: p.id };
    }),
  );

  // 1. Creation, dispatcher off and on, alternating blocks of the same size.
  const perBlock = Math.max(1, Math.floor(total / blocks));
  const results: Record<'off' | 'on', { tickets: number; ms: number; cpuUs: number }> = {
    off: { tickets: 0, ms: 0, cpuUs: 0 },
    on: { tickets: 0, ms: 0, cpuUs: 0 },
  };
  let n = 0;
  for (let b = 0; b < blocks; b += 1) {
    const mode = b % 2 === 0 ? 'off' : 'on';
    if (mode === 'off') await guichet.notifications.settle();
    const cpu = process.cpuUsage();
    const start = performance.now();
    // Four concurrent clients, like a small burst of requests.
    await Promise.all(
      Array.from({ length: 4 }, async (_, c) => {
        for (let i = c; i < perBlock; i += 4) {
          await guichet.tickets.create(requesters[(n + i) % requesters.length]!, {
            title: `Panne ${n + i}`,
            description: 'Le quiz ne se charge pas',
            service: 'moodle',
          });
          if (mode === 'on') guichet.notifications.kick();
        }
      }),
    );
    if (mode === 'on') await guichet.notifications.settle();
    const used = process.cpuUsage(cpu);
    results[mode].ms += performance.now() - start;
    results[mode].cpuUs += used.user + used.system;
    results[mode].tickets += perBlock;
    n += perBlock;
  }
  const line = (mode: 'off' | 'on') => {
    const r = results[mode];
    return `${mode === 'off' ? 'without dispatch' : 'with dispatch   '}: ${(r.tickets / (r.ms / 1000)).toFixed(0)} tickets/s, ${(r.cpuUs / r.tickets / 1000).toFixed(2)} ms CPU per ticket (${r.tickets} tickets)`;
  };
  console.log(`creation (4 clients, ${blocks} alternating blocks of ${perBlock})`);
  console.log(`  ${line('off')}`);
  console.log(`  ${line('on')}`);

  // 2. Dispatch of a backlog: reset the cursor, delete the outbox, tell everything again.
  await guichet.notifications.idle();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`delete from notification`);
  await client.query(`update timeline_cursor set tx = '0', event_id = 0 where consumer = 'notifications'`);
  const events = Number((await client.query('select count(*)::int as n from ticket_event')).rows[0].n);
  {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await guichet.notifications.settle(120_000);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const queued = Number((await client.query('select count(*)::int as n from notification')).rows[0].n);
    console.log(
      `dispatch: ${events} events → ${queued} notifications in ${(ms / 1000).toFixed(2)} s: ${(events / (ms / 1000)).toFixed(0)} events/s, ${((used.user + used.system) / events / 1000).toFixed(3)} ms CPU per event`,
    );
  }

  // 3. Delivery of the outbox to the local SMTP receiver.
  const pending = Number(
    (await client.query(`select count(*)::int as n from notification where status = 'pending'`)).rows[0].n,
  );
  await client.end();
  {
    const cpu = process.cpuUsage();
    const start = performance.now();
    let sent = 0;
    while (sent < pending) {
      const report = await guichet.mail.deliverDue();
      if (report.sent === 0) break;
      sent += report.sent;
    }
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    console.log(
      `delivery: ${sent}/${pending} messages in ${(ms / 1000).toFixed(2)} s: ${(sent / (ms / 1000)).toFixed(0)} messages/s, ${((used.user + used.system) / Math.max(sent, 1) / 1000).toFixed(2)} ms CPU per message (receiver in the same process)`,
    );
  }

  // 4. Ingest over the corpus, each message with a Message-ID of its own.
  const CELL = 'cellule-pedagogique@insa-rouen.fr';
  await guichet.catalogue.applyDocument({
    mailboxes: [
      { address: CELL, service: 'scenari', establishment: 'insa-rouen', unknownSenders: 'hold' },
      { address: 'support-moodle@insa-lyon.fr', service: 'moodle', unknownSenders: 'refuse' },
    ],
  });
  const dir = new URL('../packages/core/src/mail/inbound/corpus/', import.meta.url);
  const ticket = await guichet.tickets.create(requesters[0]!, {
    title: 'Opale',
    description: 'odt',
    service: 'scenari',
  });
  const corpus = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) =>
      readFileSync(new URL(f, dir), 'latin1')
        .replaceAll('{{REF}}', ticket.reference)
        .replaceAll('{{TICKET_ID}}', ticket.id)
        .replaceAll('{{NOTIFICATION_ID}}', '00000000-0000-4000-8000-000000000000'),
    );
  const rounds = Number(values['ingest-rounds']);
  const decisions: Record<string, number> = {};
  {
    const cpu = process.cpuUsage();
    const start = performance.now();
    let count = 0;
    for (let r = 0; r < rounds; r += 1) {
      for (const [i, text] of corpus.entries()) {
        const id = `<bench.${r}.${i}.${randomBytes(3).toString('hex')}@insa-rouen.fr>`;
        const raw = /^Message-ID:/im.test(text)
          ? text.replace(/^Message-ID:.*$/im, `Message-ID: ${id}`)
          : `Message-ID: ${id}\r\n${text}`;
        const outcome = await guichet.mailGateway.ingest(Buffer.from(raw, 'latin1'), { mailbox: CELL });
        decisions[outcome.decision] = (decisions[outcome.decision] ?? 0) + 1;
        count += 1;
      }
    }
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    console.log(
      `ingest: ${count} messages in ${(ms / 1000).toFixed(2)} s: ${(count / (ms / 1000)).toFixed(0)} messages/s, ${((used.user + used.system) / count / 1000).toFixed(2)} ms CPU per message; ${JSON.stringify(decisions)}`,
    );
  }
} finally {
  await g?.close();
  await receiver.close();
  await admin(`drop database if exists ${name} with (force)`);
}
