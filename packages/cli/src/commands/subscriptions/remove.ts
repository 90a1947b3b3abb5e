import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { subscriptionColumns } from './list.ts';

export default class SubscriptionsRemove extends GuichetCommand<typeof SubscriptionsRemove> {
  static override summary =
    'Stop following a service (not followed: nothing to do); shows what you still follow';
  static override examples = ['<%= config.bin %> subscriptions remove moodle'];
  static override args = { service: Args.string({ description: 'Service code', required: true }) };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(SubscriptionsRemove);
    const { api, url } = await this.client();
    await this.call(
      url,
      api.DELETE('/v1/me/subscriptions/{service}', { params: { path: { service: args.service } } }),
    );
    const { items } = await this.call(url, api.GET('/v1/me/subscriptions'));
    this.printList(items, subscriptionColumns);
    return { subscriptions: items };
  }
}
