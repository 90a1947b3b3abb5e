import { GuichetCommand } from '../lib/base.ts';
import { readConfig, writeConfig } from '../lib/config.ts';
import { t } from '../lib/messages.ts';

export default class Logout extends GuichetCommand<typeof Logout> {
  static override summary = 'Forget the token of a profile (its server URL is kept)';

  async run() {
    const flags = await this.parseFlags();
    const config = await readConfig();
    const name = flags.profile ?? config.current ?? 'default';
    const profile = config.profiles[name];
    if (profile) {
      delete profile.token;
      delete profile.user;
      delete profile.language;
      await writeConfig(config);
    }
    this.logToStderr(t('logged_out', { profile: name }));
    return { profile: name, loggedOut: Boolean(profile) };
  }
}
