/**
 * Idempotency keys as an attacker or a crash would use them (issue 9, findings 5, 6 and 15): no
 * secret at rest, no replay across people, one transaction for the effect and its response.
 */

import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

async function given(clock?: { now: () => Date }) {
  guichet = await createTestGuichet({}, clock ? { clock } : {});
  const g = guichet;
  await givenDemoCatalogue(g);
  for (const email of ['prof@insa-rennes.fr', 'etudiante@insa-lyon.fr', 'portail@groupe-insa.fr'])
    await g.catalogue.upsertPerson({ email, displayName: email });
  const token = async (person: string, scopes: ('read' | 'write' | 'act-as')[] = ['read', 'write']) =>
    (await g.tokens.create({ person, name: 't', scopes }, 'local')).token;
  const app = createApp(g);
  const post = async (path: string, t: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { res, json: text ? JSON.parse(text) : null };
  };
  const sql = async <T>(query: string, params: unknown[] = []): Promise<T[]> => {
    const client = new pg.Client({ connectionString: g.databaseUrl });
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  };
  return { g, token, post, sql };
}

describe('idempotency keys and secrets', () => {
  it('a new token’s secret is never stored: the retry says it happened, mints nothing, and backups hold no secret', async () => {
    const { g, token, post, sql } = await given();
    const prof = await token('prof@insa-rennes.fr');
    const headers = { 'Idempotency-Key': 'mint-1' };
    const first = await post('/v1/tokens', prof, { name: 'script', scopes: ['read'] }, headers);
    expect(first.res.status).toBe(201);
    expect(first.res.headers.get('Cache-Control')).toBe('no-store');
    const secret: string = first.json.token;
    expect(secret).toMatch(/^gch_/);
    // Nothing in the database holds the secret.
    const stored = await sql<{ body: string | null; withheld: boolean }>(
      'select body, withheld from idempotency_record',
    );
    expect(stored).toEqual([{ body: null, withheld: true }]);
    expect(await sql(`select 1 from idempotency_record where headers::text like '%gch_%'`)).toEqual([]);
    // The retry is a 409 naming the rule, and no second token exists.
    const retry = await post('/v1/tokens', prof, { name: 'script', scopes: ['read'] }, headers);
    expect(retry.res.status).toBe(409);
    expect(retry.json).toMatchObject({ code: 'CONFLICT', rule: 'idempotency_secret_withheld' });
    expect(JSON.stringify(retry.json)).not.toContain(secret);
    const mine = await sql<{ n: string }>(
      `select count(*)::text as n from api_token t join person p on p.id = t.person_id
        where p.email = 'prof@insa-rennes.fr' and t.name = 'script'`,
    );
    expect(mine).toEqual([{ n: '1' }]);
    // A backup holds neither the table nor the secret.
    const chunks: Buffer[] = [];
    await g.backup(
      new Writable({
        write(chunk, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      }),
    );
    const text = gunzipSync(Buffer.concat(chunks)).toString('utf8');
    expect(text).not.toContain('@table idempotency_record');
    expect(text).not.toContain(secret);
    expect(text).toContain('@table api_token');
  });

  it('records are forgotten after a day by the scheduler’s sweep', async () => {
    let now = new Date('2026-12-01T09:00:00Z');
    const { g, token, post, sql } = await given({ now: () => now });
    const prof = await token('prof@insa-rennes.fr');
    const body = { title: 'Vidéo', description: 'Illisible', service: 'video' };
    await post('/v1/tickets', prof, body, { 'Idempotency-Key': 'k' });
    now = new Date('2026-12-01T20:00:00Z');
    expect((await g.scheduler.sweep()).forgotten).toBe(0);
    now = new Date('2026-12-02T09:30:00Z');
    expect((await g.scheduler.sweep()).forgotten).toBe(1);
    expect(await sql('select 1 from idempotency_record')).toEqual([]);
  });
});

describe('idempotency keys across people', () => {
  it('a portal sending the same key for two people opens a ticket for each, never hands one the other’s', async () => {
    const { token, post } = await given();
    const portal = await token('portail@groupe-insa.fr', ['read', 'write', 'act-as']);
    const body = { title: 'Mot de passe', description: 'Je ne peux plus me connecter', service: 'portal' };
    const key = { 'Idempotency-Key': 'form-submit-1' };
    const forProf = await post('/v1/tickets', portal, body, {
      ...key,
      'Guichet-Act-As': 'prof@insa-rennes.fr',
    });
    const forStudent = await post('/v1/tickets', portal, body, {
      ...key,
      'Guichet-Act-As': 'etudiante@insa-lyon.fr',
    });
    expect([forProf.res.status, forStudent.res.status]).toEqual([201, 201]);
    expect(forStudent.res.headers.get('Idempotent-Replayed')).toBeNull();
    expect(forProf.json.requester.email).toBe('prof@insa-rennes.fr');
    expect(forStudent.json.requester.email).toBe('etudiante@insa-lyon.fr');
    expect(forStudent.json.reference).not.toBe(forProf.json.reference);
    // The same person's retry still replays.
    const retry = await post('/v1/tickets', portal, body, {
      ...key,
      'Guichet-Act-As': 'prof@insa-rennes.fr',
    });
    expect(retry.res.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retry.json.reference).toBe(forProf.json.reference);
  });
});

describe('idempotency keys and failures', () => {
  it('a concurrent duplicate waits for the first and replays it; no record is ever left without its response', async () => {
    const { token, post, sql } = await given();
    const prof = await token('prof@insa-rennes.fr');
    const body = { title: 'Salle VR', description: 'Réservation', service: 'vr-room' };
    const headers = { 'Idempotency-Key': 'race-1' };
    // Two identical requests at once: one creates, the other waits for it and replays it.
    const [a, b] = await Promise.all([
      post('/v1/tickets', prof, body, headers),
      post('/v1/tickets', prof, body, headers),
    ]);
    expect([a.res.status, b.res.status]).toEqual([201, 201]);
    expect(a.json.reference).toBe(b.json.reference);
    expect([a.res.headers.get('Idempotent-Replayed'), b.res.headers.get('Idempotent-Replayed')]).toContain(
      'true',
    );
    const created = await sql<{ n: string }>(
      `select count(*)::text as n from ticket where title = 'Salle VR'`,
    );
    expect(created).toEqual([{ n: '1' }]);
    // No record is ever left without its response (status 0 is the in-transaction placeholder).
    expect(await sql('select 1 from idempotency_record where status = 0')).toEqual([]);
  });
});
