import { CreateTokenInputSchema, TOKEN_SCOPES } from '@guichet/core';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/app-env.ts';
import { problemResponses } from '../../lib/problem.ts';
import { CREATE_TOKEN_EXAMPLE, CREATED_TOKEN_EXAMPLE, TOKEN_EXAMPLE } from '../examples.ts';

export const TokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('Token', { example: TOKEN_EXAMPLE });
export const CreatedTokenSchema = z
  .object({
    id: z.uuid(),
    token: z.string().openapi({ description: 'The secret, shown this once' }),
    prefix: z.string(),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    expiresAt: z.string(),
  })
  .openapi('CreatedToken', { example: CREATED_TOKEN_EXAMPLE });
export const CreateTokenBodySchema = z
  .object(CreateTokenInputSchema.shape)
  .strict()
  .openapi('CreateToken', { example: CREATE_TOKEN_EXAMPLE });

const create = createRoute({
  method: 'post',
  path: '/v1/tokens',
  operationId: 'createToken',
  tags: ['tokens'],
  summary: 'Create an API token: read/write ones for yourself; other scopes or people need a technical admin',
  request: { body: { required: true, content: { 'application/json': { schema: CreateTokenBodySchema } } } },
  responses: {
    201: {
      description: 'Created; the secret is in `token`',
      content: { 'application/json': { schema: CreatedTokenSchema } },
    },
    ...problemResponses,
  },
});
const list = createRoute({
  method: 'get',
  path: '/v1/tokens',
  operationId: 'listTokens',
  tags: ['tokens'],
  summary: 'Your API tokens (never their secrets)',
  responses: {
    200: { description: 'Tokens', content: { 'application/json': { schema: z.array(TokenSchema) } } },
    ...problemResponses,
  },
});
const revoke = createRoute({
  method: 'delete',
  path: '/v1/tokens/{tokenId}',
  operationId: 'revokeToken',
  tags: ['tokens'],
  summary: 'Revoke a token (yours, or any as technical admin)',
  request: { params: z.object({ tokenId: z.uuid().openapi({ param: { name: 'tokenId', in: 'path' } }) }) },
  responses: { 204: { description: 'Revoked' }, ...problemResponses },
});

export function registerTokens(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const created = await c.get('guichet').tokens.create(c.req.valid('json'), c.get('caller'));
    // The secret is in this response only: never stored for idempotent replay, never cached.
    c.set('secretResponse', true);
    return c.json(CreatedTokenSchema.parse(created), 201);
  });
  app.openapi(list, async (c) =>
    c.json(z.array(TokenSchema).parse(await c.get('guichet').tokens.list(c.get('caller'))), 200),
  );
  app.openapi(revoke, async (c) => {
    await c.get('guichet').tokens.revoke(c.req.valid('param').tokenId, c.get('caller'));
    return c.body(null, 204);
  });
}
