/**
 * A real OpenID provider for tests (the `oidc-provider` package, on a loopback port), issuing JWT
 * access tokens for the resource `guichet` through the ordinary authorization code flow, with
 * PKCE; its development login form accepts any account id listed here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { freePort } from '@guichet/core/testing';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface TestAccount {
  email: string;
  name: string;
  /** Whether the provider says it verified the address (default true, as institutional providers do). */
  emailVerified?: boolean;
  eduPersonAffiliation?: string[];
  groups?: string[];
  /** Extra OAuth scopes granted on Guichet's resource (e.g. an administrative scope). */
  scopes?: string[];
}

/**
 * The mail domains of the demo catalogue's establishments: what a group-wide test provider (one
 * provider for every school, like a federation proxy) is configured to be authoritative for.
 */
export const DEMO_MAIL_DOMAINS = [
  'groupe-insa.fr',
  'insa-lyon.fr',
  'insa-rennes.fr',
  'insa-rouen.fr',
  'insa-strasbourg.fr',
  'insa-toulouse.fr',
  'insa-cvl.fr',
  'insa-hdf.fr',
  'uphf.fr',
];

export interface TestOidcProvider {
  issuer: string;
  audience: string;
  /** Signs in as the account through the authorization code flow and returns the access token. */
  accessTokenFor(accountId: string): Promise<string>;
  /**
   * What a person does in their browser during a device flow: opens the verification page, types
   * the user code, signs in as the account (the device client must be in `deviceClients`).
   */
  approveDevice(userCode: string, accountId: string): Promise<void>;
  stop(): Promise<void>;
}

const CLIENT = { id: 'portal', secret: 'portal-secret', redirect: 'http://127.0.0.1/callback' };

/** A browser application signing people in with PKCE and no secret (the example portal). */
export interface PublicClient {
  clientId: string;
  redirectUris: string[];
}

