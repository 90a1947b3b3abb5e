import { Args } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { kbApi, renderArticle } from '../../lib/kb.ts';

export default class KbShow extends GuichetCommand<typeof KbShow> {
  static override summary = 'One article: its metadata, then its Markdown body as text';
  static override args = {
    ref: Args.string({ description: 'Article reference, e.g. KB-000042', required: true }),
  };

  async run() {
    await this.parseFlags();
    const { args } = await this.parse(KbShow);
    const article = await kbApi.get(await this.client(), args.ref);
    this.log(renderArticle(article));
    return article;
  }
}
