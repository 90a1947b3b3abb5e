/**
 * What supervising a Guichet server needs, without loading the ORM or the services (exported as
 * `@guichet/core/startup`): the embedded PostgreSQL, start-up errors and messages. The server's
 * supervisor process uses only this, so that it stays small beside its workers.
 */
export {
  type EmbeddedDatabase,
  type EmbeddedOptions,
  freePort,
  startEmbeddedPostgres,
} from './db/embedded.ts';
export { DomainError, type FieldIssue, isStartupError, StartupError } from './errors.ts';
export { type Language, languageOfLocale, translate } from './i18n/messages.ts';
export { ImapMailboxSchema, redactImapUrl } from './mail/imap/imap-config.ts';
export { PROFILES, type Profile } from './people/profiles.ts';
export { zodFieldIssues } from './shared/validation.ts';