export async function startOidcProvider(
  accounts: Record<string, TestAccount>,
  audience = 'urn:guichet',
  options: { publicClients?: PublicClient[]; deviceClients?: string[]; port?: number } = {},
): Promise<TestOidcProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = {
    ...(await exportJWK(privateKey)),
    kid: `k-${randomBytes(4).toString('hex')}`,
    alg: 'RS256',
    use: 'sig',
  };
  // The issuer must be known before listening: reserve a port, then start on it.
  const probe = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${probe}`;
  const claimsOf = (id: string) => {
    const a = accounts[id];
    return a ? { sub: id, ...a } : undefined;
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [CLIENT.redirect],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
      ...(options.publicClients ?? []).map((c) => ({
        client_id: c.clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: c.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      })),
      // Command-line clients (guichet login): the device authorization flow, no secret.
      ...(options.deviceClients ?? []).map((clientId) => ({
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [],
        response_types: [],
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
      })),
    ],
    jwks: { keys: [jwk] },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
    },
    findAccount: async (_ctx: unknown, id: string) =>
      claimsOf(id) ? { accountId: id, claims: async () => claimsOf(id)! } : undefined,
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    features: {
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: ['openid', ...new Set(Object.values(accounts).flatMap((a) => a.scopes ?? []))].join(' '),
          audience,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 3600,
        }),
      },
    },
    extraTokenClaims: async (_ctx: unknown, token: { accountId?: string }) => {
      const c = token.accountId ? claimsOf(token.accountId) : undefined;
      return c
        ? {
            email: c.email,
            email_verified: c.emailVerified ?? true,
            name: c.name,
            eduPersonAffiliation: c.eduPersonAffiliation ?? [],
            groups: c.groups ?? [],
          }
        : {};
    },
    loadExistingGrant: async (ctx: {
      oidc: { client: { clientId: string }; session: { accountId: string } } & Record<string, unknown>;
    }) => {
      // Consent is implied for the test client.
      const grant = new (
        provider as unknown as {
          Grant: new (
            x: object,
          ) => {
            addOIDCScope(s: string): void;
            addResourceScope(r: string, s: string): void;
            save(): Promise<string>;
          };
        }
      ).Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      const extra = accounts[ctx.oidc.session.accountId]?.scopes ?? [];
      grant.addResourceScope(audience, ['openid', ...extra].join(' '));
      await grant.save();
      return grant;
    },
  } as never);
  provider.proxy = false;
  const server = provider.listen(probe, '127.0.0.1');
  await new Promise<void>((ok) => server.once('listening', () => ok()));

  /** A browser of sorts: cookies kept, redirects not followed. */
  function browser() {
    const jar = new Map<string, string>();
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const remember = (res: Response) => {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [k, ...v] = pair!.split('=');
        jar.set(k!.trim(), v.join('='));
      }
    };
    const go = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(new URL(url, issuer), {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers ?? {}), cookie: cookieHeader() },
      });
      remember(res);
      return res;
    };
    return go;
  }

  /** Posts the development interaction forms (login, consent) until the flow moves on. */
  async function interact(go: ReturnType<typeof browser>, location: string, accountId: string) {
    const page = await go(location);
    const html = await page.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? 'login';
    const form = new URLSearchParams(
      prompt === 'login' ? { prompt, login: accountId, password: 'x' } : { prompt },
    );
    const action = /action="([^"]+)"/.exec(html)?.[1] ?? new URL(location, issuer).pathname;
    return go(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
  }

  async function approveDevice(userCode: string, accountId: string): Promise<void> {
    const go = browser();
    const entry = await (await go('/device')).text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(entry)?.[1];
    if (!xsrf) throw new Error(`no device form: ${entry.slice(0, 300)}`);
    let res = await go('/device', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, user_code: userCode }).toString(),
    });
    for (let hop = 0; hop < 10; hop++) {
      const location = res.headers.get('location');
      if (!location) {
        const html = await res.text();
        if (/name="confirm"/.test(html)) {
          // "Confirm Device": the page shows the code again and asks to continue.
          const hidden = Object.fromEntries(
            [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
              m[1]!,
              m[2]!,
            ]),
          );
          res = await go('/device', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ ...hidden, confirm: 'yes' }).toString(),
          });
          continue;
        }
        if (res.status === 200 && /success|signed in|connect/i.test(html)) return;
        throw new Error(
          `device flow stopped with ${res.status}: ${html.replace(/\s+/g, ' ').slice(0, 1500)}`,
        );
      }
      res = /\/interaction\/[^/]+$/.test(new URL(location, issuer).pathname)
        ? await interact(go, location, accountId)
        : await go(location);
    }
    throw new Error('device flow did not finish');
  }

  async function accessTokenFor(accountId: string): Promise<string> {
    const go = browser();
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const auth = new URL('/auth', issuer);
    auth.search = new URLSearchParams({
      client_id: CLIENT.id,
      response_type: 'code',
      redirect_uri: CLIENT.redirect,
      scope: ['openid email profile', ...(accounts[accountId]?.scopes ?? [])].join(' '),
      resource: audience,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    let res = await go(auth.toString());
    for (let hop = 0; hop < 10; hop++) {
      const location = res.headers.get('location');
      if (!location) throw new Error(`OIDC flow stopped with ${res.status}: ${await res.text()}`);
      if (location.startsWith(CLIENT.redirect)) {
        const code = new URL(location).searchParams.get('code');
        if (!code) throw new Error(`no code in ${location}`);
        const tokenRes = await fetch(new URL('/token', issuer), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: CLIENT.redirect,
            client_id: CLIENT.id,
            client_secret: CLIENT.secret,
            code_verifier: verifier,
            resource: audience,
          }),
        });
        const body = (await tokenRes.json()) as { access_token?: string; error_description?: string };
        if (!body.access_token) throw new Error(`token endpoint: ${JSON.stringify(body)}`);
        return body.access_token;
      }
      if (/\/interaction\/[^/]+$/.test(new URL(location, issuer).pathname)) {
        res = await interact(go, location, accountId);
        continue;
      }
      res = await go(location);
    }
    throw new Error('OIDC flow did not finish');
  }

  return {
    issuer,
    audience,
    accessTokenFor,
    approveDevice,
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
