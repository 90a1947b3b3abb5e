import { writeFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { toYaml } from '../../lib/catalogue-file.ts';
import { t } from '../../lib/messages.ts';

export default class CatalogExport extends GuichetCommand<typeof CatalogExport> {
  static override summary =
    'Write the current catalogue in the format catalog apply reads (export → apply is a no-op)';
  static override examples = [
    '<%= config.bin %> catalog export > catalogue.yaml',
    '<%= config.bin %> catalog export -o catalogue.yaml',
  ];
  static override flags = {
    output: Flags.string({ char: 'o', description: 'File to write (default: standard output)' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { api, url } = await this.client();
    const doc = await this.call(url, api.GET('/v1/catalogue'));
    if (!this.jsonEnabled()) {
      const yaml = `# Guichet catalogue, exported ${new Date().toISOString()}\n${toYaml(doc)}`;
      if (flags.output) {
        await writeFile(flags.output, yaml);
        this.logToStderr(t('written', { file: flags.output }));
      } else process.stdout.write(yaml);
    }
    return doc;
  }
}
