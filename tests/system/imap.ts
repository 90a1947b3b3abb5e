import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { inject } from 'vitest';
import type { ImapPoller, ImapPollerEvents, ImapPollerStatus } from '../../packages/core/src/index.ts';

/** A user of the test Dovecot, with a fresh empty mailbox. */
export interface TestMailbox {
  address: string;
  password: string;
  /** `imap://address:password@127.0.0.1:port/INBOX` (or the host without IDLE). */
  url(options?: { withoutIdle?: boolean; password?: string }): string;
}

/** Adds a user to Dovecot (a passwd-file of its own): each test has its own mailbox. */
export async function createMailbox(): Promise<TestMailbox> {
  const imap = inject('imap');
  const address = `cellule-${randomBytes(4).toString('hex')}@insa-rouen.fr`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  await writeFile(join(imap.usersDir, address), `${address}:{PLAIN}${password}::::\n`);
  return {
    address,
    password,
    url(options = {}) {
      const host = options.withoutIdle ? imap.hostWithoutIdle : imap.host;
      const pass = encodeURIComponent(options.password ?? password);
      return `imap://${encodeURIComponent(address)}:${pass}@${host}:${imap.port}/INBOX`;
    },
  };
}

/** Has Dovecot cut every connection of the mailbox's user (`doveadm kick`), as a server restart would. */
export function kick(mailbox: TestMailbox): void {
  execFileSync('doveadm', ['-c', inject('imap').configFile, 'kick', mailbox.address], { stdio: 'ignore' });
}

/** An IMAP connection of the test itself (delivering and inspecting), closed by `using`. */
export async function openImap(mailbox: TestMailbox): Promise<ImapFlow & AsyncDisposable> {
  const imap = inject('imap');
  const client = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: false,
    auth: { user: mailbox.address, pass: mailbox.password },
    logger: false,
  });
  client.on('error', () => {});
  await client.connect();
  return client as ImapFlow & AsyncDisposable;
}

/** A small RFC 5322 message with a Message-ID of its own. */
export function testMessage(subject: string): { messageId: string; raw: string } {
  const messageId = `<${randomBytes(8).toString('hex')}@etudiant.insa-rouen.fr>`;
  const raw = [
    'From: Camille Martin <camille.martin@insa-rouen.fr>',
    'To: cellule@insa-rouen.fr',
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    'Date: Wed, 02 Dec 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'La génération .odt échoue dans le modèle Opale.',
    '',
  ].join('\r\n');
  return { messageId, raw };
}

/** The Message-ID header of a raw message (what a recording ingest counts by). */
export function messageIdOf(raw: Buffer): string {
  const match = /^Message-ID:\s*(\S+)/im.exec(raw.toString('utf8'));
  if (!match?.[1]) throw new Error('no Message-ID');
  return match[1];
}

/**
 * A real ingest function that records each call, in the order made; like the gateway it answers
 * `duplicate` for a Message-ID it has already recorded for that mailbox.
 */
export function recordingIngest() {
  const calls: { mailbox: string; messageId: string; at: number }[] = [];
  const recorded = new Set<string>();
  const ingest = async (raw: Buffer, opts: { mailbox: string }) => {
    const messageId = messageIdOf(raw);
    calls.push({ mailbox: opts.mailbox, messageId, at: Date.now() });
    const key = `${opts.mailbox} ${messageId}`;
    if (recorded.has(key)) return { decision: 'duplicate' };
    recorded.add(key);
    return { decision: 'created' };
  };
  return { ingest, calls };
}

/** Resolves when `predicate` holds, checked now and after each of the poller's events. */
export function until(
  pollers: ImapPoller[],
  predicate: () => boolean,
  label: string | (() => string),
  ms = 20_000,
) {
  return new Promise<void>((resolve, reject) => {
    const events: (keyof ImapPollerEvents)[] = ['status', 'ingested', 'failed'];
    const check = () => {
      if (!predicate()) return;
      finish();
      resolve();
    };
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(`timed out after ${ms} ms waiting for: ${typeof label === 'string' ? label : label()}`),
      );
    }, ms);
    const finish = () => {
      clearTimeout(timer);
      for (const p of pollers) for (const e of events) p.off(e, check);
    };
    for (const p of pollers) for (const e of events) p.on(e, check);
    check();
  });
}

/** Resolves the next time the poller reaches `status` (at once if it is there). */
export function reaches(poller: ImapPoller, status: ImapPollerStatus, ms = 20_000) {
  return until([poller], () => poller.status === status, `status ${status}`, ms);
}

/** Collects log lines, and tells whether any of them contains a given text. */
export function recordingLog() {
  const lines: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  const log = (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => {
    lines.push({ level, message, data });
  };
  const mentions = (text: string) => lines.some((line) => JSON.stringify(line).includes(text));
  return { log, lines, mentions };
}

/** UIDs, flags and Message-IDs of a folder's messages. */
export async function folderContents(client: ImapFlow, folder: string) {
  const lock = await client.getMailboxLock(folder);
  try {
    const box = client.mailbox;
    if (!box || box.exists === 0) return [];
    const messages = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true });
    return messages.map((m) => ({
      uid: m.uid,
      flags: [...(m.flags ?? [])],
      messageId: m.envelope?.messageId ?? null,
    }));
  } finally {
    lock.release();
  }
}
