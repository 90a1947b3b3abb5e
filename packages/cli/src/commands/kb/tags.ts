import { GuichetCommand } from '../../lib/base.ts';
import { kbApi, tagColumns } from '../../lib/kb.ts';

export default class KbTags extends GuichetCommand<typeof KbTags> {
  static override summary = 'The tag vocabulary: each tag’s code, label and synonyms (guichet kb tags set)';
  static override description =
    'A synonym typed in a search or a request finds the articles with that tag (“traitement de texte” finds libreoffice).';
  static override examples = ['<%= config.bin %> kb tags', '<%= config.bin %> kb tags --json'];

  async run() {
    await this.parseFlags();
    const tags = await kbApi.tags(await this.client());
    this.printList(tags, tagColumns);
    return tags;
  }
}
