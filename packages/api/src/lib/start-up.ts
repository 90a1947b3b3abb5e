import {
  DomainError,
  type FieldIssue,
  isStartupError,
  type Language,
  languageOfLocale,
  translate,
} from '@guichet/core/startup';

/** The environment does not describe a valid configuration: each wrong variable is a field issue. */
export class ConfigurationError extends Error {
  readonly invalid: DomainError;
  constructor(fields: FieldIssue[]) {
    const invalid = new DomainError('VALIDATION_FAILED', { fields });
    super(ConfigurationError.render(invalid, 'en'));
    this.name = 'ConfigurationError';
    this.invalid = invalid;
  }
  localized(lang: Language = 'fr'): string {
    return ConfigurationError.render(this.invalid, lang);
  }
  private static render(invalid: DomainError, lang: Language): string {
    const problems = invalid.localizedFields(lang).map((f) => f.message);
    return translate(lang, 'startup.invalid_env', { problems: problems.join('; ') });
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
