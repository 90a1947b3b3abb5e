import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CoreConfigSchema } from '../../packages/core/src/config.ts';
import { startImapPollers } from '../../packages/core/src/guichet.ts';
import {
  ImapPoller,
  type ImapPollerSettings,
  type ImapPollerStatus,
  type Ingest,
  SET_ASIDE_KEYWORD,
} from '../../packages/core/src/index.ts';
import { ImapConfigSchema } from '../../packages/core/src/mail/imap/imap-config.ts';
import {
  createMailbox,
  folderContents,
  kick,
  openImap,
  reaches,
  recordingIngest,
  recordingLog,
  type TestMailbox,
  testMessage,
  until,
} from './imap.ts';

/** Fast settings for tests: short retries and backoffs, and IDLE refreshed rarely (so that a quick pick-up proves IDLE). */
function settings(overrides: Partial<ImapPollerSettings> = {}): ImapPollerSettings {
  const { mailboxes: _, ...parsed } = ImapConfigSchema.parse({
    idleRefreshSeconds: 1_200,
    pollIntervalSeconds: 1,
    lockRetrySeconds: 0.2,
    reconnectBaseSeconds: 0.1,
    reconnectMaxSeconds: 0.4,
    retryBaseSeconds: 0.2,
    timeoutSeconds: 10,
    ...overrides,
  });
  return parsed;
}

const started: ImapPoller[] = [];

function poller(
  mailbox: TestMailbox,
  ingest: Ingest,
  log: ReturnType<typeof recordingLog>['log'],
  options: { settings?: Partial<ImapPollerSettings>; processedFolder?: string; url?: string } = {},
) {
  const p = new ImapPoller({
    mailbox: {
      url: options.url ?? mailbox.url(),
      mailbox: mailbox.address,
      ...(options.processedFolder ? { processedFolder: options.processedFolder } : {}),
    },
    databaseUrl: inject('databaseUrl'),
    ingest,
    settings: settings(options.settings),
    log,
  });
  started.push(p);
  return p;
}

/** The statuses a poller goes through. */
function statuses(p: ImapPoller): ImapPollerStatus[] {
  const seen: ImapPollerStatus[] = [];
  p.on('status', (s) => seen.push(s));
  return seen;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});

