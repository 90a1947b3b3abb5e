import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestGuichet,
  eventually,
  givenDemoCatalogue,
  givenPerson,
  type TestGuichet,
} from '../../testing/index.ts';
import { createGuichet, type Guichet } from '../guichet.ts';

const PROCESS_SCRIPT = fileURLToPath(new URL('../../testing/scheduler-process.ts', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Starts another OS process running Guichet's scheduler on the same database. */
async function startOtherProcess(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [PROCESS_SCRIPT, url], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`scheduler process exited with ${code}`)));
  });
  return child;
}

async function pendedVrTicket(g: Guichet, untilMs: number) {
  const staff = await givenDemoCatalogue(g);
  const manager = await staff('vr.manager@insa-rennes.fr');
  const tech = await staff('vr.tech@insa-rennes.fr');
  const requester = await givenPerson(g);
  const t = await g.tickets.create(requester, {
    title: 'Test du casque',
    description: 'à tester',
    service: 'vr-room',
  });
  await g.tickets.act(manager, t.reference, { action: 'approve' });
  const until = new Date(Date.now() + untilMs);
  await g.tickets.act(tech, t.reference, {
    action: 'pend',
    until: until.toISOString(),
    reason: 'créneau de test',
  });
  return { reference: t.reference, tech, until, id: t.id };
}

async function wokenEvents(g: Guichet, who: { personId: string }, reference: string) {
  return (await g.tickets.timeline(who, reference)).filter((e) => e.type === 'woken');
}

describe('pending-until wake-up', () => {
  it('happens exactly once with two processes running the scheduler', async () => {
    // Given two Guichet processes with workers on the same database
    const a: TestGuichet = await createTestGuichet({
      scheduler: { enabled: true, pollingIntervalSeconds: 0.5, sweepCron: '* * * * *' },
    });
    cleanups.push(() => a.dispose());
    await startOtherProcess(a.databaseUrl);
    // When a ticket is pending until a date two seconds away
    const { reference, tech, until } = await pendedVrTicket(a, 2_000);
    // Then it is woken once the date has passed, by one of them, and only once
    const ticket = await eventually(async () => {
      const t = await a.tickets.get(tech, reference);
      return t.status === 'assigned' ? t : null;
    }, 15_000);
    expect(ticket.agent?.email).toBe('vr.tech@insa-rennes.fr');
    await new Promise((r) => setTimeout(r, 2_000));
    const woken = await wokenEvents(a, tech, reference);
    expect(woken).toHaveLength(1);
    expect(new Date(woken[0]!.createdAt).getTime()).toBeGreaterThanOrEqual(until.getTime());
  });

  it('is idempotent when two workers race on the same due ticket', async () => {
    const g: TestGuichet = await createTestGuichet();
    cleanups.push(() => g.dispose());
    const { reference, tech, id } = await pendedVrTicket(g, 300);
    await new Promise((r) => setTimeout(r, 400));
    const results = await Promise.all([g.tickets.wake(id), g.tickets.wake(id), g.scheduler.sweep()]);
    const wakes = results.filter((r) => r === 'woken').length + (results[2] as { woken: number }).woken;
    expect(wakes).toBe(1);
    expect(await wokenEvents(g, tech, reference)).toHaveLength(1);
  });

  it('survives a restart: a job scheduled before the stop runs when Guichet comes back', async () => {
    // Given a ticket pended while Guichet runs, then Guichet stops before the date
    const first: TestGuichet = await createTestGuichet();
    cleanups.push(() => first.dispose());
    const { reference, tech, until } = await pendedVrTicket(first, 1_500);
    const jobs = await first.scheduler.queueDepth();
    expect(jobs['ticket-wake']).toBe(1);
    await first.close();
    await new Promise((r) => setTimeout(r, 2_000));
    // When Guichet starts again (a new process on the same database)
    const second = await createGuichet({
      database: { url: first.databaseUrl },
      scheduler: { enabled: true, pollingIntervalSeconds: 0.5, sweepCron: '0 0 1 1 *' },
    });
    cleanups.push(() => second.close());
    // Then the stored job wakes the ticket (the yearly sweep cron cannot be what did it)
    const woken = await eventually(async () => {
      const events = await wokenEvents(second, tech, reference);
      return events.length > 0 ? events : null;
    }, 15_000);
    expect(woken).toHaveLength(1);
    expect(new Date(woken[0]!.createdAt).getTime()).toBeGreaterThan(until.getTime());
  });
});
