import { Flags } from '@oclif/core';
import { announceApi, type NewAnnouncement, renderAnnouncement } from '../../lib/announcements.ts';
import { GuichetCommand } from '../../lib/base.ts';
import { dateFlag } from '../../lib/flags.ts';
import { t } from '../../lib/messages.ts';

export default class AnnounceCreate extends GuichetCommand<typeof AnnounceCreate> {
  static override summary =
    'Publish an announcement (moderators of all its services; about no service: functional admins)';
  static override examples = [
    '<%= config.bin %> announce create --title "Moodle inaccessible" --severity outage --service moodle --ticket GU-2026-000042',
    '<%= config.bin %> announce create --title "Maintenance vidéo" --severity maintenance --service video --starts "12/12/2026 06:00" --ends "12/12/2026 08:00"',
  ];
  static override flags = {
    title: Flags.string({ required: true, description: 'Title, in French' }),
    'title-en': Flags.string({ description: 'Title, in English' }),
    body: Flags.string({ description: 'Details, Markdown, in French' }),
    'body-en': Flags.string({ description: 'Details, Markdown, in English' }),
    severity: Flags.string({
      required: true,
      options: ['information', 'degraded', 'outage', 'maintenance'],
      description: 'How bad it is',
    }),
    service: Flags.string({
      multiple: true,
      description: 'Service code concerned (repeat; none: every service)',
    }),
    establishment: Flags.string({
      multiple: true,
      description: 'Establishment code concerned (repeat; none: the whole group)',
    }),
    audience: Flags.string({
      options: ['public', 'requesters'],
      description: 'Who reads it (default public)',
    }),
    starts: dateFlag({ description: 'Start (default now; later: announced ahead)' }),
    ends: dateFlag({ description: 'Expected end' }),
    ticket: Flags.string({ description: 'The problem or ticket it is about' }),
    notify: Flags.boolean({
      description:
        'Also tell by mail the requesters of the linked tickets and the followers of the services (off by default)',
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const body: NewAnnouncement = {
      title: { fr: flags.title, ...(flags['title-en'] ? { en: flags['title-en'] } : {}) },
      severity: flags.severity as NewAnnouncement['severity'],
      ...(flags.body !== undefined || flags['body-en'] !== undefined
        ? { body: { fr: flags.body ?? '', ...(flags['body-en'] ? { en: flags['body-en'] } : {}) } }
        : {}),
      ...(flags.service ? { services: flags.service } : {}),
      ...(flags.establishment ? { establishments: flags.establishment } : {}),
      ...(flags.audience ? { audience: flags.audience as NewAnnouncement['audience'] } : {}),
      ...(flags.starts ? { startsAt: flags.starts } : {}),
      ...(flags.ends ? { endsAt: flags.ends } : {}),
      ...(flags.ticket ? { linkedTicket: flags.ticket } : {}),
      ...(flags.notify ? { notify: true } : {}),
    } as NewAnnouncement;
    const announcement = await announceApi.create(await this.client(), body);
    this.log(renderAnnouncement(announcement));
    if (announcement.notified !== undefined)
      this.logToStderr(t('announce_notified', { count: announcement.notified }));
    return announcement;
  }
}
