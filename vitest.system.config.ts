import { defineConfig } from 'vitest/config';

/**
 * The `system` project: tests against servers installed on the machine (a real Dovecot IMAP server,
 * Debian package `dovecot-imapd`), started and stopped by the global setup. Not part of `npm test`,
 * which needs only Node and npm: `.ci/run` installs Dovecot and runs
 * `npx vitest run --config vitest.system.config.ts`.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'system',
          include: ['tests/system/**/*.test.ts'],
          globalSetup: ['tests/system/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
