import { describeProblem, type GuichetClient } from '@guichet/api/client';
import { CliError, EXIT } from './errors.ts';

/** A signed-in client and the server it talks to (named in connection errors). */
export interface Connection {
  api: GuichetClient;
  url: string;
}

/**
 * Awaits an API call and returns its data; a problem response becomes a CliError carrying the
 * problem (401 → exit 4), a connection failure names the server.
 * @example const me = await callApi(url, api.GET('/v1/me'));
 */
export async function callApi<D>(
  url: string,
  request: Promise<{ data?: D; error?: unknown; response: Response }>,
): Promise<D> {
  let result: { data?: D; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw CliError.of('unreachable', { url, detail: cause?.code ?? cause?.message ?? String(error) });
  }
  const { data, error, response } = result;
  if (response.ok) return data as D;
  const line = describeProblem(error as never, response.status);
  if (response.status === 401) throw CliError.of('unauthenticated', { detail: line }, EXIT.unauthenticated);
  throw new CliError(line, EXIT.error, error);
}
