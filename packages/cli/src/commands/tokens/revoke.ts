import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { t } from '../../lib/messages.ts';
import { revokeToken } from '../../services/tokens/revoke.ts';

export default class TokensRevoke extends GuichetCommand<typeof TokensRevoke> {
  static override summary = 'Revoke an API token: yours, or anyone’s as technical admin';
  static override description =
    'The token stops working at once. Name it by its id or by the prefix tokens list shows.';
  static override examples = [
    '<%= config.bin %> tokens revoke 0b7c6c1e-0f0e-4a51-9c55-3c1d2b8f5a10',
    '<%= config.bin %> tokens revoke gch_ab12cd',
  ];
  static override args = {
    token: Args.string({ description: 'The token’s id, or its prefix (gch_…)', required: true }),
  };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(TokensRevoke);
    const revoked = await revokeToken(await this.client(), args.token);
    this.logToStderr(
      t('token_revoked', { token: revoked.listed ? `${revoked.listed.prefix}…` : revoked.id }),
    );
    return { revoked: revoked.id };
  }
}
