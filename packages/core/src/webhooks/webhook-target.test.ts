import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { addressAllowed, postOnce } from './webhook-target.ts';

const open = { allowHttp: true, allowedTargets: [] as string[] };

let server: Server | null = null;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  server = null;
});

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  server = createServer((req, res) => {
    hits += 1;
    handler!(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hits: () => hits };
}

describe('webhook targets', () => {
  it('tells public addresses from private, loopback, link-local and mapped ones', () => {
    expect(addressAllowed('93.184.216.34', open)).toBe(true);
    expect(addressAllowed('2606:4700::1111', open)).toBe(true);
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00:ec2::254',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(addressAllowed(a, open), a).toBe(false);
    expect(addressAllowed('127.0.0.1', { ...open, allowedTargets: ['127.0.0.1'] })).toBe(true);
    expect(addressAllowed('10.20.3.4', { ...open, allowedTargets: ['10.20.0.0/16'] })).toBe(true);
    expect(addressAllowed('10.21.3.4', { ...open, allowedTargets: ['10.20.0.0/16'] })).toBe(false);
  });

  it('does not connect to a loopback receiver that the configuration does not allow', async () => {
    const r = await listen((_req, res) => res.end('ok'));
    const result = await postOnce(r.url, {}, '{}', { ...open, timeoutMs: 2_000, excerptBytes: 1024 });
    expect(result.statusCode).toBeNull();
    expect(result.error).toContain('not allowed');
    expect(r.hits()).toBe(0);
  });

  it('does not follow redirects, and keeps at most the excerpt of a long answer', async () => {
    const allowed = { ...open, allowedTargets: ['127.0.0.1'], timeoutMs: 2_000, excerptBytes: 1024 };
    const r = await listen((req, res) => {
      if (req.url === '/hook') {
        res.writeHead(307, { location: '/elsewhere' });
        res.end();
      } else {
        res.end('y'.repeat(100_000));
      }
    });
    const redirected = await postOnce(r.url, {}, '{}', allowed);
    expect(redirected).toMatchObject({ statusCode: 307, error: 'redirect not followed (307)' });
    expect(r.hits()).toBe(1);
    const long = await postOnce(r.url.replace('/hook', '/long'), {}, '{}', allowed);
    expect(long.statusCode).toBe(200);
    expect(long.error).toBeNull();
    expect(long.excerpt!.length).toBeLessThanOrEqual(1024);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const r = await listen(() => {
      // Never answers.
    });
    const result = await postOnce(r.url, {}, '{}', {
      ...open,
      allowedTargets: ['127.0.0.1'],
      timeoutMs: 200,
      excerptBytes: 1024,
    });
    expect(result).toMatchObject({ statusCode: null, error: 'no answer within 200 ms' });
    server?.closeAllConnections();
  });
});
