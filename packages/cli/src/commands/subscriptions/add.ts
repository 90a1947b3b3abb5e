import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { subscriptionColumns } from './list.ts';

export default class SubscriptionsAdd extends GuichetCommand<typeof SubscriptionsAdd> {
  static override summary = 'Follow a service and its sub-services (already followed: kept as it is)';
  static override examples = ['<%= config.bin %> subscriptions add moodle'];
  static override args = { service: Args.string({ description: 'Service code', required: true }) };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(SubscriptionsAdd);
    const { api, url } = await this.client();
    const subscription = await this.call(
      url,
      api.PUT('/v1/me/subscriptions/{service}', { params: { path: { service: args.service } } }),
    );
    this.printList([subscription], subscriptionColumns);
    return subscription;
  }
}
