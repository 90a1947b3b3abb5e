import { fileURLToPath } from 'node:url';
import { type Command, Config } from '@oclif/core';
import { vi } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let config: Config | null = null;

/**
 * Runs one command class in-process as `guichet` would (the package's oclif config, GUICHET_URL and
 * GUICHET_TOKEN set, French), and returns what it wrote and its exit code. Tests mock its service.
 */
export async function runCommand(
  command: { run: (argv: string[], config: Config) => Promise<unknown> } & Pick<typeof Command, 'id'>,
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string; exit: number; result: unknown }> {
  config ??= await Config.load(ROOT);
  const variables = {
    GUICHET_URL: 'http://guichet.test',
    GUICHET_TOKEN: 'gch_test',
    GUICHET_CONFIG_DIR: '/nonexistent/guichet-test',
    GUICHET_LANG: 'fr',
    ...env,
  };
  for (const [k, v] of Object.entries(variables)) vi.stubEnv(k, v);
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  // oclif's this.log and logToStderr go through console.log / console.error.
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr += `${parts.join(' ')}\n`;
  });
  const before = process.exitCode;
  try {
    const result = await command.run.call(command, argv, config);
    const exit = Number(process.exitCode ?? 0);
    return { stdout, stderr, exit, result };
  } finally {
    process.exitCode = before;
    for (const spy of [out, err, log, error]) spy.mockRestore();
    vi.unstubAllEnvs();
  }
}
