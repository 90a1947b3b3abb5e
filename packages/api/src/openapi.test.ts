import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientSchemaSource } from './client/generate.ts';
import { openApiDocument } from './openapi-document.ts';

describe('openapi.json', () => {
  it('the committed document matches the routes (run `npm run openapi` after changing a route)', () => {
    const committed = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));
    expect(JSON.parse(JSON.stringify(openApiDocument()))).toEqual(committed);
  });

  it('the typed client’s committed schema matches the document', async () => {
    const committed = readFileSync(new URL('./client/schema.ts', import.meta.url), 'utf8');
    expect(await clientSchemaSource(openApiDocument())).toBe(committed);
  });

  it('names every operation and documents problem responses', () => {
    const doc = openApiDocument() as {
      paths: Record<
        string,
        Record<string, { operationId?: string; responses: object; security?: unknown[] }>
      >;
    };
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(operations.length).toBeGreaterThan(10);
    for (const op of operations) {
      expect(op.operationId).toBeTruthy();
      // Public operations (security: []) take no token and no input: no 401 or 422 to document.
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      expect(Object.keys(op.responses)).toEqual(
        expect.arrayContaining(isPublic ? ['500'] : ['401', '422', '500']),
      );
    }
  });
});
