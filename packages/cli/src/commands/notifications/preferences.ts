import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { CliError } from '../../lib/errors.ts';
import { outboxApi } from '../../lib/mail.ts';
import { t } from '../../lib/messages.ts';

export default class NotificationsPreferences extends GuichetCommand<typeof NotificationsPreferences> {
  static override summary =
    'How you receive each kind of notification: immediate, digest (once a day) or off';
  static override description =
    'Without --set, shows every kind. --set KIND=DELIVERY changes one (repeat it); the others are kept.';
  static override examples = [
    '<%= config.bin %> notifications preferences',
    '<%= config.bin %> notifications preferences --set ticket.replied=digest --set ticket.assigned=off',
  ];
  static override flags = {
    set: Flags.string({ description: 'KIND=immediate|digest|off (repeat the option)', multiple: true }),
  };

  async run() {
    const flags = await this.parseFlags();
    const client = await this.client();
    const changes: Record<string, string> = {};
    for (const item of flags.set ?? []) {
      const match = /^([^=\s]+)=(\S+)$/.exec(item.trim());
      if (!match) throw new CliError(t('preference_malformed', { value: item }));
      changes[match[1]!] = match[2]!;
    }
    const preferences =
      Object.keys(changes).length > 0
        ? await outboxApi.setPreferences(client, changes)
        : await outboxApi.preferences(client);
    this.printList(preferences, [
      { header: 'KIND', value: (p) => p.kind },
      { header: 'DELIVERY', value: (p) => p.delivery },
    ]);
    return { preferences };
  }
}
