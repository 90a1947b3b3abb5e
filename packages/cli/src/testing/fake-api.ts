import { createGuichetClient } from '@guichet/api/client';
import type { Connection } from '../lib/api.ts';

/** A body, or `{status: <number>, body}` for another status (a ticket's `status` is a string). */
type Reply = unknown;

/**
 * A Connection whose server answers from a table (`'GET /v1/me'` → body, or `{status, body}`), and
 * the requests it received: for testing services without a server.
 */
export function fakeApi(routes: Record<string, Reply | ((request: Request) => Reply)>) {
  const requests: { method: string; path: string; query: string; headers: Headers; body: unknown }[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = await request.text();
    requests.push({
      method: request.method,
      path: url.pathname,
      query: url.search,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    });
    const route = routes[`${request.method} ${url.pathname}`];
    if (route === undefined) return new Response(JSON.stringify({ title: 'not found' }), { status: 404 });
    const reply = typeof route === 'function' ? (route as (r: Request) => Reply)(request) : route;
    const { status, body } =
      reply && typeof reply === 'object' && typeof (reply as { status?: unknown }).status === 'number'
        ? (reply as { status: number; body?: unknown })
        : { status: 200, body: reply };
    return new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  };
  const connection: Connection = {
    api: createGuichetClient({ baseUrl: 'http://guichet.test', token: 'gch_test', fetch }),
    url: 'http://guichet.test',
  };
  return { connection, requests };
}
