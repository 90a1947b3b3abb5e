/**
 * Bootstrap on the server machine, straight on core (no API call): prints a new API token.
 *   npm run token:create -- --person admin@groupe-insa.fr --scopes read,write,admin [--name bootstrap] [--days 90]
 * Uses DATABASE_URL, or the embedded database of GUICHET_DATA_DIR (shared with a running server); it
 * never creates a cluster: without the server's, it says where it looked and exits 1.
 */
import { parseArgs } from 'node:util';
import { createGuichet, isDomainError, TOKEN_SCOPES, type TokenScope } from '@guichet/core';
import { coreConfigFrom, readEnv } from '../src/env.ts';
import { reportStartupError, terminalLanguage } from '../src/lib/start-up.ts';

const { values } = parseArgs({
  options: {
    person: { type: 'string' },
    scopes: { type: 'string', default: 'read,write' },
    name: { type: 'string', default: 'bootstrap' },
    days: { type: 'string', default: '90' },
  },
});
const scopes = values.scopes.split(',').map((s) => s.trim()) as TokenScope[];
const unknown = scopes.filter((s) => !TOKEN_SCOPES.includes(s));
if (!values.person || unknown.length > 0) {
  process.stderr.write(
    `usage: --person EMAIL --scopes ${TOKEN_SCOPES.join(',')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}\n`,
  );
  process.exitCode = 1;
} else {
  try {
    const env = readEnv();
    const guichet = await createGuichet({ ...coreConfigFrom(env), scheduler: { enabled: false } });
    try {
      const token = await guichet.tokens.create(
        { person: values.person, name: values.name, scopes, expiresInDays: Number(values.days) },
        'local',
      );
      process.stdout.write(`${token.token}\n`);
      process.stderr.write(
        `token ${token.prefix}… for ${values.person}, scopes ${token.scopes.join(',')}, expires ${token.expiresAt}\n`,
      );
    } finally {
      await guichet.close();
    }
  } catch (error) {
    if (isDomainError(error)) {
      process.stderr.write(`${error.localized(terminalLanguage())}\n`);
      process.exitCode = 1;
    } else reportStartupError(error);
  }
}
