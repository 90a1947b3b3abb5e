import { isStartupError, type Language, languageOfLocale, translate } from '@guichet/core';

/**
 * The environment does not describe a valid configuration. `problems` are `VARIABLE: what is wrong`.
 */
export class ConfigurationError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(translate('en', 'startup.invalid_env', { problems: problems.join('; ') }));
    this.name = 'ConfigurationError';
    this.problems = problems;
  }
  localized(lang: Language = 'fr'): string {
    return translate(lang, 'startup.invalid_env', { problems: this.problems.join('; ') });
  }
}

/** The HTTP server could not listen (port taken, address not on this machine, privileged port). */
export class ListenError extends Error {
  readonly params: { host: string; port: string; reason: string };
  constructor(host: string, port: number, reason: string) {
    const params = { host, port: String(port), reason };
    super(translate('en', 'startup.cannot_listen', params));
    this.name = 'ListenError';
    this.params = params;
  }
  localized(lang: Language = 'fr'): string {
    return translate(lang, 'startup.cannot_listen', this.params);
  }
}

/**
 * Language of what a person reads in their terminal: French, unless GUICHET_LANG, LC_ALL,
 * LC_MESSAGES or LANG asks for English (the CLI's rule).
 */
export function terminalLanguage(env: NodeJS.ProcessEnv = process.env): Language {
  return languageOfLocale(env.GUICHET_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG);
}

/**
 * The one line that says what stopped a start and how to fix it, or null when the error is a bug
 * (whose stack trace is then worth seeing).
 */
export function startupMessage(error: unknown, lang: Language): string | null {
  if (isStartupError(error) || error instanceof ConfigurationError || error instanceof ListenError) {
    return error.localized(lang);
  }
  return null;
}

/**
 * For the entry points (`npm start`, `token:create`, `db:migrate`): prints a start-up problem as one
 * line on stderr and sets a failing exit code; anything else is a bug and is thrown on.
 */
export function reportStartupError(error: unknown): void {
  const message = startupMessage(error, terminalLanguage());
  if (message === null) throw error;
  process.stderr.write(`guichet: ${message}\n`);
  process.exitCode = 1;
}
