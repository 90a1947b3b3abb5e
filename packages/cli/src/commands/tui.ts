import { GuichetCommand } from '../lib/base.ts';
import { CliError } from '../lib/errors.ts';
import { t } from '../lib/messages.ts';
import { colourWanted } from '../lib/output.ts';

export default class Tui extends GuichetCommand<typeof Tui> {
  static override summary = 'The technicians’ terminal UI: queues with live counts, tickets, actions';
  static override description =
    'Keyboard first: ←/→ queues, j/k move, Enter open, a actions, s suggestions, b knowledge base, d dashboard (staff: backlog, breached and at-risk tickets), / search, f filter, ? help, Esc back, q quit.';
  static override enableJsonFlag = false;

  async run() {
    await this.parseFlags();
    if (!process.stdout.isTTY || !process.stdin.isTTY) throw new CliError(t('tui_needs_terminal'));
    const { profile } = await this.connection();
    const { api } = await this.client();
    const [{ render }, { createElement }, { App }, { TuiData, watchEvents }] = await Promise.all([
      import('ink'),
      import('react'),
      import('../tui/app.ts'),
      import('../tui/data.ts'),
    ]);
    const data = new TuiData(api);
    const instance = render(
      createElement(App, {
        data,
        watch: (onChange: () => void) => watchEvents(profile.url, profile.token!, onChange),
        colour: colourWanted(),
      }),
      // A terminal is interactive even where CI variables are set (Ink would otherwise draw only
      // the last frame, at exit).
      { interactive: true },
    );
    await instance.waitUntilExit();
  }
}
