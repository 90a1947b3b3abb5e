import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * The client's address: the socket's peer, or behind a trusted reverse proxy the last address it
 * appended to X-Forwarded-For (earlier entries are whatever the client claimed). `local` for
 * in-process requests (tests).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For');
    const last = forwarded?.split(',').pop()?.trim();
    if (last) return last;
  }
  const env = c.env as { incoming?: IncomingMessage; server?: { incoming?: IncomingMessage } } | undefined;
  const incoming = env?.server?.incoming ?? env?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
