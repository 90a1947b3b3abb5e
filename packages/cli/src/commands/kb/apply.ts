import { Args, Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { EXIT } from '../../lib/errors.ts';
import { renderKbPlan } from '../../lib/kb-file.ts';
import { applyPlans, planDirectory } from '../../lib/kb-files.ts';
import { t } from '../../lib/messages.ts';

export default class KbApply extends GuichetCommand<typeof KbApply> {
  static override summary = 'Apply a directory of article files: create, update, leave unchanged';
  static override description =
    `Each DIR/*.md is one article (Markdown with YAML front matter, as kb export writes it). A file with a reference updates that article (only the fields it sets; status and reference are not sent: publish and archive stay commands); a file without one creates a draft, and its reference is written into the file.

Every file is checked first and every error of every file listed at once as file:line:column, nothing sent. With --dry-run, prints the plan and exits 0 when nothing would change, 2 when something would.`;
  static override examples = ['<%= config.bin %> kb apply kb/ --dry-run', '<%= config.bin %> kb apply kb/'];
  static override args = { dir: Args.string({ description: 'Directory of .md files', required: true }) };
  static override flags = {
    'dry-run': Flags.boolean({ description: 'Print the plan, change nothing; exit 2 when it is not empty' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const { args } = await this.parse(KbApply);
    const connection = await this.client();
    const plans = await planDirectory(connection, args.dir);
    const changes = plans.filter((p) => p.op !== 'unchanged');
    if (changes.length > 0) this.log(renderKbPlan(changes));
    if (!flags['dry-run']) await applyPlans(connection, changes);
    const count = changes.length;
    this.logToStderr(
      count === 0 ? t('no_changes') : t(flags['dry-run'] ? 'changes_planned' : 'changes_applied', { count }),
    );
    if (flags['dry-run'] && count > 0) process.exitCode = EXIT.differs;
    return {
      applied: !flags['dry-run'],
      files: plans.map(({ file, reference, op, fields }) => ({ file, reference, op, fields })),
    };
  }
}
