/**
 * The HTTP surface under hostile or unlucky input (issue 9, findings 10, 12, 13, 16 and the low
 * ones): media types, oversized bodies on a kept-alive connection, a database that is down or
 * hangs, headers, existence oracles, malformed identifiers, failed authentications.
 */

import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { createGuichet, type Guichet, TICKET_TYPES } from '@guichet/core';
import {
  adminQuery,
  createTestGuichet,
  givenDemoCatalogue,
  type TestGuichet,
  withDatabase,
} from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createApp } from './app.ts';
import { openApiDocument } from './openapi-document.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function given(options: Parameters<typeof createApp>[1] = {}) {
  const g: TestGuichet = await createTestGuichet();
  cleanups.push(() => g.dispose());
  await givenDemoCatalogue(g);
  await g.catalogue.upsertPerson({ email: 'prof@insa-rennes.fr', displayName: 'Prof' });
  const token = async (person: string, scopes: ('read' | 'write' | 'admin')[] = ['read', 'write']) =>
    (await g.tokens.create({ person, name: 't', scopes }, 'local')).token;
  const app = createApp(g, options);
  return { g, app, token };
}

/** Well-formed path parameters, so that the media type is what a request gets wrong. */
const SAMPLE: Record<string, string> = {
  reference: 'GU-2026-000001',
  referenceId: '00000000-0000-4000-8000-000000000000',
  tokenId: '00000000-0000-4000-8000-000000000000',
  id: '00000000-0000-4000-8000-000000000000',
  deliveryId: '00000000-0000-4000-8000-000000000000',
  person: 'prof@insa-rennes.fr',
};

describe('media types (finding 13)', () => {
  it('every operation taking a body answers 415 problem+json to another media type, never 500', async () => {
    const { app, token } = await given();
    const admin = await token('admin@groupe-insa.fr', ['read', 'write', 'admin']);
    const doc = openApiDocument() as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.requestBody)
        .map(([method]) => ({
          method: method.toUpperCase(),
          path: path.replace(/\{([^}]+)\}/g, (_, p) => SAMPLE[p] ?? 'chat'),
        })),
    );
    expect(operations.length).toBeGreaterThan(15);
    for (const { method, path } of operations) {
      for (const type of ['application/xml', 'text/plain']) {
        const res = await app.request(path, {
          method,
          headers: { Authorization: `Bearer ${admin}`, 'Content-Type': type },
          body: '<ticket/>',
        });
        expect(res.status, `${method} ${path} as ${type}`).toBe(415);
        expect(res.headers.get('Content-Type')).toBe('application/problem+json');
        expect(await res.json()).toMatchObject({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          errors: [{ field: 'Content-Type' }],
        });
      }
    }
  });
});

describe('an oversized body on a kept-alive connection (finding 12)', () => {
  it('the 413 closes the connection, so the client’s next request goes on a fresh one', async () => {
    const { app, token } = await given();
    const prof = await token('prof@insa-rennes.fr');
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    cleanups.push(() => new Promise((ok) => server.close(() => ok())));
    await new Promise((ok) => server.once('listening', ok));
    const port = (server.address() as net.AddressInfo).port;
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => {
      received += d.toString();
    });
    const closed = new Promise<void>((ok) => socket.once('close', () => ok()));
    socket.on('error', () => {});
    const body = 'x'.repeat(2 * 1024 * 1024);
    socket.write(
      `POST /v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${prof}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body);
    await Promise.race([
      closed,
      new Promise((_, reject) => setTimeout(() => reject(new Error(received)), 10_000)),
    ]);
    expect(received).toMatch(/^HTTP\/1\.1 413/);
    expect(received.toLowerCase()).toContain('connection: close');
    // A new connection works as usual.
    const res = await fetch(`http://127.0.0.1:${port}/v1/me`, {
      headers: { Authorization: `Bearer ${prof}` },
    });
    expect(res.status).toBe(200);
  });
});

