import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';
import { word } from '../../lib/vocabulary.ts';

export default class PeopleList extends GuichetCommand<typeof PeopleList> {
  static override summary = 'People with their profiles (staff only)';
  static override flags = {
    q: Flags.string({ char: 'q', description: 'Part of an email or name' }),
    limit: integerFlag({ min: 1, max: 200 })({ description: 'How many (1–200)', default: 50 }),
    csv: Flags.boolean({ exclusive: ['json'] }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { api, url } = await this.client();
    const people = await this.call(
      url,
      api.GET('/v1/people', { params: { query: { q: flags.q, limit: flags.limit } } }),
    );
    this.printList(
      people,
      [
        { header: 'EMAIL', value: (p) => p.email },
        { header: 'NAME', value: (p) => p.displayName, flexible: true },
        { header: 'ESTABLISHMENT', value: (p) => p.establishment },
        {
          header: 'PROFILES',
          value: (p) =>
            p.profiles
              .filter((g) => g.profile !== 'requester')
              .map((g) =>
                [flags.csv ? g.profile : word('profile', g.profile), g.service ?? g.team]
                  .filter(Boolean)
                  .join(' '),
              )
              .join(', '),
          flexible: true,
        },
      ],
      flags.csv,
    );
    return { people };
  }
}
