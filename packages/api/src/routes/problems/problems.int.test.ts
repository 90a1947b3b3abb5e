/**
 * Problems over HTTP, on the Moodle "database read error": the moderator writes the analysis (ETag /
 * If-Match), links three incidents from three establishments, gets suggestions, resolves the problem
 * and its incidents in one call (one refused, reported), and each requester reads only the public
 * summary from their own incident. Errors are problem+json naming the field or rule.
 */
import type { TokenScope } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../app.ts';
import { ProblemSchema as ProblemJsonSchema } from '../../lib/problem.ts';
import {
  LinkedIncidentSchema,
  ProblemSchema,
  ResolveIncidentsReportSchema,
  SuggestedIncidentSchema,
} from './schemas.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

const REQUESTERS = ['etudiant@insa-lyon.fr', 'enseignant@insa-rennes.fr', 'agent@insa-rouen.fr'] as const;

async function givenApi() {
  guichet = await createTestGuichet();
  const g = guichet;
  await givenDemoCatalogue(g);
  for (const email of REQUESTERS) await g.catalogue.upsertPerson({ email, displayName: email });
  const token = async (person: string, scopes: TokenScope[] = ['read', 'write']) =>
    (await g.tokens.create({ person, name: 'test', scopes }, 'local')).token;
  const app = createApp(g);
  const call = async (
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    return { res, json: text ? JSON.parse(text) : null };
  };
  const moderator = await token('moodle.moderation@insa-lyon.fr');
  const requesters = await Promise.all(REQUESTERS.map((email) => token(email)));
  const ticket = async (who: string, body: Record<string, unknown>) => {
    const r = await call('POST', '/v1/tickets', { token: who, body });
    expect(r.res.status, JSON.stringify(r.json)).toBe(201);
    return r.json.reference as string;
  };
  const assign = async (reference: string, type = 'incident') => {
    const r = await call('POST', `/v1/tickets/${reference}/actions/assign`, {
      token: moderator,
      body: { type, team: 'network-db', agent: 'netdb.tech@insa-toulouse.fr' },
    });
    expect(r.res.status, JSON.stringify(r.json)).toBe(200);
  };
  return { g, call, moderator, requesters, ticket, assign };
}

const problemJson = (r: { res: Response; json: unknown }) => {
  expect(r.res.headers.get('Content-Type')).toBe('application/problem+json');
  return ProblemJsonSchema.parse(r.json);
};