/** A TCP proxy in front of PostgreSQL that can refuse connections or stop answering. */
async function databaseProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let mode: 'pass' | 'down' | 'hang' = 'pass';
  const server = net.createServer((client) => {
    if (mode === 'down') {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (d) => {
      if (mode === 'pass') upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (mode === 'pass') client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    port: (server.address() as net.AddressInfo).port,
    set(next: 'pass' | 'down' | 'hang') {
      mode = next;
      if (next === 'down') for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

describe('the database away (finding 16)', () => {
  it('down: 503 with Retry-After, /readyz not ready; hung: the same within a bound; back: served again', async () => {
    // Given a Guichet whose database connections go through a proxy
    const adminUrl = inject('adminUrl');
    const name = `guichet_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(adminUrl, `create database ${name} template ${inject('templateDatabase')}`);
    cleanups.push(() => adminQuery(adminUrl, `drop database if exists ${name} with (force)`));
    const target = new URL(adminUrl);
    const proxy = await databaseProxy(target);
    cleanups.push(() => proxy.close());
    const proxied = new URL(withDatabase(adminUrl, name));
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const g: Guichet = await createGuichet({
      database: { url: proxied.toString() },
      scheduler: { enabled: false },
      statementTimeoutMs: 1_000,
      poolSize: 4,
    });
    cleanups.push(async () => {
      proxy.set('down');
      await g.close();
    });
    await givenDemoCatalogue(g);
    const token = (
      await g.tokens.create({ person: 'admin@groupe-insa.fr', name: 't', scopes: ['read'] }, 'local')
    ).token;
    const app = createApp(g);
    const get = (path: string) => app.request(path, { headers: { Authorization: `Bearer ${token}` } });
    const bounded = async (path: string) =>
      Promise.race([
        get(path),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${path} hung`)), 15_000)),
      ]);
    expect((await get('/v1/tickets')).status).toBe(200);

    // When the database is down
    proxy.set('down');
    const down = await bounded('/v1/tickets');
    expect(down.status).toBe(503);
    expect(down.headers.get('Retry-After')).toBe('5');
    expect(await down.json()).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    expect((await bounded('/readyz')).status).toBe(503);

    // When it stops answering altogether
    proxy.set('pass');
    expect((await bounded('/v1/tickets')).status).toBe(200);
    proxy.set('hang');
    const hung = await bounded('/v1/tickets');
    expect(hung.status).toBe(503);
    const ready = await bounded('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready' });

    // Then, once it is back, requests are served again
    proxy.set('down');
    proxy.set('pass');
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await bounded('/v1/tickets')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  });
});

describe('headers (low)', () => {
  it('nosniff everywhere, never framed, no-store on the API, frame-ancestors on /docs', async () => {
    const { app, token } = await given();
    const prof = await token('prof@insa-rennes.fr');
    for (const path of ['/healthz', '/v1/me', '/v1/nothing-here', '/docs']) {
      const res = await app.request(path, { headers: { Authorization: `Bearer ${prof}` } });
      expect(res.headers.get('X-Content-Type-Options'), path).toBe('nosniff');
      expect(res.headers.get('X-Frame-Options'), path).toBe('DENY');
    }
    const me = await app.request('/v1/me', { headers: { Authorization: `Bearer ${prof}` } });
    expect(me.headers.get('Cache-Control')).toBe('no-store');
    const docs = await app.request('/docs');
    expect(docs.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
  });
});

describe('identifiers and oracles (low)', () => {
  it('a NUL in a reference or a text is a 404 or a 422 naming the field, never a 500', async () => {
    const { app, token } = await given();
    const prof = await token('prof@insa-rennes.fr');
    const headers = { Authorization: `Bearer ${prof}`, 'Content-Type': 'application/json' };
    const ticket = await app.request('/v1/tickets/GU-2026-%00', { headers });
    expect(ticket.status).toBe(404);
    expect(await ticket.json()).toMatchObject({ code: 'TICKET_NOT_FOUND' });
    const created = await app.request('/v1/tickets', {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: 'Nul\u0000', description: 'x', service: 'chat' }),
    });
    expect(created.status).toBe(422);
    expect(await created.json()).toMatchObject({ errors: [{ field: 'title', rule: 'field.nul_character' }] });
    const service = await app.request('/v1/services/chat%00', { headers });
    expect(service.status).toBeLessThan(500);
  });

  it('filtering by an unknown person answers like a known one whose tickets are hidden; staff get the 422', async () => {
    const { app, token } = await given();
    const prof = await token('prof@insa-rennes.fr');
    const moderator = await token('vr.manager@insa-rennes.fr');
    const list = (t: string, who: string) =>
      app.request(`/v1/tickets?requester=${encodeURIComponent(who)}`, {
        headers: { Authorization: `Bearer ${t}` },
      });
    const known = await list(prof, 'admin@groupe-insa.fr');
    const unknown = await list(prof, 'personne.inconnue@insa-lyon.fr');
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(await unknown.json()).toEqual(await known.json());
    expect((await list(moderator, 'personne.inconnue@insa-lyon.fr')).status).toBe(422);
  });

  it('every ticket type round-trips through a routing rule and its listing (finding 10)', async () => {
    const { app, token } = await given();
    const admin = await token('admin@groupe-insa.fr', ['read', 'write', 'admin']);
    const headers = { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' };
    for (const type of TICKET_TYPES) {
      const put = await app.request(`/v1/routing-rules/type-${type}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ position: 90, match: { type }, team: 'portal', defaultType: type }),
      });
      expect(put.status, type).toBe(200);
    }
    const list = await app.request('/v1/routing-rules', { headers });
    expect(list.status).toBe(200);
    const rules = (await list.json()) as { code: string; match: { type: string } }[];
    const listed = rules.filter((r) => r.code.startsWith('type-')).map((r) => r.match.type);
    expect(listed.sort()).toEqual([...TICKET_TYPES].sort());
  });
});

describe('failed authentications (low)', () => {
  it('are limited per client address: past the limit, refused before any lookup', async () => {
    const { app, token } = await given({ authFailuresPerMinute: 3 });
    const prof = await token('prof@insa-rennes.fr');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await app.request('/v1/me', { headers: { Authorization: `Bearer gch_wrong${i}` } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const blocked = await app.request('/v1/me', { headers: { Authorization: `Bearer ${prof}` } });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(await blocked.json()).toMatchObject({ rule: 'too_many_failed_authentications' });
  });
});
