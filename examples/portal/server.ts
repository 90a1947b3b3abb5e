/**
 * Serves the example portal: its static files, the three browser libraries it uses (from
 * node_modules, so nothing comes from a CDN) and `/config.json` telling the page where the API and
 * the identity provider are.
 *
 *   GUICHET_API_URL=https://guichet.example OIDC_ISSUER=https://cas.example/oidc \
 *   OIDC_CLIENT_ID=portal node examples/portal/server.ts
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PortalConfig {
  /** The Guichet API's root URL, as the browser reaches it. */
  apiUrl: string;
  /** The OpenID Connect issuer people sign in with. */
  issuer: string;
  /** The portal's public client id at that issuer (authorization code + PKCE, no secret). */
  clientId: string;
  /** The audience (resource indicator) of the access tokens the API accepts. */
  audience: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const vendor = (specifier: string) => dirname(fileURLToPath(import.meta.resolve(specifier)));

/** URL path → file on disk; nothing else is served. */
function files(): Map<string, string> {
  const map = new Map<string, string>([
    ['/', join(here, 'public/index.html')],
    ['/app.js', join(here, 'public/app.js')],
    ['/staff.js', join(here, 'public/staff.js')],
    ['/styles.css', join(here, 'public/styles.css')],
    ['/banner.html', join(here, 'public/banner.html')],
    ['/announcements.js', join(here, 'public/announcements.js')],
    ['/announcements.css', join(here, 'public/announcements.css')],
    ['/vendor/oauth4webapi.js', join(vendor('oauth4webapi'), 'index.js')],
    // The staff page's charts (uPlot: canvas charts, no dependency).
    ['/vendor/uplot/uPlot.esm.js', join(vendor('uplot'), 'uPlot.esm.js')],
    ['/vendor/uplot/uPlot.min.css', join(vendor('uplot'), 'uPlot.min.css')],
  ]);
  for (const name of ['index.js', 'parse.js', 'stream.js', 'errors.js']) {
    map.set(`/vendor/eventsource-parser/${name}`, join(vendor('eventsource-parser'), name));
  }
  return map;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export function createPortalServer(config: PortalConfig): Server {
  const served = files();
  const origins = [new URL(config.apiUrl).origin, new URL(config.issuer).origin].join(' ');
  return createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://portal').pathname;
    const security = {
      'Content-Security-Policy': [
        // Also the style rule: style sheets from the portal only, no inline style. uPlot (the staff
        // page's charts) sizes and places its elements through `element.style` (CSSOM), which CSP
        // leaves alone, so it needs no 'unsafe-inline'.
        "default-src 'self'",
        `connect-src 'self' ${origins}`,
        `form-action ${origins}`,
        "frame-ancestors 'none'",
        "base-uri 'none'",
        // No string becomes HTML except through the one policy that parses article bodies inertly.
        "require-trusted-types-for 'script'",
        'trusted-types guichet-article',
      ].join('; '),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...security }).end();
      return;
    }
    if (path === '/config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...security });
      res.end(JSON.stringify(config));
      return;
    }
    const file = served.get(path);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...security }).end('Introuvable');
      return;
    }
    const body = await readFile(file);
    const type = TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...security });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

export function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(`http://${host}:${typeof address === 'object' && address ? address.port : port}`);
    });
  });
}

if (import.meta.main) {
  const env = process.env;
  const missing = ['GUICHET_API_URL', 'OIDC_ISSUER'].filter((k) => !env[k]);
  if (missing.length > 0) {
    console.error(`Missing ${missing.join(', ')} (or try \`npm run portal:demo\`).`);
    process.exit(1);
  }
  const url = await listen(
    createPortalServer({
      apiUrl: env.GUICHET_API_URL!,
      issuer: env.OIDC_ISSUER!,
      clientId: env.OIDC_CLIENT_ID ?? 'portal',
      audience: env.OIDC_AUDIENCE ?? 'urn:guichet',
    }),
    Number(env.PORTAL_PORT ?? 8081),
    env.PORTAL_HOST ?? '127.0.0.1',
  );
  console.error(`Portal on ${url}`);
}