describe('problems over HTTP', () => {
  it('the Moodle database read error: analysis, three linked incidents, one batch resolution', async () => {
    const { call, moderator, requesters, ticket, assign } = await givenApi();
    const problem = await ticket(moderator, {
      title: 'Erreur de lecture de la base de données Moodle',
      description: 'database read error à la connexion',
      service: 'moodle',
      type: 'problem',
    });
    const incidents: string[] = [];
    for (const who of requesters) {
      incidents.push(
        await ticket(who, {
          title: 'Erreur de lecture base de données Moodle',
          description: 'Message database read error en me connectant',
          service: 'moodle',
          subService: 'moodle.access',
        }),
      );
    }
    const [lyon, rennes, rouen] = incidents as [string, string, string];
    await assign(lyon);
    await assign(rennes);

    // The analysis, with its ETag; a stale If-Match is 412 and writes nothing.
    const put = await call('PUT', `/v1/problems/${problem}`, {
      token: moderator,
      body: { rootCause: 'Réplica db-2 désynchronisé', workaround: 'Se reconnecter après une minute' },
      headers: { 'If-Match': '"v0"' },
    });
    expect(put.res.status, JSON.stringify(put.json)).toBe(200);
    expect(put.res.headers.get('ETag')).toBe('"v1"');
    expect(ProblemSchema.parse(put.json)).toMatchObject({
      view: 'staff',
      version: 1,
      rootCauseVisibility: 'internal',
    });
    const stale = await call('PUT', `/v1/problems/${problem}`, {
      token: moderator,
      body: { workaround: 'autre' },
      headers: { 'If-Match': '"v0"' },
    });
    expect(stale.res.status).toBe(412);
    expect(problemJson(stale)).toMatchObject({
      rule: 'problem_stale_version',
      detail: expect.stringContaining('"v1"'),
    });

    // Suggestions find the three incidents, with reasons.
    const suggested = await call('GET', `/v1/problems/${problem}/suggested-incidents?windowDays=1`, {
      token: moderator,
    });
    expect(suggested.res.status).toBe(200);
    const suggestions = z.array(SuggestedIncidentSchema).parse(suggested.json);
    expect(suggestions.map((s) => s.reference).sort()).toEqual([...incidents].sort());
    expect(suggestions[0]?.reasons.map((r) => r.kind)).toContain('same_service');

    for (const incident of incidents) {
      const r = await call('POST', `/v1/problems/${problem}/incidents`, {
        token: moderator,
        body: { incident },
      });
      expect(r.res.status, JSON.stringify(r.json)).toBe(200);
      expect(LinkedIncidentSchema.parse(r.json).reference).toBe(incident);
    }
    const listed = await call('GET', `/v1/problems/${problem}/incidents`, { token: moderator });
    expect(
      z
        .array(LinkedIncidentSchema)
        .parse(listed.json)
        .map((i) => [i.reference, i.status]),
    ).toEqual([
      [lyon, 'assigned'],
      [rennes, 'assigned'],
      [rouen, 'new'],
    ]);

    // Each requester reads the public summary from their own incident, and nothing of the others.
    const summary = await call('GET', `/v1/tickets/${lyon}/problem`, { token: requesters[0] });
    expect(summary.res.status).toBe(200);
    expect(ProblemSchema.parse(summary.json)).toEqual({
      view: 'public',
      problem: { reference: problem, title: expect.any(String), status: 'new', service: 'moodle' },
      workaround: 'Se reconnecter après une minute',
      rootCause: null,
      knownErrorArticle: null,
    });
    expect(JSON.stringify(summary.json)).not.toMatch(/db-2|incidentCount/);
    expect((await call('GET', `/v1/tickets/${rennes}/problem`, { token: requesters[0] })).res.status).toBe(
      404,
    );
    expect((await call('GET', `/v1/problems/${problem}`, { token: requesters[0] })).res.status).toBe(404);
    expect(
      (await call('GET', `/v1/problems/${problem}/incidents`, { token: requesters[0] })).res.status,
    ).toBe(404);

    // The moderator told everyone on the portal, linking the notice to the problem.
    const notice = await call('POST', '/v1/announcements', {
      token: moderator,
      body: {
        title: { fr: 'OpenINSA : erreurs de lecture de la base' },
        severity: 'outage',
        services: ['moodle'],
        linkedTicket: problem,
      },
    });
    expect(notice.res.status, JSON.stringify(notice.json)).toBe(201);
    const noticeId = notice.json.id as string;

    // One call: the problem is resolved first (it must be assigned), then each incident on its own,
    // then the notice gets its resolved update.
    await assign(problem, 'problem');
    const batch = await call('POST', `/v1/problems/${problem}/resolve-incidents`, {
      token: moderator,
      body: {
        resolveProblem: true,
        solution: 'Réplica resynchronisé ; reconnectez-vous.',
        announcementMessage: { fr: 'OpenINSA fonctionne de nouveau.', en: 'OpenINSA works again.' },
      },
      headers: { 'Accept-Language': 'en' },
    });
    expect(batch.res.status, JSON.stringify(batch.json)).toBe(200);
    const report = ResolveIncidentsReportSchema.parse(batch.json);
    expect(report.problem.outcome).toBe('resolved');
    expect(report.incidents).toEqual([
      { reference: lyon, outcome: 'resolved', status: 'resolved' },
      { reference: rennes, outcome: 'resolved', status: 'resolved' },
      {
        reference: rouen,
        outcome: 'refused',
        code: 'INVALID_TRANSITION',
        rule: 'action_not_allowed_in_status',
        message: expect.stringContaining('new'),
      },
    ]);
    expect(report.announcements).toEqual([{ id: noticeId, outcome: 'resolved' }]);
    const told = await call('GET', `/v1/announcements/${noticeId}`);
    expect(told.json).toMatchObject({
      phase: 'resolved',
      state: 'past',
      updates: [expect.objectContaining({ status: 'resolved', message: 'OpenINSA fonctionne de nouveau.' })],
    });
    // Run again: the resolved ones are skipped.
    const again = await call('POST', `/v1/problems/${problem}/resolve-incidents`, {
      token: moderator,
      body: {},
    });
    expect(ResolveIncidentsReportSchema.parse(again.json).announcements).toEqual([]);
    expect(ResolveIncidentsReportSchema.parse(again.json).incidents.map((i) => i.outcome)).toEqual([
      'skipped',
      'skipped',
      'refused',
    ]);
    const resolved = await call('GET', `/v1/tickets/${lyon}`, { token: requesters[0] });
    expect(resolved.json).toMatchObject({
      status: 'resolved',
      solution: 'Réplica resynchronisé ; reconnectez-vous.',
    });

    // Unlinking the refused one frees it.
    const unlink = await call('DELETE', `/v1/problems/${problem}/incidents/${rouen}`, { token: moderator });
    expect(unlink.res.status).toBe(204);
    expect((await call('GET', `/v1/tickets/${rouen}/problem`, { token: requesters[2] })).res.status).toBe(
      404,
    );
  });

  it('answers problem+json naming the field or the rule', async () => {
    const { call, moderator, requesters, ticket } = await givenApi();
    const problem = await ticket(moderator, {
      title: 'Lenteurs Moodle',
      description: 'Tout est lent',
      service: 'moodle',
      type: 'problem',
    });
    const other = await ticket(moderator, {
      title: 'Autre',
      description: 'Autre',
      service: 'moodle',
      type: 'problem',
    });
    const incident = await ticket(requesters[0]!, { title: 'Lent', description: 'Lent', service: 'moodle' });

    const notProblem = await call('GET', `/v1/problems/${incident}`, { token: moderator });
    expect(notProblem.res.status).toBe(404);
    expect(problemJson(notProblem)).toMatchObject({ code: 'NOT_FOUND', rule: 'not_a_problem' });

    const toProblem = await call('POST', `/v1/problems/${problem}/incidents`, {
      token: moderator,
      body: { incident: other },
    });
    expect(toProblem.res.status).toBe(422);
    expect(problemJson(toProblem).errors).toEqual([
      expect.objectContaining({ field: 'incident', rule: 'field.problem_not_linkable' }),
    ]);
    const unknown = await call('POST', `/v1/problems/${problem}/incidents`, {
      token: moderator,
      body: { incident: 'GU-2026-999999' },
    });
    expect(unknown.res.status).toBe(422);
    expect(problemJson(unknown).errors?.[0]).toMatchObject({ field: 'incident', rule: 'field.unknown' });
    const extra = await call('POST', `/v1/problems/${problem}/incidents`, {
      token: moderator,
      body: { incident, force: true },
    });
    expect(extra.res.status).toBe(422);
    expect(problemJson(extra).errors?.[0]).toMatchObject({ field: 'force' });

    await call('POST', `/v1/problems/${problem}/incidents`, { token: moderator, body: { incident } });
    const twice = await call('POST', `/v1/problems/${other}/incidents`, {
      token: moderator,
      body: { incident },
    });
    expect(twice.res.status).toBe(409);
    expect(problemJson(twice)).toMatchObject({ code: 'CONFLICT', rule: 'incident_has_problem' });

    const noSolution = await call('POST', `/v1/problems/${problem}/resolve-incidents`, {
      token: moderator,
      body: {},
    });
    expect(noSolution.res.status).toBe(422);
    expect(problemJson(noSolution).errors?.[0]).toMatchObject({ field: 'solution', rule: 'field.required' });
    const stillOpen = await call('POST', `/v1/problems/${problem}/resolve-incidents`, {
      token: moderator,
      body: { solution: 'x', announcementMessage: { fr: 'Résolu' } },
    });
    expect(stillOpen.res.status).toBe(422);
    expect(problemJson(stillOpen).errors?.[0]).toMatchObject({
      field: 'announcementMessage',
      rule: 'field.announcement_problem_open',
    });
    const emptyMessage = await call('POST', `/v1/problems/${problem}/resolve-incidents`, {
      token: moderator,
      body: { resolveProblem: true, solution: 'x', announcementMessage: { en: 'Fixed' } },
    });
    expect(emptyMessage.res.status).toBe(422);
    expect(problemJson(emptyMessage).errors?.[0]).toMatchObject({ field: 'announcementMessage.fr' });

    const window = await call('GET', `/v1/problems/${problem}/suggested-incidents?windowDays=900`, {
      token: moderator,
    });
    expect(window.res.status).toBe(422);
    expect(problemJson(window).errors?.[0]).toMatchObject({ field: 'windowDays' });

    const visibility = await call('PUT', `/v1/problems/${problem}`, {
      token: moderator,
      body: { rootCauseVisibility: 'everyone' },
    });
    expect(visibility.res.status).toBe(422);
    expect(problemJson(visibility).errors?.[0]).toMatchObject({ field: 'rootCauseVisibility' });

    const stale = await call('POST', `/v1/problems/${problem}/resolve-incidents`, {
      token: moderator,
      body: { solution: 'x' },
      headers: { 'If-Match': '"v99"' },
    });
    expect(stale.res.status).toBe(412);
    expect(problemJson(stale)).toMatchObject({ rule: 'stale_version' });

    const noProblem = await call('GET', `/v1/tickets/${other}/problem`, { token: moderator });
    expect(noProblem.res.status).toBe(404);
    expect(problemJson(noProblem)).toMatchObject({ rule: 'ticket_has_no_problem' });
  });
});
