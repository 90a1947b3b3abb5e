/**
 * Reports and service-level lists over HTTP on real PostgreSQL, with a controlled clock: JSON and
 * CSV, who sees which rows, field errors, the /metrics gauges, and `?sla=` / `sort=dueAt` on lists.
 */
import type { TokenScope } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const ADMIN = 'fonctionnel@groupe-insa.fr';
const MOODLE_MODERATOR = 'moodle.moderation@insa-lyon.fr';
const TECH_ADMIN = 'exploitation@groupe-insa.fr';
const ALWAYS = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]));

/** Monday 7 December 2026, 09:00 Paris: two Moodle tickets and one chat ticket, by two people. */
async function given() {
  let now = new Date('2026-12-07T08:00:00Z');
  const g: TestGuichet = await createTestGuichet({}, { clock: { now: () => now } });
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  await g.catalogue.applyDocument({
    ...(await g.catalogue.exportDocument()),
    calendars: [{ code: 'toujours', timeZone: 'Europe/Paris', holidays: 'none', hours: ALWAYS }],
    serviceLevels: [
      {
        code: 'moodle',
        service: 'moodle',
        firstResponseMinutes: 60,
        resolutionMinutes: 600,
        warningPercent: 50,
        calendar: 'toujours',
      },
    ],
  });
  const student = await g.catalogue.upsertPerson({
    email: 'etudiant@insa-lyon.fr',
    displayName: 'Camille',
    affiliation: 'student',
  });
  const prof = await g.catalogue.upsertPerson({
    email: 'prof@insa-rennes.fr',
    displayName: 'Claire',
    affiliation: 'faculty',
  });
  const moodleA = await g.tickets.create(
    { personId: student.id },
    { title: 'Quiz introuvable', description: 'x', service: 'moodle' },
  );
  now = new Date(now.getTime() + 30 * 60_000);
  const moodleB = await g.tickets.create(
    { personId: prof.id },
    { title: 'Cours vide', description: 'x', service: 'moodle' },
  );
  await g.catalogue.upsertPerson({ email: ADMIN, displayName: 'Admin' });
  await g.catalogue.grantProfile({ person: ADMIN, profile: 'functional_admin' });
  await g.catalogue.upsertPerson({ email: TECH_ADMIN, displayName: 'Exploitation' });
  await g.catalogue.grantProfile({ person: TECH_ADMIN, profile: 'technical_admin' });
  await g.tickets.create({ personId: prof.id }, { title: 'Chat muet', description: 'x', service: 'chat' });
  await g.reports.refresh();
  await g.serviceLevels.refresh();
  const token = async (email: string, scopes: TokenScope[] = ['read', 'write']) => {
    await g.catalogue.upsertPerson({ email, displayName: email });
    return (await g.tokens.create({ person: email, name: 'test', scopes }, 'local')).token;
  };
  const app = createApp(g);
  const call = async (path: string, bearer?: string, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      headers: { ...headers, ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
    });
    return { res, text: await res.text() };
  };
  const advance = (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
  };
  return { g, call, token, advance, moodleA, moodleB };
}

const VOLUME = '/v1/reports/volume?from=2026-12-01&to=2026-12-31&by=service';

