import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

async function given() {
  guichet = await createTestGuichet();
  const g = guichet;
  await givenDemoCatalogue(g);
  const admin = (
    await g.tokens.create(
      { person: 'admin@groupe-insa.fr', name: 't', scopes: ['read', 'write', 'admin'] },
      'local',
    )
  ).token;
  const app = createApp(g);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { Authorization: `Bearer ${admin}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: res.status,
      json: (await res.json()) as Record<string, unknown> & { changes?: unknown[] },
    };
  };
  return { call };
}

describe('the catalogue as one document over HTTP', () => {
  it('exports, plans without writing, applies in one go, and the export re-applies as a no-op', async () => {
    const { call } = await given();
    const exported = await call('GET', '/v1/catalogue');
    expect(exported.status).toBe(200);
    const doc = exported.json as { services: { code: string; name: string }[] };
    expect((await call('POST', '/v1/catalogue/plan?prune=true', doc)).json).toEqual({ changes: [] });

    doc.services.find((s) => s.code === 'chat')!.name = 'Messagerie instantanée';
    const plan = await call('POST', '/v1/catalogue/plan', doc);
    expect(plan.json.changes).toEqual([
      {
        kind: 'services',
        key: 'chat',
        op: 'update',
        fields: [{ field: 'name', from: expect.any(String), to: 'Messagerie instantanée' }],
      },
    ]);
    expect((await call('GET', '/v1/services/chat')).json.name).not.toBe('Messagerie instantanée');
    expect((await call('PUT', '/v1/catalogue', doc)).json.changes).toEqual(plan.json.changes);
    expect((await call('GET', '/v1/services/chat')).json.name).toBe('Messagerie instantanée');
    expect((await call('PUT', '/v1/catalogue', doc)).json).toEqual({ changes: [] });
  });

  it('an invalid document is a 422 naming kind.index.field, and nothing is written', async () => {
    const { call } = await given();
    const before = await call('GET', '/v1/catalogue');
    const bad = await call('PUT', '/v1/catalogue', {
      teams: [{ code: 'wiki', name: 'Équipe wiki' }],
      services: [{ code: 'wiki', name: 'Wiki', defaultTeam: 'wikis' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'services.0.defaultTeam' }],
    });
    const unknown = await call('PUT', '/v1/catalogue', { servises: [] });
    expect(unknown.status).toBe(422);
    expect(JSON.stringify(unknown.json)).toContain('servises');
    expect((await call('GET', '/v1/catalogue')).json).toEqual(before.json);
  });
});
