import { GuichetCommand } from '../lib/base.ts';
import { heading } from '../lib/messages.ts';
import { renderTable } from '../lib/output.ts';
import { word } from '../lib/vocabulary.ts';

export default class Status extends GuichetCommand<typeof Status> {
  static override summary = 'Who you are on which server; the known profiles';
  static override description = 'Exits with 4 when not connected or when the server refuses the token.';

  async run() {
    await this.parseFlags();
    const { name, profile, config } = await this.connection();
    const { api, url } = await this.client();
    const me = await this.call(url, api.GET('/v1/me'));
    const source = process.env.GUICHET_URL || process.env.GUICHET_TOKEN ? 'environment' : 'profile';
    const profiles = Object.entries(config.profiles).map(([p, v]) => ({
      current: p === name ? '*' : '',
      profile: p,
      url: v.url,
      user: v.user ?? '',
      token: heading(v.token ? 'yes' : 'no'),
    }));
    this.log(
      `${me.displayName} <${me.email}> ${heading('on')} ${profile.url} (${source === 'profile' ? `${heading('profile')} ${name}` : 'GUICHET_URL/GUICHET_TOKEN'})`,
    );
    this.log(
      `${heading('profiles')}: ${me.profiles.map((p) => [word('profile', p.profile), p.service ?? p.team].filter(Boolean).join(' ')).join(', ')}`,
    );
    if (profiles.length > 0) {
      this.log('');
      this.log(
        renderTable(profiles, [
          { header: '', value: (r) => r.current },
          { header: 'PROFILE', value: (r) => r.profile },
          { header: 'URL', value: (r) => r.url, flexible: true },
          { header: 'USER', value: (r) => r.user },
          { header: 'TOKEN', value: (r) => r.token },
        ]),
      );
    }
    return { profile: name, url: profile.url, source, me };
  }
}
