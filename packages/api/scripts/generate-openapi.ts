/** Writes packages/api/openapi.json from the routes (`npm run openapi`). A unit test fails on drift. */
import { writeFile } from 'node:fs/promises';
import { openApiDocument } from '../src/openapi-document.ts';

const target = new URL('../openapi.json', import.meta.url);
await writeFile(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
