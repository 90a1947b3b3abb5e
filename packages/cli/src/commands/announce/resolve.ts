import { Args, Flags } from '@oclif/core';
import { announceApi, renderAnnouncement } from '../../lib/announcements.ts';
import { GuichetCommand } from '../../lib/base.ts';
import { t } from '../../lib/messages.ts';

export default class AnnounceResolve extends GuichetCommand<typeof AnnounceResolve> {
  static override summary = 'Resolve an announcement: a last update that ends it';
  static override examples = ['<%= config.bin %> announce resolve 0b8c2a47-… --message "Service rétabli"'];
  static override args = { id: Args.string({ description: 'Announcement id', required: true }) };
  static override flags = {
    message: Flags.string({ required: true, description: 'The closing word, Markdown, in French' }),
    'message-en': Flags.string({ description: 'The same in English' }),
    notify: Flags.boolean({
      description:
        'Also tell by mail the requesters of the linked tickets and the followers of the services (off by default)',
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(AnnounceResolve);
    const announcement = await announceApi.update(await this.client(), args.id, {
      status: 'resolved',
      message: { fr: flags.message, ...(flags['message-en'] ? { en: flags['message-en'] } : {}) },
      ...(flags.notify ? { notify: true } : {}),
    });
    this.log(renderAnnouncement(announcement));
    if (announcement.notified !== undefined)
      this.logToStderr(t('announce_notified', { count: announcement.notified }));
    return announcement;
  }
}
