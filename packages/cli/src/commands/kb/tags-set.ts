import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { kbApi, tagColumns } from '../../lib/kb.ts';

export default class KbTagsSet extends GuichetCommand<typeof KbTagsSet> {
  static override summary = 'Add a tag, or replace its label and synonyms (moderators and functional admins)';
  static override description =
    'The synonyms given replace the tag’s: give every one you want to keep (guichet kb tags shows them). Without --synonym the tag has none.';
  static override examples = [
    '<%= config.bin %> kb tags set libreoffice --label LibreOffice --synonym "traitement de texte" --synonym writer',
  ];
  static override args = {
    code: Args.string({
      description: 'Tag code: lower case, digits, . _ - (e.g. libreoffice)',
      required: true,
    }),
  };
  static override flags = {
    label: Flags.string({ description: 'What people read', required: true }),
    synonym: Flags.string({
      description: 'A word or phrase that means the tag (repeat the option)',
      multiple: true,
    }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbTagsSet);
    const tag = await kbApi.putTag(await this.client(), {
      code: args.code,
      label: flags.label,
      synonyms: flags.synonym ?? [],
    });
    this.printList([tag], tagColumns);
    return tag;
  }
}
