import { GuichetCommand } from '../../lib/base.ts';
import { localDateTime } from '../../lib/dates.ts';
import { listTokens } from '../../services/tokens/list.ts';

const day = (iso: string | null) => localDateTime(iso, { time: false });

export default class TokensList extends GuichetCommand<typeof TokensList> {
  static override summary = 'Your API tokens (never their secrets), revoked ones included';
  static override examples = ['<%= config.bin %> tokens list', '<%= config.bin %> tokens list --json'];

  async run() {
    await this.parseFlags();
    const tokens = await listTokens(await this.client());
    this.printList(tokens, [
      { header: 'ID', value: (k) => k.id },
      { header: 'PREFIX', value: (k) => `${k.prefix}…` },
      { header: 'NAME', value: (k) => k.name, flexible: true },
      { header: 'SCOPES', value: (k) => k.scopes.join(',') },
      { header: 'CREATED', value: (k) => day(k.createdAt) },
      { header: 'EXPIRES', value: (k) => day(k.expiresAt) },
      { header: 'LAST USED', value: (k) => day(k.lastUsedAt) },
      { header: 'REVOKED', value: (k) => day(k.revokedAt) },
    ]);
    return { tokens };
  }
}
