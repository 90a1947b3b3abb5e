/**
 * Writes packages/api/openapi.json from the routes, and the typed client's schema from it
 * (`npm run openapi`). A unit test fails when either drifts.
 */
import { writeFile } from 'node:fs/promises';
import { clientSchemaSource } from '../src/client/generate.ts';
import { openApiDocument } from '../src/openapi-document.ts';

const document = openApiDocument();
const target = new URL('../openapi.json', import.meta.url);
await writeFile(target, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
const schema = new URL('../src/client/schema.ts', import.meta.url);
await writeFile(schema, await clientSchemaSource(document));
console.log(`wrote ${schema.pathname}`);
