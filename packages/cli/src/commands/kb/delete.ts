import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { canAsk, confirm } from '../../lib/confirm.ts';
import { CliError, EXIT, UsageError } from '../../lib/errors.ts';
import { integerFlag } from '../../lib/flags.ts';
import { kbApi } from '../../lib/kb.ts';
import { t } from '../../lib/messages.ts';

export default class KbDelete extends GuichetCommand<typeof KbDelete> {
  static override summary = 'Delete a draft that was never published, with its history (asks first)';
  static override description =
    'Only drafts that were never published can be deleted (an article that was published is archived instead: guichet kb archive). The draft is shown and you are asked to confirm; the deletion then only goes through if nobody changed it meanwhile. Without a terminal, --yes is required. Answering no exits 130, nothing deleted.';
  static override examples = [
    '<%= config.bin %> kb delete KB-000042',
    '<%= config.bin %> kb delete KB-000042 --yes --if-match 2',
  ];
  static override args = { ref: Args.string({ description: 'Article reference', required: true }) };
  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'Do not ask (required in scripts)' }),
    'if-match': integerFlag({ min: 1 })({ description: 'Only if the article is still at this version' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbDelete);
    if (!flags.yes && !canAsk()) throw UsageError.say('kb_delete_needs_yes', { reference: args.ref });
    const deleted = await kbApi.discard(await this.client(), {
      reference: args.ref,
      ...(flags['if-match'] !== undefined ? { ifMatch: flags['if-match'] } : {}),
      ...(flags.yes
        ? {}
        : {
            confirm: (article) =>
              confirm(t('kb_delete_confirm', { reference: article.reference, title: article.title })),
          }),
    });
    if (!deleted) throw new CliError(t('kb_delete_cancelled', { reference: args.ref }), EXIT.cancelled);
    this.logToStderr(t('kb_deleted', { reference: args.ref }));
    return { reference: args.ref, deleted: true };
  }
}
