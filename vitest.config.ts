import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (no I/O, colocated `*.test.ts`) and `integration` (real PostgreSQL: the
 * server named by DATABASE_URL, or an embedded one started by the global setup).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'tests/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/global-database.ts', 'tests/setup/global-browser.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
