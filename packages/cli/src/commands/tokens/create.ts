import { TOKEN_SCOPES, type TokenScope } from '@guichet/core';
import { Flags } from '@oclif/core';
import { CliError, GuichetCommand } from '../../lib/base.ts';
import { withLocalGuichet } from '../../lib/local.ts';

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
      description: `Comma-separated: ${TOKEN_SCOPES.join(', ')}`,
    }),
    name: Flags.string({ default: 'cli' }),
    days: Flags.integer({ default: 90, min: 1, description: 'Days before it expires' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const scopes = flags.scopes.split(',').map((s) => s.trim()) as TokenScope[];
    const unknown = scopes.filter((s) => !TOKEN_SCOPES.includes(s));
    if (unknown.length > 0)
      throw new CliError(`--scopes: unknown ${unknown.join(', ')} (${TOKEN_SCOPES.join(', ')})`);
    const token = await withLocalGuichet({ migrate: true }, (g) =>
      g.tokens.create({ person: flags.person, name: flags.name, scopes, expiresInDays: flags.days }, 'local'),
    );
    if (!this.jsonEnabled()) {
      process.stdout.write(`${token.token}\n`);
      this.logToStderr(
        `token ${token.prefix}… for ${flags.person}, scopes ${token.scopes.join(',')}, expires ${token.expiresAt}`,
      );
    }
    return token;
  }
}
