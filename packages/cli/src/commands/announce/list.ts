import { Flags } from '@oclif/core';
import { type AnnouncementFilters, announceApi, announcementColumns } from '../../lib/announcements.ts';
import { GuichetCommand } from '../../lib/base.ts';
import { integerFlag } from '../../lib/flags.ts';

export default class AnnounceList extends GuichetCommand<typeof AnnounceList> {
  static override summary = 'List announcements (active, upcoming, past), by service or establishment';
  static override examples = [
    '<%= config.bin %> announce list --state active',
    '<%= config.bin %> announce list --service moodle --establishment insa-lyon --json',
  ];
  static override flags = {
    state: Flags.string({ options: ['active', 'upcoming', 'past'] }),
    service: Flags.string({ description: 'Service code (with the services above and below it)' }),
    establishment: Flags.string({ description: 'Establishment code' }),
    limit: integerFlag({ min: 1, max: 100 })({ description: 'How many', default: 20 }),
    offset: integerFlag({ min: 0 })({ description: 'Skip this many' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const query = Object.fromEntries(
      Object.entries({
        state: flags.state,
        service: flags.service,
        establishment: flags.establishment,
        limit: flags.limit,
        offset: flags.offset,
      }).filter(([, v]) => v !== undefined),
    ) as AnnouncementFilters;
    const page = await announceApi.list(await this.client(), query);
    this.printList(page.items, announcementColumns);
    return page;
  }
}
