import type { Guichet } from '@guichet/core';
import { createApp } from './app.ts';
import { OPENAPI_INFO } from './openapi.ts';

/**
 * The OpenAPI 3.1 document, built from the routes. No request is served, so no Guichet is needed.
 */
export function openApiDocument(): unknown {
  const app = createApp(null as unknown as Guichet);
  return app.getOpenAPI31Document(OPENAPI_INFO);
}
