import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { kbApi } from '../../lib/kb.ts';
import { t } from '../../lib/messages.ts';

export default class KbDeflect extends GuichetCommand<typeof KbDeflect> {
  static override summary = 'Say that suggestions you were shown answered: no ticket was needed';
  static override description =
    'ID is the one guichet kb suggest printed (its --json `id`); --article names the article that answered, one of those suggested.';
  static override examples = [
    '<%= config.bin %> kb deflect 4f6c2a9e-8d1b-4c1e-9a57-0b3f2d6e7a10 --article KB-000042',
  ];
  static override args = {
    id: Args.string({ description: 'Suggestions id (guichet kb suggest)', required: true }),
  };
  static override flags = {
    article: Flags.string({ description: 'The suggested article that answered' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbDeflect);
    await kbApi.deflect(await this.client(), {
      suggestion: args.id,
      ...(flags.article !== undefined ? { article: flags.article } : {}),
    });
    this.logToStderr(t('kb_deflected', { id: args.id }));
    return { suggestion: args.id, deflected: true, ...(flags.article ? { article: flags.article } : {}) };
  }
}
