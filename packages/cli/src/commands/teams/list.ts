import { GuichetCommand } from '../../lib/base.ts';

export default class TeamsList extends GuichetCommand<typeof TeamsList> {
  static override summary = 'Teams and their technicians';

  async run() {
    await this.parseFlags();
    const { api, url } = await this.client();
    const teams = await this.call(url, api.GET('/v1/teams'));
    this.printList(teams, [
      { header: 'CODE', value: (t) => t.code },
      { header: 'ESTABLISHMENT', value: (t) => t.establishment },
      { header: 'NAME', value: (t) => t.name, flexible: true },
      { header: 'MEMBERS', value: (t) => t.members.map((m) => m.email).join(', '), flexible: true },
    ]);
    return { teams };
  }
}
