import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { registerGetInboundMail } from './inbound-explain.ts';
import { registerIngestMail } from './inbound-ingest.ts';
import { registerListInboundMail } from './inbound-list.ts';
import { registerResolveHeldMail } from './inbound-resolve.ts';

/** The inbound mail gateway: feed a mail in, list received mail, explain one, decide on a held one. */
export function registerInboundMail(app: OpenAPIHono<AppEnv>) {
  registerIngestMail(app);
  registerListInboundMail(app);
  registerGetInboundMail(app);
  registerResolveHeldMail(app);
}

/** The ingest route reads its body itself, bounded by the gateway's own size limit. */
export const isIngestRequest = (method: string, path: string) =>
  method === 'POST' && path === '/v1/mail/inbound';
