import { createGuichetClient } from '@guichet/api/client';
import { Command, Flags, type Interfaces } from '@oclif/core';
import { type Connection, callApi } from './api.ts';
import { type CliConfig, readConfig, type ServerProfile } from './config.ts';
import { CliError, EXIT, toCliError } from './errors.ts';
import { cliLanguage, setProfileLanguage, t } from './messages.ts';
import { type Column, renderCsv, renderTable } from './output.ts';

type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof GuichetCommand)['baseFlags'] & T['flags']
>;

/**
 * What every command shares: `--json` (stable output on stdout), `--profile`, the connection (the
 * stored profile, overridden by GUICHET_URL / GUICHET_TOKEN for CI), the typed API client, one-line
 * errors on stderr with the exit codes above.
 */
export abstract class GuichetCommand<T extends typeof Command = typeof Command> extends Command {
  static override enableJsonFlag = true;
  static override baseFlags = {
    profile: Flags.string({
      description: 'Server profile to use (default: the current one, see guichet status)',
      env: 'GUICHET_PROFILE',
      helpGroup: 'GLOBAL',
    }),
  };

  protected flags!: BaseFlags<T>;

  /** Speaks the language stored with the profile in use (GUICHET_PROFILE, else the current one). */
  override async init(): Promise<void> {
    await super.init();
    const config = await readConfig().catch(() => null);
    const name = process.env.GUICHET_PROFILE ?? config?.current ?? 'default';
    setProfileLanguage(config?.profiles[name]?.language);
  }

  protected async parseFlags(): Promise<BaseFlags<T>> {
    const { flags } = await this.parse(this.ctor);
    this.flags = flags as BaseFlags<T>;
    return this.flags;
  }

  /** The profile name and its settings; environment variables win over the stored profile. */
  protected async connection(): Promise<{ name: string; profile: ServerProfile; config: CliConfig }> {
    const config = await readConfig();
    const name = (this.flags?.profile as string | undefined) ?? config.current ?? 'default';
    const stored = config.profiles[name];
    const url = process.env.GUICHET_URL ?? stored?.url;
    const token = process.env.GUICHET_TOKEN ?? stored?.token;
    if (!url || !token) throw CliError.of('not_connected', {}, EXIT.unauthenticated);
    return { name, profile: { ...stored, url, token }, config };
  }

  protected async client(): Promise<Connection> {
    const { profile } = await this.connection();
    return {
      api: createGuichetClient({ baseUrl: profile.url, token: profile.token!, language: cliLanguage() }),
      url: profile.url,
    };
  }

  /** Awaits an API call and returns its data (see callApi). */
  protected call<D>(
    url: string,
    request: Promise<{ data?: D; error?: unknown; response: Response }>,
  ): Promise<D> {
    return callApi(url, request);
  }

  /** A list for humans (table), for spreadsheets (`--csv`), or as JSON (the returned value). */
  protected printList<R>(rows: R[], columns: Column<R>[], csv = false): void {
    if (this.jsonEnabled()) return;
    if (csv) {
      process.stdout.write(renderCsv(rows, columns));
      return;
    }
    if (rows.length === 0) {
      this.logToStderr(t('empty_list'));
      return;
    }
    this.log(renderTable(rows, columns));
  }

  override async catch(error: Error & { code?: string }) {
    if (error.code === 'EEXIT') throw error;
    const ctor = this.ctor as typeof Command;
    const failure = toCliError(error, {
      id: this.id?.replaceAll(':', ' '),
      argv: this.argv,
      flags: { ...ctor.baseFlags, ...ctor.flags } as never,
    });
    reportError(failure, this.jsonEnabled());
    process.exitCode = failure.exit;
  }
}

/**
 * Writes a failure on stderr: `guichet: <line>` (further lines as they are, e.g. one per error in a
 * file), then a problem's detail when its field errors have not already been said; with `--json`,
 * one JSON object `{error: {message, exit, problem?}}`.
 */
export function reportError(failure: CliError, json: boolean): void {
  if (json) {
    process.stderr.write(
      `${JSON.stringify({ error: { message: failure.line, exit: failure.exit, ...(failure.detail ? { problem: failure.detail } : {}) } })}\n`,
    );
    return;
  }
  process.stderr.write(`guichet: ${failure.line}\n`);
  if (failure.detail && typeof failure.detail === 'object') {
    const problem = failure.detail as { detail?: string; errors?: unknown[] };
    if (problem.detail && !problem.errors?.length && !failure.line.includes(problem.detail)) {
      process.stderr.write(`  ${problem.detail}\n`);
    }
  }
}

/** Reads all of standard input (for `--with-token`, `--description -`, `-f -`). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
