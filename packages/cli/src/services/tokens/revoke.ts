import { type Connection, callApi } from '../../lib/api.ts';
import { CliError } from '../../lib/errors.ts';
import { t } from '../../lib/messages.ts';
import { listTokens, type Token } from './list.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Revokes a token (DELETE /v1/tokens/{id}), named by its id or by the prefix `tokens list` shows
 * (`gch_ab12…`); returns the token as it was listed, when it was named by its prefix.
 */
export async function revokeToken(
  connection: Connection,
  token: string,
): Promise<{ id: string; listed?: Token }> {
  let id = token;
  let listed: Token | undefined;
  if (!UUID.test(token)) {
    const prefix = token.replace(/…$/, '');
    const matches = (await listTokens(connection)).filter(
      (k) => k.prefix.startsWith(prefix) && prefix !== '',
    );
    if (matches.length !== 1)
      throw new CliError(t(matches.length === 0 ? 'token_unknown' : 'token_ambiguous', { token }));
    listed = matches[0]!;
    id = listed.id;
  }
  await callApi(
    connection.url,
    connection.api.DELETE('/v1/tokens/{tokenId}', { params: { path: { tokenId: id } } }),
  );
  return { id, ...(listed ? { listed } : {}) };
}
