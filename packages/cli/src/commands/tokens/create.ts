import type { TokenScope } from '@guichet/core';
import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { localDateTime } from '../../lib/dates.ts';
import { integerFlag } from '../../lib/flags.ts';
import { withLocalGuichet } from '../../lib/local.ts';
import { t } from '../../lib/messages.ts';

export default class TokensCreate extends GuichetCommand<typeof TokensCreate> {
  static override summary = 'Make an API token for a person (on the server machine: --local)';
  static override description =
    'Prints the token on stdout (shown once; only its hash is stored) and what it allows on stderr.';
  static override examples = [
    'TOKEN=$(<%= config.bin %> tokens create --local --person admin@groupe-insa.fr --scopes read,write,admin)',
  ];
  static override flags = {
    local: Flags.boolean({
      required: true,
      description: 'Straight on the database (DATABASE_URL or embedded)',
    }),
    person: Flags.string({ required: true, description: 'Email of the token’s owner' }),
    scopes: Flags.string({
      default: 'read,write',
      description: 'Comma-separated: read, write, admin, act-as',
    }),
    name: Flags.string({ default: 'cli' }),
    days: integerFlag({ min: 1 })({ default: 90, description: 'Days before it expires' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const scopes = flags.scopes.split(',').map((s) => s.trim()) as TokenScope[];
    // core checks the scopes and names the field when one is unknown
    const token = await withLocalGuichet({ migrate: true }, (g) =>
      g.tokens.create({ person: flags.person, name: flags.name, scopes, expiresInDays: flags.days }, 'local'),
    );
    if (!this.jsonEnabled()) {
      process.stdout.write(`${token.token}\n`);
      this.logToStderr(
        t('token_made', {
          prefix: token.prefix,
          person: flags.person,
          scopes: token.scopes.join(','),
          expires: localDateTime(token.expiresAt),
        }),
      );
    }
    return token;
  }
}
