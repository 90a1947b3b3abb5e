import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { CreatedTokenSchema, TokenSchema } from './tokens.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

describe('/v1/tokens', () => {
  it('a person creates, lists and revokes their own tokens; the secret is shown once', async () => {
    guichet = await createTestGuichet();
    const g = guichet;
    await givenDemoCatalogue(g);
    const app = createApp(g);
    const first = (
      await g.tokens.create(
        { person: 'vr.tech@insa-rennes.fr', name: 'cli', scopes: ['read', 'write'] },
        'local',
      )
    ).token;
    const call = (method: string, path: string, token: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });

    const created = await call('POST', '/v1/tokens', first, {
      name: 'ci job',
      scopes: ['read'],
      expiresInDays: 7,
    });
    expect(created.status).toBe(201);
    const token = CreatedTokenSchema.parse(await created.json());
    const listed = ((await (await call('GET', '/v1/tokens', first)).json()) as unknown[]).map((t: unknown) =>
      TokenSchema.parse(t),
    );
    expect(listed.map((t: { name: string }) => t.name)).toEqual(['ci job', 'cli']);
    expect(JSON.stringify(listed)).not.toContain(token.token);

    expect((await call('GET', '/v1/me', token.token)).status).toBe(200);
    expect((await call('DELETE', `/v1/tokens/${token.id}`, first)).status).toBe(204);
    expect((await call('GET', '/v1/me', token.token)).status).toBe(401);

    const escalation = await call('POST', '/v1/tokens', first, { name: 'root', scopes: ['admin'] });
    expect(escalation.status).toBe(403);
    const other = await g.tokens.create(
      { person: 'moodle.tech@insa-lyon.fr', name: 'x', scopes: ['read'] },
      'local',
    );
    // Someone else's token is not found (not forbidden): its existence does not leak
    expect((await call('DELETE', `/v1/tokens/${other.id}`, first)).status).toBe(404);
  });
});
