import { GuichetCommand } from '../../lib/base.ts';

export default class ServerStart extends GuichetCommand<typeof ServerStart> {
  static override summary = 'Run the Guichet server here (same as npm start; configured by environment)';
  static override description =
    'DATABASE_URL (else the embedded PostgreSQL in GUICHET_DATA_DIR), HOST, PORT, GUICHET_OIDC_ISSUERS…: see the README. Ctrl-C stops it cleanly.';

  async run() {
    await this.parseFlags();
    const { started } = await import('@guichet/api/server');
    // When it did not start, the reason is on stderr and the exit code set.
    if (!started) return;
    // The server keeps the process alive until SIGINT/SIGTERM.
    await new Promise(() => {});
  }
}
