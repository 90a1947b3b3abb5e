import { Args, Flags } from '@oclif/core';
import { type AnnouncementUpdate, announceApi, renderAnnouncement } from '../../lib/announcements.ts';
import { GuichetCommand } from '../../lib/base.ts';
import { t } from '../../lib/messages.ts';

export default class AnnounceUpdate extends GuichetCommand<typeof AnnounceUpdate> {
  static override summary = 'Post an update on an announcement (investigating, identified, monitoring)';
  static override examples = [
    '<%= config.bin %> announce update 0b8c2a47-… --status identified --message "Un disque plein ; nettoyage en cours"',
  ];
  static override args = { id: Args.string({ description: 'Announcement id', required: true }) };
  static override flags = {
    status: Flags.string({
      required: true,
      options: ['investigating', 'identified', 'monitoring', 'resolved'],
      description: 'Where it stands',
    }),
    message: Flags.string({ required: true, description: 'What changed, Markdown, in French' }),
    'message-en': Flags.string({ description: 'The same in English' }),
    notify: Flags.boolean({
      description:
        'Also tell by mail the requesters of the linked tickets and the followers of the services (off by default)',
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(AnnounceUpdate);
    const announcement = await announceApi.update(await this.client(), args.id, {
      status: flags.status as AnnouncementUpdate['status'],
      message: { fr: flags.message, ...(flags['message-en'] ? { en: flags['message-en'] } : {}) },
      ...(flags.notify ? { notify: true } : {}),
    });
    this.log(renderAnnouncement(announcement));
    if (announcement.notified !== undefined)
      this.logToStderr(t('announce_notified', { count: announcement.notified }));
    return announcement;
  }
}