describe('GET /v1/reports/{name}', () => {
  it('gives each caller the rows of their scope, as JSON or CSV', async () => {
    const { call, token } = await given();
    const admin = await token(ADMIN);
    const all = await call(VOLUME, admin);
    expect(all.res.status).toBe(200);
    const report = JSON.parse(all.text);
    expect(report.columns).toEqual([
      'service',
      'created',
      'resolved',
      'closed',
      'reopened',
      'rejected',
      'escalated',
    ]);
    expect(report.rows).toEqual([
      { service: 'chat', created: 1, resolved: 0, closed: 0, reopened: 0, rejected: 0, escalated: 0 },
      { service: 'moodle', created: 2, resolved: 0, closed: 0, reopened: 0, rejected: 0, escalated: 0 },
    ]);

    // The Moodle moderator sees Moodle only; a filter on another service gives no rows.
    const moderator = await token(MOODLE_MODERATOR);
    expect(
      JSON.parse((await call(VOLUME, moderator)).text).rows.map((r: { service: string }) => r.service),
    ).toEqual(['moodle']);
    expect(JSON.parse((await call(`${VOLUME}&service=chat`, moderator)).text).rows).toEqual([]);

    // Grouped by affiliation and filtered: the student's ticket alone.
    const byAffiliation = JSON.parse(
      (await call('/v1/reports/affiliation?from=2026-12-07&to=2026-12-07&service=moodle', admin)).text,
    );
    expect(byAffiliation.rows).toEqual([
      { affiliation: 'faculty', created: 1 },
      { affiliation: 'student', created: 1 },
    ]);

    // CSV: the columns as header, a line per row, and never stored by a cache.
    const csv = await call(VOLUME, admin, { Accept: 'text/csv' });
    expect(csv.res.status).toBe(200);
    expect(csv.res.headers.get('Content-Type')).toMatch(/^text\/csv/);
    expect(csv.res.headers.get('Cache-Control')).toMatch(/no-store/);
    expect(csv.text).toBe(
      'service,created,resolved,closed,reopened,rejected,escalated\nchat,1,0,0,0,0,0\nmoodle,2,0,0,0,0,0\n',
    );
    // JSON preferred over CSV by quality: JSON.
    const json = await call(VOLUME, admin, { Accept: 'text/csv;q=0.5, application/json' });
    expect(json.res.headers.get('Content-Type')).toMatch(/^application\/json/);
  });

  it('refuses requesters, technical admins and portals, and names the field of bad input', async () => {
    const { call, token } = await given();
    const prof = await token('prof@insa-rennes.fr');
    const refused = await call(VOLUME, prof);
    expect(refused.res.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({ rule: 'reports_staff_only' });
    expect((await call(VOLUME, await token(TECH_ADMIN))).res.status).toBe(403);
    expect((await call(VOLUME)).res.status).toBe(401);

    const admin = await token(ADMIN);
    const badBy = await call('/v1/reports/volume?from=2026-12-01&to=2026-12-31&by=colour', admin);
    expect(badBy.res.status).toBe(422);
    expect(badBy.res.headers.get('Content-Type')).toMatch(/problem\+json/);
    expect(JSON.stringify(JSON.parse(badBy.text).errors)).toContain('by');
    const backwards = await call('/v1/reports/volume?from=2026-12-31&to=2026-12-01', admin);
    expect(backwards.res.status).toBe(422);
    expect(JSON.stringify(JSON.parse(backwards.text).errors)).toContain('to');
    const badDate = await call('/v1/reports/volume?from=hier&to=2026-12-01', admin);
    expect(badDate.res.status).toBe(422);
    expect(JSON.stringify(JSON.parse(badDate.text).errors)).toContain('from');
    expect((await call('/v1/reports/salaries?from=2026-12-01&to=2026-12-31', admin)).res.status).toBe(422);
    const badFilter = await call(`${VOLUME}&type=complaint`, admin);
    expect(badFilter.res.status).toBe(422);
    expect(JSON.stringify(JSON.parse(badFilter.text).errors)).toContain('type');
  });
});

describe('service levels on ticket lists and /metrics', () => {
  it('filters breached and at-risk tickets, sorts by due date, and counts them for Prometheus', async () => {
    const { g, call, token, advance, moodleA, moodleB } = await given();
    const admin = await token(ADMIN);
    const refs = (text: string) => JSON.parse(text).items.map((t: { reference: string }) => t.reference);

    // Earliest due date first; the chat ticket (no target) last.
    const byDue = await call('/v1/tickets?sort=dueAt', admin);
    expect(byDue.res.status).toBe(200);
    expect(refs(byDue.text).slice(0, 2)).toEqual([moodleA.reference, moodleB.reference]);
    const item = JSON.parse(byDue.text).items[0];
    expect(item.serviceLevel).toMatchObject({
      target: 'moodle',
      firstResponse: { dueAt: '2026-12-07T09:00:00.000Z' },
    });

    // 70 minutes after A was opened: A's first response is late, B's is at risk (40 of 60 minutes, past the 50 % warning).
    advance(40);
    expect(refs((await call('/v1/tickets?sla=breached', admin)).text)).toEqual([moodleA.reference]);
    expect(refs((await call('/v1/tickets?sla=at_risk', admin)).text)).toEqual([moodleB.reference]);
    expect((await call('/v1/tickets?sla=late', admin)).res.status).toBe(422);

    // The requester's own list never carries service levels, nor filters by them.
    const prof = await token('prof@insa-rennes.fr');
    const own = JSON.parse((await call('/v1/tickets', prof)).text).items;
    expect(own.length).toBe(2);
    expect(own.every((t: object) => !('serviceLevel' in t))).toBe(true);
    expect(refs((await call('/v1/tickets?sla=breached', prof)).text)).toEqual([]);

    await g.reports.refresh();
    const metrics = (await call('/metrics')).text;
    expect(metrics).toContain('guichet_backlog_tickets{service="moodle"} 2');
    expect(metrics).toContain('guichet_backlog_tickets{service="chat"} 1');
    expect(metrics).toContain('guichet_breached_tickets{service="moodle"} 1');
    expect(metrics).toContain('guichet_breached_tickets{service="chat"} 0');
  });
});
