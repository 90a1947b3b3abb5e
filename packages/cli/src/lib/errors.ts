import { Errors, type Interfaces } from '@oclif/core';
import { type MessageKey, t } from './messages.ts';

/**
 * The exit codes of `guichet`, a contract for scripts and CI (README, `guichet --help`):
 * 0 success; 1 an error (refused by the server, a bad file, a bug); 2 `--dry-run` found changes to
 * make (or `db status` found pending migrations); 3 the command line itself is wrong (unknown
 * command or option, a missing or invalid option or argument); 4 not signed in, or the token is
 * refused (as gh); 130 interrupted with Ctrl-C (128 + SIGINT, as shells report it).
 */
export const EXIT = { ok: 0, error: 1, differs: 2, usage: 3, unauthenticated: 4, cancelled: 130 } as const;

/** A failure the user is told about in one line (stderr), with its exit code. */
export class CliError extends Error {
  readonly exit: number;
  readonly detail: unknown;
  /** The line shown; kept apart from `message`, which oclif rewrites around flag parse errors. */
  readonly line: string;
  constructor(message: string, exit: number = EXIT.error, detail?: unknown) {
    super(message);
    this.line = message;
    this.exit = exit;
    this.detail = detail;
  }
  static of(key: MessageKey, params: Record<string, string | number> = {}, exit: number = EXIT.error) {
    return new CliError(t(key, params), exit);
  }
}

/** The command line is wrong (exit 3): said in one line, with where to read the command's help. */
export class UsageError extends CliError {
  constructor(line: string) {
    super(line, EXIT.usage);
  }
  static say(key: MessageKey, params: Record<string, string | number> = {}): UsageError {
    return new UsageError(t(key, params));
  }
}

/** What a command knows about its own line, to name the option an oclif error is about. */
export interface CommandLine {
  /** The command's id with spaces (`tickets resolve`), for the help hint. */
  id?: string;
  argv: string[];
  flags: Record<string, Interfaces.Flag<unknown>>;
}

const dashed = (name: string) => `--${name}`;

/**
 * An error as the one-line CliError the user reads: ours as they are; oclif's parse errors (by their
 * class, not their English text) as usage errors in the person's language, naming the option or
 * argument; anything else as an error (exit 1) in one line.
 */
export function toCliError(error: Error, line?: CommandLine): CliError {
  const usage = error instanceof UsageError ? error : fromParseError(error, line);
  if (usage) {
    if (!line?.id) return usage;
    return new CliError(t('usage_with_help', { problem: usage.line, command: line.id }), EXIT.usage);
  }
  if (error instanceof CliError) return error;
  if (error instanceof Errors.CLIError) return new CliError(oneLine(error.message), EXIT.usage);
  return new CliError(oneLine(error.message), EXIT.error);
}

/**
 * oclif's parser errors by class. @oclif/core does not export these classes (its package `exports`
 * stops at `lib/parser/index.js`), so they are told apart by their class name, and their typed
 * fields (`flags`, `args`, `parse`) give what the message names.
 */
const parseErrorKind = (error: Error): string | null => {
  for (let c = Object.getPrototypeOf(error); c && c !== Error.prototype; c = Object.getPrototypeOf(c)) {
    if (c.constructor.name === 'CLIParseError') return error.constructor.name;
  }
  return null;
};

function fromParseError(error: Error, line: CommandLine | undefined): UsageError | null {
  const kind = parseErrorKind(error);
  if (!kind) return null;
  const typed = error as Error & { flags?: string[]; args?: { name?: string }[] | unknown[]; parse?: Parse };
  switch (kind) {
    case 'NonExistentFlagsError':
      return UsageError.say('usage_unknown_flag', { flag: (typed.flags ?? []).join(', ') });
    case 'RequiredArgsError':
      return UsageError.say('usage_missing_arg', {
        arg: ((typed.args ?? []) as { name?: string }[]).map((a) => `<${a.name}>`).join(', '),
      });
    case 'UnexpectedArgsError':
      return UsageError.say('usage_unexpected_arg', { arg: (typed.args ?? []).map(String).join(' ') });
    case 'FlagInvalidOptionError': {
      const bad = line ? invalidOption(line) : null;
      if (bad)
        return UsageError.say('usage_bad_option', {
          flag: dashed(bad.name),
          value: bad.value,
          options: bad.options,
        });
      break;
    }
    case 'FailedFlagValidationError':
    case 'ViolatedFlagConstraintError': {
      const specs = typed.parse?.input?.flags ?? {};
      const given = typed.parse?.output?.flags ?? {};
      const missing = Object.entries(specs)
        .filter(([name, spec]) => spec.required && given[name] === undefined)
        .map(([name]) => dashed(name));
      if (missing.length > 0) return UsageError.say('usage_missing_flag', { flag: missing.join(', ') });
      for (const [name, spec] of Object.entries(specs)) {
        const other =
          given[name] === undefined ? undefined : spec.exclusive?.find((x) => given[x] !== undefined);
        if (other) return UsageError.say('usage_exclusive', { flag: dashed(name), other: dashed(other) });
      }
      break;
    }
  }
  return UsageError.say('usage_generic', { detail: oneLine(error.message) });
}

interface Parse {
  input?: { flags?: Record<string, FlagSpec> };
  output?: { flags?: Record<string, unknown> };
}

interface FlagSpec {
  required?: boolean;
  exclusive?: string[];
  options?: readonly string[];
  char?: string;
  type?: string;
}

/**
 * The option whose value is not one of its choices, found from the command's own flag definitions
 * and its argv (oclif's FlagInvalidOptionError carries neither).
 */
function invalidOption(line: CommandLine): { name: string; value: string; options: string } | null {
  const specs = Object.entries(line.flags) as [string, FlagSpec][];
  for (let i = 0; i < line.argv.length; i++) {
    const token = line.argv[i]!;
    if (token === '--') break;
    const long = /^--([^=]+)(?:=(.*))?$/.exec(token);
    const short = /^-([^-])(.*)$/.exec(token);
    const found = long
      ? specs.find(([name]) => name === long[1])
      : short
        ? specs.find(([, spec]) => spec.char === short[1])
        : undefined;
    if (found?.[1].type !== 'option') continue;
    const inline = long ? long[2] : short?.[2] || undefined;
    const value = inline ?? line.argv[i + 1];
    if (inline === undefined) i++;
    const options = found[1].options;
    if (value !== undefined && options && !options.includes(value))
      return { name: found[0], value, options: options.join(', ') };
  }
  return null;
}

/** oclif's messages span several lines ("The following error occurred:", hints): keep one. */
export function oneLine(message: string): string {
  return (
    message
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !/^The following errors? occurred:?$/.test(l) && !/^See more help with/.test(l))
      .join('; ') || message
  );
}
