/**
 * The typed client of the Guichet API (`@guichet/api/client`): openapi-fetch over the types that
 * openapi-typescript generates from the OpenAPI document, so a renamed field breaks the caller's
 * build, not its users.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type { components, paths };
export type GuichetClient = Client<paths>;
export type Problem = components['schemas']['Problem'];
export type Ticket = components['schemas']['Ticket'];

export interface GuichetClientOptions {
  /** The server's root URL, e.g. `https://guichet.insa-lyon.fr`. */
  baseUrl: string;
  /** An API token (`gch_…`) or an OpenID Connect access token. */
  token?: string;
  /** With a token holding the `act-as` scope: the person (email or subject) to act for. */
  actAs?: string;
  /** `fr` (default) or `en`: the language of problem titles and details. */
  language?: 'fr' | 'en';
  /** Another fetch (tests call the app in-process). */
  fetch?: (request: Request) => Promise<Response>;
}

export function createGuichetClient(options: GuichetClientOptions): GuichetClient {
  const headers: Record<string, string> = { 'Accept-Language': options.language ?? 'fr' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.actAs) headers['Guichet-Act-As'] = options.actAs;
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** The problem document of a failed call as one line: `title: detail`, or `title: field message; …`. */
export function describeProblem(problem: Partial<Problem> | undefined, status: number): string {
  if (!problem || typeof problem !== 'object') return `HTTP ${status}`;
  const fields = (problem.errors ?? []).map((e) => e.message).join('; ');
  const detail = fields || problem.detail;
  const title = problem.title ?? `HTTP ${status}`;
  return detail ? `${title}: ${detail}` : title;
}
