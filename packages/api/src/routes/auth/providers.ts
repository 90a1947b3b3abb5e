import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import type { IssuerConfig } from '../../lib/oidc.ts';
import { problemResponses } from '../../lib/problem.ts';

const ProvidersSchema = z
  .object({
    providers: z.array(
      z.object({
        issuer: z.url(),
        audience: z.string().openapi({ description: 'The resource to ask tokens for' }),
        cliClientId: z.string().nullable().openapi({
          description: 'Public client for the device authorization flow (guichet login), if any',
        }),
      }),
    ),
  })
  .openapi('IdentityProviders');

const route = createRoute({
  method: 'get',
  path: '/v1/auth/providers',
  operationId: 'listIdentityProviders',
  tags: ['auth'],
  summary: 'The OpenID providers this server trusts (public: what a client needs to sign someone in)',
  security: [],
  responses: {
    200: { description: 'Trusted issuers', content: { 'application/json': { schema: ProvidersSchema } } },
    500: problemResponses[500],
  },
});

/** Registered before the token check: it is how a client finds where to get a token. */
export function registerIdentityProviders(app: OpenAPIHono<AppEnv>, issuers: IssuerConfig[]) {
  const providers = issuers.map((i) => ({
    issuer: i.issuer,
    audience: i.audience,
    cliClientId: i.cliClientId ?? null,
  }));
  app.openapi(route, (c) => c.json({ providers }, 200));
}
