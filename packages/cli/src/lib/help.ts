import { Errors, Help, type Interfaces } from '@oclif/core';
import { UsageError } from './errors.ts';
import { cliLanguage, EXIT_CODES, TOPICS } from './messages.ts';

/**
 * `guichet --help` with the topics described in the person's language (oclif would show each
 * topic's first command summary without `oclif.topics`, and only one language with it), the exit
 * codes at the end of the root help, and an unknown subject as a usage error (exit 3).
 */
export class GuichetHelp extends Help {
  protected override formatTopics(topics: Interfaces.Topic[]): string {
    return super.formatTopics(topics.map(translated));
  }

  protected override formatTopic(topic: Interfaces.Topic): string {
    return super.formatTopic(translated(topic));
  }

  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp();
    this.log(this.section(EXIT_CODES.title[cliLanguage()], exitCodeLines()));
    this.log('');
  }

  override async showHelp(argv: string[]): Promise<void> {
    try {
      await super.showHelp(argv);
    } catch (error) {
      // oclif's help ends with error("Command … not found.") when it knows no such subject.
      if (error instanceof Errors.CLIError && !(error instanceof UsageError))
        throw UsageError.say('usage_unknown_command', {
          command: argv.filter((a) => !a.startsWith('-')).join(' '),
        });
      throw error;
    }
  }
}

/** The exit codes as `code  meaning` pairs. */
export function exitCodeLines(): [string, string][] {
  const language = cliLanguage();
  return ([0, 1, 2, 3, 4, 130] as const).map((code) => [String(code), EXIT_CODES[code][language]]);
}

function translated(topic: Interfaces.Topic): Interfaces.Topic {
  const known = TOPICS[topic.name.replaceAll(' ', ':') as keyof typeof TOPICS];
  return known ? { ...topic, description: known[cliLanguage()] } : topic;
}
