import { createGuichetClient } from '@guichet/api/client';
import { Flags } from '@oclif/core';
import { GuichetCommand, readStdin } from '../lib/base.ts';
import { readConfig, writeConfig } from '../lib/config.ts';
import { CliError, EXIT } from '../lib/errors.ts';
import { cliLanguage, setProfileLanguage, t } from '../lib/messages.ts';

export default class Login extends GuichetCommand<typeof Login> {
  static override summary = 'Connect to a Guichet server and remember it as a profile';
  static override description =
    `Without --with-token, signs you in with your establishment account: the OpenID Connect device flow against the identity provider the server trusts (open the address shown, type the code). The token is checked against the server (GET /v1/me) before it is stored, readable by you only (0600).`;
  static override examples = [
    '<%= config.bin %> login --url https://guichet.insa-lyon.fr',
    'echo "$TOKEN" | <%= config.bin %> login --url https://guichet.insa-lyon.fr --with-token',
    '<%= config.bin %> login --profile recette --url https://recette.guichet.insa-lyon.fr --with-token < token.txt',
  ];
  static override flags = {
    url: Flags.string({ description: 'Server root URL (kept from the profile when omitted)' }),
    'with-token': Flags.boolean({ description: 'Read an API or access token from standard input' }),
    issuer: Flags.string({
      description: 'Identity provider to sign in with, when the server trusts several',
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const config = await readConfig();
    const name = flags.profile ?? config.current ?? 'default';
    const url = (flags.url ?? config.profiles[name]?.url)?.replace(/\/+$/, '');
    if (!url) throw CliError.of('url_required');
    let token: string;
    if (flags['with-token']) {
      token = (await readStdin()).trim();
      if (!token) throw CliError.of('token_on_stdin');
    } else {
      token = await this.deviceFlow(url, flags.issuer);
    }
    const api = createGuichetClient({ baseUrl: url, token, language: cliLanguage() });
    const me = await this.call(url, api.GET('/v1/me'));
    config.profiles[name] = { url, token, user: me.email, language: me.language };
    setProfileLanguage(me.language);
    config.current = name;
    await writeConfig(config);
    this.logToStderr(t('logged_in', { url, user: me.email, profile: name }));
    return { profile: name, url, user: me.email };
  }

  /** RFC 8628 with openid-client: the code is shown on stderr, the token polled until approved. */
  private async deviceFlow(url: string, wanted: string | undefined): Promise<string> {
    const anonymous = createGuichetClient({ baseUrl: url, language: cliLanguage() });
    const { providers } = await this.call(url, anonymous.GET('/v1/auth/providers'));
    const usable = providers.filter((p) => p.cliClientId && (!wanted || p.issuer === wanted));
    if (usable.length === 0) throw CliError.of('no_device_provider', { url });
    if (usable.length > 1)
      throw CliError.of('choose_issuer', { issuers: usable.map((p) => p.issuer).join(', ') });
    const provider = usable[0]!;
    const oidc = await import('openid-client');
    const issuer = new URL(provider.issuer);
    // Plain HTTP only for a provider on this machine (tests, a local demo).
    const local =
      issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    try {
      const config = await oidc.discovery(
        issuer,
        provider.cliClientId!,
        undefined,
        oidc.None(),
        local ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
      const device = await oidc.initiateDeviceAuthorization(config, {
        scope: 'openid email profile',
        resource: provider.audience,
      });
      this.logToStderr(
        t('device_prompt', {
          uri: device.verification_uri_complete ?? device.verification_uri,
          code: device.user_code,
          minutes: Math.round(device.expires_in / 60),
        }),
      );
      const tokens = await oidc.pollDeviceAuthorizationGrant(config, device, { resource: provider.audience });
      return tokens.access_token;
    } catch (error) {
      if (error instanceof CliError) throw error;
      const e = error as { error_description?: string; error?: string; message?: string };
      throw CliError.of(
        'device_failed',
        { detail: e.error_description ?? e.error ?? e.message ?? String(error) },
        EXIT.unauthenticated,
      );
    }
  }
}
