import { createGuichetClient } from '@guichet/api/client';
import { Flags } from '@oclif/core';
import { CliError, GuichetCommand, readStdin } from '../lib/base.ts';
import { readConfig, writeConfig } from '../lib/config.ts';
import { cliLanguage, t } from '../lib/messages.ts';

export default class Login extends GuichetCommand<typeof Login> {
  static override summary = 'Connect to a Guichet server and remember it as a profile';
  static override description =
    'Checks the token against the server (GET /v1/me) before storing it, readable by you only (0600).';
  static override examples = [
    'echo "$TOKEN" | <%= config.bin %> login --url https://guichet.insa-lyon.fr --with-token',
    '<%= config.bin %> login --profile recette --url https://recette.guichet.insa-lyon.fr --with-token < token.txt',
  ];
  static override flags = {
    url: Flags.string({ description: 'Server root URL (kept from the profile when omitted)' }),
    'with-token': Flags.boolean({ description: 'Read an API or access token from standard input' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const config = await readConfig();
    const name = flags.profile ?? config.current ?? 'default';
    const url = (flags.url ?? config.profiles[name]?.url)?.replace(/\/+$/, '');
    if (!url) throw CliError.of('url_required');
    if (!flags['with-token']) throw CliError.of('device_flow_missing');
    const token = (await readStdin()).trim();
    if (!token) throw CliError.of('token_on_stdin');
    const api = createGuichetClient({ baseUrl: url, token, language: cliLanguage() });
    const me = await this.call(url, api.GET('/v1/me'));
    config.profiles[name] = { url, token, user: me.email };
    config.current = name;
    await writeConfig(config);
    this.logToStderr(t('logged_in', { url, user: me.email, profile: name }));
    return { profile: name, url, user: me.email };
  }
}
