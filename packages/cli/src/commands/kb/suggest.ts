import { Flags } from '@oclif/core';
import { GuichetCommand } from '../../lib/base.ts';
import { UsageError } from '../../lib/errors.ts';
import { integerFlag } from '../../lib/flags.ts';
import { kbApi, renderSuggestions, type SuggestQuery } from '../../lib/kb.ts';
import { t } from '../../lib/messages.ts';
import { textFlag } from '../../lib/text-input.ts';

export default class KbSuggest extends GuichetCommand<typeof KbSuggest> {
  static override summary =
    'What may already answer a request: published articles and similar tickets, with why each matched';
  static override description =
    'Describe the request as it would be written (--title, --description, --service), as the portal does before a ticket is opened; or name a ticket you work on (--ticket) to get the articles and the similar tickets already solved. The server records what it suggested: guichet kb deflect says they answered.';
  static override examples = [
    '<%= config.bin %> kb suggest --title "export odt opale" --service scenari',
    '<%= config.bin %> kb suggest --ticket GU-2026-000042',
  ];
  static override flags = {
    title: Flags.string({ description: 'The request’s title' }),
    description: Flags.string({ description: 'The request’s description (or - for standard input)' }),
    service: Flags.string({ description: 'Service code (its sub-services included)' }),
    ticket: Flags.string({ description: 'A ticket you work on: articles and similar solved tickets' }),
    limit: integerFlag({ min: 1, max: 20 })({ description: 'How many of each (1–20)' }),
  };

  async run() {
    const flags = await this.parseFlags();
    const description = await textFlag('description', flags.description);
    if (!flags.title && !description && !flags.ticket) throw UsageError.say('kb_suggest_what');
    const query = Object.fromEntries(
      Object.entries({
        title: flags.title,
        description,
        service: flags.service,
        ticket: flags.ticket,
        limit: flags.limit,
      }).filter(([, v]) => v !== undefined),
    ) as SuggestQuery;
    const suggestions = await kbApi.suggest(await this.client(), query);
    if (!this.jsonEnabled()) {
      this.log(renderSuggestions(suggestions, Boolean(flags.ticket)));
      this.logToStderr(t('kb_suggestion_id', { id: suggestions.id }));
    }
    return suggestions;
  }
}
