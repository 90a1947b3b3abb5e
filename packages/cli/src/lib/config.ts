import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** One Guichet server the CLI knows, and the token it reaches it with. */
export interface ServerProfile {
  url: string;
  token?: string;
  /** Who the token belongs to, as the server said at login (display only). */
  user?: string;
  /** Their language as the server keeps it (`fr`, `en`): the CLI speaks it. */
  language?: string;
}

export interface CliConfig {
  current?: string;
  profiles: Record<string, ServerProfile>;
}

/** `$GUICHET_CONFIG_DIR`, else `$XDG_CONFIG_HOME/guichet`, else `~/.config/guichet`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.GUICHET_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'guichet');
}

export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'config.json');
}

export async function readConfig(env: NodeJS.ProcessEnv = process.env): Promise<CliConfig> {
  try {
    const parsed = JSON.parse(await readFile(configFile(env), 'utf8')) as Partial<CliConfig>;
    return { profiles: {}, ...parsed };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw new Error(`${configFile(env)}: ${(error as Error).message}`);
  }
}

/** Writes the configuration readable by its owner only (it holds tokens), atomically. */
export async function writeConfig(config: CliConfig, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dir = configDir(env);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = configFile(env);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
