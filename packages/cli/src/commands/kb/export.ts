import { mkdir } from 'node:fs/promises';
import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { exportArticles } from '../../lib/kb-files.ts';
import { t } from '../../lib/messages.ts';

export default class KbExport extends GuichetCommand<typeof KbExport> {
  static override summary =
    'Write every article you may read as DIR/KB-….md (front matter and Markdown; export → apply is a no-op)';
  static override examples = [
    '<%= config.bin %> kb export kb/',
    '<%= config.bin %> kb export kb/ --service scenari',
  ];
  static override args = {
    dir: Args.string({ description: 'Directory to write (created if needed)', required: true }),
  };
  static override flags = {
    service: Flags.string({ description: 'Only the articles of this service' }),
    status: Flags.string({ options: ['draft', 'in_review', 'published', 'archived'] }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbExport);
    await mkdir(args.dir, { recursive: true });
    const articles = await exportArticles(await this.client(), args.dir, {
      ...(flags.service ? { service: flags.service } : {}),
      ...(flags.status ? { status: flags.status as 'draft' } : {}),
    });
    this.logToStderr(t('kb_exported', { count: articles.length, dir: args.dir }));
    return { dir: args.dir, articles: articles.map((a) => a.reference) };
  }
}
