import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createGuichetClient, describeProblem } from './index.ts';

let guichet: TestGuichet | null = null;
afterEach(async () => {
  await guichet?.dispose();
  guichet = null;
});

describe('@guichet/api/client', () => {
  it('creates, reads and lists tickets with typed calls; problems come back as data', async () => {
    guichet = await createTestGuichet();
    await givenDemoCatalogue(guichet);
    await guichet.catalogue.upsertPerson({ email: 'etudiant@insa-lyon.fr', displayName: 'Étudiant' });
    const { token } = await guichet.tokens.create(
      { person: 'etudiant@insa-lyon.fr', name: 'client', scopes: ['read', 'write'] },
      'local',
    );
    const app = createApp(guichet);
    const client = createGuichetClient({
      baseUrl: 'http://guichet.test/',
      token,
      language: 'en',
      fetch: async (request) => app.fetch(request),
    });

    const created = await client.POST('/v1/tickets', {
      body: { title: 'Bot muet', description: 'Le bot ne répond plus', service: 'bot' },
    });
    expect(created.response.status).toBe(201);
    const reference = created.data!.reference;
    const shown = await client.GET('/v1/tickets/{reference}', { params: { path: { reference } } });
    expect(shown.data).toMatchObject({
      reference,
      title: 'Bot muet',
      requester: { email: 'etudiant@insa-lyon.fr' },
    });
    const mine = await client.GET('/v1/tickets', { params: { query: { status: 'assigned' } } });
    expect(mine.data!.items.map((t) => t.reference)).toEqual([reference]);

    const refused = await client.POST('/v1/tickets', { body: { title: '', description: 'x' } });
    expect(refused.response.status).toBe(422);
    expect(describeProblem(refused.error, refused.response.status)).toBe(
      'Invalid data: "title" is invalid (too small: expected string to have >=1 characters)',
    );
  });
});
