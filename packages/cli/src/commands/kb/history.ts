import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { kbApi, revisionColumns } from '../../lib/kb.ts';

export default class KbHistory extends GuichetCommand<typeof KbHistory> {
  static override summary = 'The revisions of an article (guichet kb restore REF REVISION brings one back)';
  static override args = { ref: Args.string({ description: 'Article reference', required: true }) };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(KbHistory);
    const revisions = await kbApi.history(await this.client(), args.ref);
    this.printList(revisions, revisionColumns);
    return revisions;
  }
}
