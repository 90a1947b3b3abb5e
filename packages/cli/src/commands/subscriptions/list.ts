import type { components } from '@guichet/api/client';
import { GuichetCommand } from '../../lib/base.ts';
import { localDateTime } from '../../lib/dates.ts';
import type { Column } from '../../lib/output.ts';

export type ServiceSubscription = components['schemas']['ServiceSubscription'];

/** The columns of `guichet subscriptions`. */
export const subscriptionColumns: Column<ServiceSubscription>[] = [
  { header: 'SERVICE', value: (s) => s.service },
  { header: 'CREATED', value: (s) => localDateTime(s.createdAt) },
  { header: 'NAME', value: (s) => s.serviceName, flexible: true },
];

export default class SubscriptionsList extends GuichetCommand<typeof SubscriptionsList> {
  static override summary =
    'The services you follow: their announcements sent with --notify come to you by mail';
  static override examples = [
    '<%= config.bin %> subscriptions list',
    '<%= config.bin %> subscriptions list --json',
  ];

  async run() {
    await this.parseFlags();
    const { api, url } = await this.client();
    const { items } = await this.call(url, api.GET('/v1/me/subscriptions'));
    this.printList(items, subscriptionColumns);
    return { subscriptions: items };
  }
}
