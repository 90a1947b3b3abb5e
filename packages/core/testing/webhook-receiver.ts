/** A real HTTP receiver of webhooks for tests (node:http on 127.0.0.1, a random port). */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook` */
  url: string;
  /** Requests answered 2xx, in arrival order. */
  received: ReceivedWebhook[];
  /** Requests answered otherwise (see `status`). */
  refused: ReceivedWebhook[];
  /** What the receiver answers (204 by default). */
  status: number;
  /** The answer's body. */
  answer: string;
  /** Stops listening: connections are refused until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a receiver that records every request and answers `status` with `answer`. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let server: Server;
  let port = 0;
  const state: WebhookReceiver = {
    url: '',
    received: [],
    refused: [],
    status: 204,
    answer: '',
    down: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    up: async () => listen(),
    close: async () => {
      if (server.listening) await state.down();
    },
  };
  const listen = async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const hit = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        (state.status >= 200 && state.status < 300 ? state.received : state.refused).push(hit);
        res.writeHead(state.status, { 'content-type': 'text/plain' });
        res.end(state.answer);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
    state.url = `http://127.0.0.1:${port}/hook`;
  };
  await listen();
  return state;
}