describe('the IMAP poller against a real Dovecot', () => {
  it('ingests the unseen messages in UID order, then flags them seen and moves them to the processed folder it creates', async () => {
    // Given three unseen messages and one already seen in the inbox
    const mailbox = await createMailbox();
    const messages = [testMessage('Opale : export .odt'), testMessage('Moodle'), testMessage('Salle VR')];
    const alreadyRead = testMessage('déjà lu');
    {
      await using imap = await openImap(mailbox);
      for (const m of messages) await imap.append('INBOX', m.raw);
      await imap.append('INBOX', alreadyRead.raw, ['\\Seen']);
    }
    const { ingest, calls } = recordingIngest();
    const log = recordingLog();
    // When the poller runs, with a processed folder that does not exist yet (and is not ASCII)
    const p = poller(mailbox, ingest, log.log, { processedFolder: 'Traités' });
    p.start();
    await until([p], () => calls.length === 3 && p.status === 'idle', 'three messages ingested');

    // Then each unseen message was ingested once, in UID order, for this mailbox
    expect(calls.map((c) => c.messageId)).toEqual(messages.map((m) => m.messageId));
    expect(calls.every((c) => c.mailbox === mailbox.address)).toBe(true);
    await using imap = await openImap(mailbox);
    // and moved, flagged \Seen, to the processed folder; the message read before stays in the inbox
    const inbox = await folderContents(imap, 'INBOX');
    expect(inbox.map((m) => m.messageId)).toEqual([alreadyRead.messageId]);
    const processed = await folderContents(imap, 'Traités');
    expect(processed.map((m) => m.messageId)).toEqual(messages.map((m) => m.messageId));
    expect(processed.every((m) => m.flags.includes('\\Seen'))).toBe(true);
    expect(log.lines.filter((l) => l.message === 'mail ingested')).toHaveLength(3);
    expect(log.mentions(mailbox.password)).toBe(false);
  });

  it('picks up at once, through IDLE, a message delivered while it is connected', async () => {
    // Given a poller connected and in IDLE (re-searching on its own only every 20 minutes)
    const mailbox = await createMailbox();
    const { ingest, calls } = recordingIngest();
    const log = recordingLog();
    const p = poller(mailbox, ingest, log.log);
    p.start();
    await reaches(p, 'idle');
    // When a message is delivered
    await using imap = await openImap(mailbox);
    const message = testMessage('Nouvelle demande');
    const sentAt = Date.now();
    await imap.append('INBOX', message.raw);
    await until([p], () => calls.length === 1, 'the delivered message ingested');

    // Then it was ingested well before the next periodic search: IDLE told the poller
    const latency = calls[0]!.at - sentAt;
    console.info(`IDLE pick-up latency: ${latency} ms`);
    expect(calls[0]?.messageId).toBe(message.messageId);
    expect(latency).toBeLessThan(10_000);
    expect(log.lines.find((l) => l.message === 'IMAP mailbox connected')?.data?.idle).toBe(true);
    // and, without a processed folder, it stays in the inbox, flagged \Seen
    const inbox = await folderContents(imap, 'INBOX');
    expect(inbox).toEqual([expect.objectContaining({ messageId: message.messageId, flags: ['\\Seen'] })]);
  });

  it('polls a server that offers no IDLE, every pollIntervalSeconds', async () => {
    // Given a poller on Dovecot's listener that advertises no IDLE
    const mailbox = await createMailbox();
    const { ingest, calls } = recordingIngest();
    const log = recordingLog();
    const p = poller(mailbox, ingest, log.log, { url: mailbox.url({ withoutIdle: true }) });
    const seen = statuses(p);
    p.start();
    await reaches(p, 'polling');
    // When a message is delivered
    await using imap = await openImap(mailbox);
    const message = testMessage('Sans IDLE');
    await imap.append('INBOX', message.raw);
    // Then the next poll ingests it
    await until([p], () => calls.length === 1, 'the delivered message ingested by a poll');
    expect(calls[0]?.messageId).toBe(message.messageId);
    expect(seen).not.toContain('idle');
    expect(log.lines.find((l) => l.message === 'IMAP mailbox connected')?.data?.idle).toBe(false);
  });

  it('leaves a message whose ingest throws unseen, tries it again later, and sets it aside after maxAttempts', async () => {
    // Given an ingest that fails twice for one message, and always for another
    const mailbox = await createMailbox();
    const flaky = testMessage('échoue deux fois');
    const poison = testMessage('échoue toujours');
    const recorder = recordingIngest();
    const attempts = new Map<string, number>();
    let healed = false;
    const ingest: Ingest = async (raw, opts) => {
      const id = /^Message-ID:\s*(\S+)/im.exec(raw.toString())?.[1] ?? '';
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      if ((id === poison.messageId && !healed) || (id === flaky.messageId && n <= 2)) {
        throw new Error('database unavailable');
      }
      return recorder.ingest(raw, opts);
    };
    await using imap = await openImap(mailbox);
    await imap.append('INBOX', flaky.raw);
    await imap.append('INBOX', poison.raw);
    const log = recordingLog();
    const p = poller(mailbox, ingest, log.log, { settings: { maxAttempts: 3 } });
    const failures: { attempts: number; setAside: boolean }[] = [];
    p.on('failed', (f) => failures.push(f));
    p.start();

    // When the first attempt failed, the message is still unseen in the inbox
    await until([p], () => (attempts.get(flaky.messageId) ?? 0) >= 1, 'a first failed attempt');
    const afterFailure = await folderContents(imap, 'INBOX');
    expect(afterFailure.find((m) => m.messageId === flaky.messageId)?.flags).not.toContain('\\Seen');

    // Then it is tried again and ingested on the third attempt
    await until([p], () => recorder.calls.length === 1, 'the flaky message ingested');
    expect(attempts.get(flaky.messageId)).toBe(3);
    // and the one that always fails is set aside after three attempts: unseen, with the keyword
    await until([p], () => failures.some((f) => f.setAside), 'the poison message set aside');
    expect(attempts.get(poison.messageId)).toBe(3);
    const inbox = await folderContents(imap, 'INBOX');
    expect(inbox.find((m) => m.messageId === flaky.messageId)?.flags).toEqual(['\\Seen']);
    expect(inbox.find((m) => m.messageId === poison.messageId)?.flags).toEqual([SET_ASIDE_KEYWORD]);
    expect(
      log.lines.filter((l) => l.message === 'mail ingest failed; left unseen, tried again later'),
    ).toHaveLength(4);
    expect(
      log.lines.filter((l) => l.level === 'error' && l.message.startsWith('mail set aside')),
    ).toHaveLength(1);

    // And when another message arrives, it is ingested while the set-aside one is not tried again
    const next = testMessage('suivant');
    await imap.append('INBOX', next.raw);
    await until([p], () => recorder.calls.length === 2, 'the next message ingested');
    expect(attempts.get(poison.messageId)).toBe(3);

    // And once someone removes the keyword (and the gateway has recovered), it is ingested with the next round
    healed = true;
    await imap.messageFlagsRemove({ header: { 'Message-ID': poison.messageId } }, [SET_ASIDE_KEYWORD]);
    await imap.append('INBOX', testMessage('encore un').raw);
    await until([p], () => recorder.calls.length === 4, 'the healed message ingested');
    expect(recorder.calls.map((c) => c.messageId)).toContain(poison.messageId);
  });

  it('forgets the failure of a message that someone else removed, instead of waking up for it', async () => {
    // Given a message whose ingest failed, to be tried again in half a second
    const mailbox = await createMailbox();
    const doomed = testMessage('supprimé à la main');
    const tried: string[] = [];
    const ingest: Ingest = async (raw) => {
      tried.push(raw.toString());
      throw new Error('database unavailable');
    };
    await using imap = await openImap(mailbox);
    await imap.append('INBOX', doomed.raw);
    const log = recordingLog();
    const p = poller(mailbox, ingest, log.log, { settings: { retryBaseSeconds: 0.5, maxAttempts: 10 } });
    p.start();
    await until([p], () => tried.length === 1 && p.status === 'idle', 'a first failed attempt');
    // When someone deletes it before it is tried again
    await imap.mailboxOpen('INBOX');
    await imap.messageDelete({ header: { 'Message-ID': doomed.messageId } });
    let rounds = 0;
    p.on('round', () => {
      rounds += 1;
    });
    // Then, well past its retry time, the poller has searched the folder a few times at most
    // (waking up for the retry that is due, then resting in IDLE), not without pause
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(tried).toHaveLength(1);
    expect(rounds).toBeLessThan(5);
  });

  it('has one of two pollers of the same mailbox read it, each message once, also after it loses its lock', async () => {
    // Given two pollers (as in two API processes) on the same mailbox, and messages already waiting
    const mailbox = await createMailbox();
    const { ingest, calls } = recordingIngest();
    const log = recordingLog();
    const a = poller(mailbox, ingest, log.log);
    const b = poller(mailbox, ingest, log.log);
    await using imap = await openImap(mailbox);
    const first = Array.from({ length: 5 }, (_, i) => testMessage(`avant ${i}`));
    for (const m of first) await imap.append('INBOX', m.raw);
    a.start();
    b.start();
    // When more arrive while they run
    await until([a, b], () => calls.length >= 1, 'a first message ingested');
    const more = Array.from({ length: 5 }, (_, i) => testMessage(`pendant ${i}`));
    for (const m of more) await imap.append('INBOX', m.raw);
    await until([a, b], () => calls.length === 10, 'ten messages ingested', 30_000);

    // Then one poller reads, the other stands by, and every message was ingested exactly once
    const oneReads = () => [a.status, b.status].sort().join() === 'idle,standby';
    await until([a, b], oneReads, 'one reading, one standing by');
    const ids = [...first, ...more].map((m) => m.messageId);
    expect(calls.map((c) => c.messageId).sort()).toEqual([...ids].sort());

    // When the reader's lock connection is cut by the database
    const db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    try {
      const { rowCount } = await db.query(
        `select pg_terminate_backend(l.pid) from pg_locks l
          where l.locktype = 'advisory' and l.classid = 1196771651 and l.objsubid = 2
            and l.objid::bigint = (hashtext(lower($1))::bigint + 4294967296) % 4294967296`,
        [mailbox.address],
      );
      expect(rowCount).toBe(1);
    } finally {
      await db.end();
    }
    // Then it stops reading; one of the two takes the lock again and reads the new mail, once
    await until(
      [a, b],
      () => log.mentions('IMAP poller lost its database connection'),
      'the lock loss noticed',
    );
    const after = Array.from({ length: 3 }, (_, i) => testMessage(`après ${i}`));
    for (const m of after) await imap.append('INBOX', m.raw);
    await until([a, b], () => calls.length === 13 && oneReads(), 'thirteen messages ingested', 30_000);
    const all = [...ids, ...after.map((m) => m.messageId)];
    expect(calls.map((c) => c.messageId).sort()).toEqual([...all].sort());
  });

  it('has a standing-by process take over the mailbox when the reading process is killed', async () => {
    // Given a poller in another process, reading the mailbox
    const mailbox = await createMailbox();
    const child = spawn(process.execPath, [fileURLToPath(new URL('./poller-process.ts', import.meta.url))], {
      env: {
        ...process.env,
        POLLER_OPTIONS: JSON.stringify({
          mailbox: { url: mailbox.url(), mailbox: mailbox.address },
          databaseUrl: inject('databaseUrl'),
          settings: settings(),
        }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const childLines: string[] = [];
    const childEvents = new EventEmitter();
    createInterface({ input: child.stdout! }).on('line', (line) => {
      childLines.push(line);
      childEvents.emit('line');
    });
    const childSays = (line: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the child never said: ${line}`)), 20_000);
        const check = () => {
          if (!childLines.includes(line)) return;
          clearTimeout(timer);
          childEvents.off('line', check);
          resolve();
        };
        childEvents.on('line', check);
        check();
      });
    try {
      await childSays('status idle');
      // and one in this process, standing by
      const { ingest, calls } = recordingIngest();
      const log = recordingLog();
      const standby = poller(mailbox, ingest, log.log);
      standby.start();
      await reaches(standby, 'standby');
      await using imap = await openImap(mailbox);
      const before = Array.from({ length: 3 }, (_, i) => testMessage(`avant ${i}`));
      for (const m of before) await imap.append('INBOX', m.raw);
      // (each one flagged: killed between ingest and the flag, one would rightly be ingested again)
      for (const uid of [1, 2, 3]) await childSays(`done ${uid}`);
      // When the reading process is killed
      child.kill('SIGKILL');
      await exited;
      const after = Array.from({ length: 3 }, (_, i) => testMessage(`après ${i}`));
      for (const m of after) await imap.append('INBOX', m.raw);
      // Then the standing-by one takes the lock and reads what came after, each message once
      await until(
        [standby],
        () => calls.length === 3 && standby.status === 'idle',
        () =>
          `the three later messages ingested by the survivor (${JSON.stringify(calls)}, ${standby.status})`,
      );
      expect(calls.map((c) => c.messageId)).toEqual(after.map((m) => m.messageId));
      expect(childLines.filter((l) => l.startsWith('ingest '))).toEqual(
        before.map((m) => `ingest ${m.messageId}`),
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('reconnects when the server drops the connection, and ingests what arrived meanwhile', async () => {
    // Given a poller in IDLE
    const mailbox = await createMailbox();
    const { ingest, calls } = recordingIngest();
    const log = recordingLog();
    const p = poller(mailbox, ingest, log.log);
    const seen = statuses(p);
    p.start();
    await reaches(p, 'idle');
    // When the server cuts its connection and a message arrives at about the same time
    kick(mailbox);
    await using imap = await openImap(mailbox);
    const message = testMessage('pendant la coupure');
    await imap.append('INBOX', message.raw);
    // Then it connects again and ingests the message
    await until(
      [p],
      () => calls.length === 1 && p.status === 'idle',
      'the message ingested after reconnecting',
    );
    expect(calls[0]?.messageId).toBe(message.messageId);
    expect(seen.filter((s) => s === 'connecting').length).toBeGreaterThanOrEqual(2);
    expect(
      log.lines.some((l) => l.level === 'warn' && l.message === 'IMAP connection failed; reconnecting'),
    ).toBe(true);
  });

  it('startImapPollers starts one poller per configured mailbox where the scheduler works, and none elsewhere', async () => {
    // Given two configured mailboxes, each with a message waiting
    const rouen = await createMailbox();
    const lyon = await createMailbox();
    const messages = [testMessage('Rouen'), testMessage('Lyon')];
    for (const [mailbox, message] of [
      [rouen, messages[0]],
      [lyon, messages[1]],
    ] as const) {
      await using imap = await openImap(mailbox);
      await imap.append('INBOX', message!.raw);
    }
    const config = (enabled: boolean) => ({
      ...CoreConfigSchema.parse({
        database: { url: inject('databaseUrl') },
        scheduler: { enabled },
        mail: {
          imap: {
            mailboxes: [rouen, lyon].map((m) => ({
              url: m.url(),
              mailbox: m.address,
              processedFolder: 'Traités',
            })),
          },
        },
      }),
      databaseUrl: inject('databaseUrl'),
    });
    const { ingest, calls } = recordingIngest();
    const log = recordingLog();
    // When a process without the scheduler calls it, it starts nothing
    const none = startImapPollers(config(false), ingest, log.log);
    expect(none.pollers).toEqual([]);
    await none.stop();
    // When a process with the scheduler calls it
    const running = startImapPollers(config(true), ingest, log.log);
    try {
      await until(running.pollers, () => calls.length === 2, 'both mailboxes read');
      // Then each mailbox's message was ingested for that mailbox
      expect(calls.map((c) => [c.mailbox, c.messageId]).sort()).toEqual(
        [
          [rouen.address, messages[0]?.messageId],
          [lyon.address, messages[1]?.messageId],
        ].sort(),
      );
    } finally {
      await running.stop();
    }
    expect(running.pollers.map((p) => p.status)).toEqual(['stopped', 'stopped']);
  });

  it('stops promptly out of IDLE, and releases the mailbox lock', async () => {
    // Given a poller in IDLE
    const mailbox = await createMailbox();
    const { ingest } = recordingIngest();
    const log = recordingLog();
    const p = poller(mailbox, ingest, log.log);
    p.start();
    await reaches(p, 'idle');
    // When it is stopped
    const begin = Date.now();
    await p.stop();
    const took = Date.now() - begin;
    // Then it stopped within a second, and another poller gets the lock at once
    console.info(`stop() out of IDLE took ${took} ms`);
    expect(took).toBeLessThan(1_000);
    expect(p.status).toBe('stopped');
    const other = poller(mailbox, ingest, log.log);
    other.start();
    await reaches(other, 'idle');
  });

  it('logs a refused login clearly, retries with backoff, never logs the password, and stops promptly', async () => {
    // Given a poller whose URL carries a wrong password
    const mailbox = await createMailbox();
    const wrong = 'Wr0ng-pa$$word';
    const { ingest, calls } = recordingIngest();
    const log = recordingLog();
    const p = poller(mailbox, ingest, log.log, { url: mailbox.url({ password: wrong }) });
    p.start();
    // When it has tried three times
    const refusals = () => log.lines.filter((l) => l.message.startsWith('IMAP login refused'));
    await until([p], () => refusals().length >= 3, 'three refused logins');
    // Then each refusal is an error naming the mailbox and the server (without the password)
    expect(refusals()[0]).toMatchObject({
      level: 'error',
      data: {
        mailbox: mailbox.address,
        server: expect.stringMatching(/^imap:\/\/cellule-[0-9a-f]+@insa-rouen\.fr@127\.0\.0\.1:\d+\/INBOX$/),
        error: expect.stringMatching(/AUTHENTICATIONFAILED/),
      },
    });
    expect(log.mentions(wrong)).toBe(false);
    expect(log.mentions(encodeURIComponent(wrong))).toBe(false);
    expect(calls).toHaveLength(0);
    // and it is still trying (no crash), and stops at once
    expect(['backoff', 'connecting']).toContain(p.status);
    const begin = Date.now();
    await p.stop();
    expect(Date.now() - begin).toBeLessThan(1_000);
  });
});
