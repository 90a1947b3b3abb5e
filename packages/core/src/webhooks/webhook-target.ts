import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** What a target may be, from the configuration. */
export interface TargetPolicy {
  allowHttp: boolean;
  /** IP addresses or CIDR ranges allowed although not public. */
  allowedTargets: readonly string[];
}

/**
 * Ranges no webhook may reach unless allowed: unspecified, private (RFC 1918, ULA), loopback,
 * link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254 included), carrier-grade NAT,
 * benchmarking, documentation, multicast and reserved ones, and IPv4 carried inside IPv6 (checked
 * again as IPv4).
 */
const BLOCKED: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

const blocked = new BlockList();
for (const [net, prefix, family] of BLOCKED) blocked.addSubnet(net, prefix, family);

/** Why a target cannot be used: the rule key's reason. */
export class TargetRefused extends Error {
  readonly reason: 'scheme' | 'url' | 'address' | 'unresolved';
  constructor(reason: TargetRefused['reason'], message: string) {
    super(message);
    this.name = 'TargetRefused';
    this.reason = reason;
  }
}

function allowList(policy: TargetPolicy): BlockList {
  const list = new BlockList();
  for (const entry of policy.allowedTargets) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (!address || isIP(address) === 0) continue;
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** Whether every allowed-target entry is an IP address or CIDR range (for the configuration). */
export function validAllowedTarget(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const v = isIP(address ?? '');
  if (v === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const n = Number(prefix);
  return Number.isInteger(n) && n >= 0 && n <= (v === 6 ? 128 : 32);
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:127.0.0.1`), else null. */
function mappedV4(address: string): string | null {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1] ?? null;
}

/** Whether one resolved address may be reached under the policy. */
export function addressAllowed(address: string, policy: TargetPolicy): boolean {
  const v4 = mappedV4(address);
  const addr = v4 ?? address;
  const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
  if (allowList(policy).check(addr, family)) return true;
  return !blocked.check(addr, family);
}

/** The URL checked for its form: http(s), a host, no credentials. */
export function parseTarget(raw: string, policy: TargetPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('url', 'not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp))
    throw new TargetRefused('scheme', policy.allowHttp ? 'http(s) only' : 'https only');
  if (url.username || url.password) throw new TargetRefused('url', 'no credentials in the URL');
  if (!url.hostname) throw new TargetRefused('url', 'no host');
  return url;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Resolves the target's host and checks every address it has (not only the one a connection would
 * pick). Throws `TargetRefused` when one is not allowed or nothing resolves.
 */
export async function checkTarget(raw: string, policy: TargetPolicy): Promise<URL> {
  const url = parseTarget(raw, policy);
  const host = hostOf(url);
  const addresses =
    isIP(host) !== 0
      ? [host]
      : await new Promise<string[]>((resolve, reject) =>
          dnsLookup(host, { all: true }, (error, found: LookupAddress[]) =>
            error
              ? reject(new TargetRefused('unresolved', `${host} does not resolve`))
              : resolve(found.map((a) => a.address)),
          ),
        );
  if (addresses.length === 0) throw new TargetRefused('unresolved', `${host} does not resolve`);
  for (const a of addresses) {
    if (!addressAllowed(a, policy))
      throw new TargetRefused('address', `${host} resolves to ${a}, not allowed`);
  }
  return url;
}

/** What one POST gave. */
export interface PostResult {
  statusCode: number | null;
  excerpt: string | null;
  error: string | null;
  latencyMs: number;
}

/**
 * POSTs `body` to the target, once: the host is resolved and every address checked at this moment,
 * and the connection goes to an address just checked (the lookup hook), so a DNS answer that
 * changed since the subscription was created (rebinding) cannot redirect it inside. Redirects are
 * not followed (a 3xx is a failure). At most `excerptBytes` of the answer are read; the whole
 * exchange is bounded by `timeoutMs`.
 */
export async function postOnce(
  raw: string,
  headers: Record<string, string>,
  body: string,
  options: TargetPolicy & { timeoutMs: number; excerptBytes: number },
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = await checkTarget(raw, options);
  } catch (error) {
    return { statusCode: null, excerpt: null, error: String((error as Error).message), latencyMs: elapsed() };
  }
  // Resolved again by the connection itself, through this hook: the address it connects to is checked.
  const lookup: LookupFunction = (hostname, opts, callback) => {
    dnsLookup(hostname, { ...opts, all: true }, (error, found: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const bad = found.find((a) => !addressAllowed(a.address, options));
      if (bad || found.length === 0) {
        return callback(
          new Error(`${hostname} resolves to ${bad?.address ?? 'nothing'}, not allowed`),
          '',
          0,
        );
      }
      if ((opts as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, found);
      callback(null, found[0]!.address, found[0]!.family);
    });
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve) => {
    let done = false;
    const finish = (result: Omit<PostResult, 'latencyMs'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const req = send(
      url,
      {
        method: 'POST',
        lookup,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Guichet-Webhooks/1',
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const settle = () => {
          const excerpt = Buffer.concat(chunks).subarray(0, options.excerptBytes).toString('utf8');
          const code = res.statusCode ?? null;
          const ok = code !== null && code >= 200 && code < 300;
          finish({
            statusCode: code,
            excerpt: excerpt.length > 0 ? excerpt : null,
            error: ok
              ? null
              : code !== null && code >= 300 && code < 400
                ? `redirect not followed (${code})`
                : `HTTP ${code}`,
          });
          res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          if (size < options.excerptBytes) chunks.push(chunk);
          size += chunk.length;
          if (size >= options.excerptBytes) settle();
        });
        res.on('end', settle);
        res.on('error', settle);
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, excerpt: null, error: `no answer within ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (error) =>
      finish({ statusCode: null, excerpt: null, error: String(error.message).slice(0, 1000) }),
    );
    req.end(body);
  });
}
