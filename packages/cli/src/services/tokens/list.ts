import type { components } from '@guichet/api/client';
import { type Connection, callApi } from '../../lib/api.ts';

export type Token = components['schemas']['Token'];

/** The caller's API tokens (GET /v1/tokens; never their secrets). */
export async function listTokens({ api, url }: Connection): Promise<Token[]> {
  return callApi(url, api.GET('/v1/tokens'));
}
