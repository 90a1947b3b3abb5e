import { StartupError } from '../errors.ts';

/** Connection-level failures (refused, unknown host, bad password, no such role…): nothing to do with the data. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '28P01',
  '28000',
  '3D000',
  '57P03',
]);

/** A StartupError naming the server (never the password) when PostgreSQL cannot be used at all. */
export function unreachableDatabase(url: string, error: unknown): StartupError | null {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) {
      const u = new URL(url);
      const target = `${u.hostname}:${u.port || '5432'}${u.pathname}`;
      const reason = /^[A-Z]+$/.test(code) ? code : e.message;
      return new StartupError('database_unreachable', { target, reason }, { cause: error });
    }
  }
  return null;
}
