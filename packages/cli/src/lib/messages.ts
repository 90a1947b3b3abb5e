/**
 * What the CLI itself says (problems from the server come already translated). French by default;
 * English when GUICHET_LANG, LC_ALL, LC_MESSAGES or LANG asks for it.
 */
const MESSAGES = {
  not_connected: {
    fr: 'non connecté : lancez « guichet login --url URL --with-token » (ou définissez GUICHET_URL et GUICHET_TOKEN)',
    en: 'not connected: run "guichet login --url URL --with-token" (or set GUICHET_URL and GUICHET_TOKEN)',
  },
  unauthenticated: {
    fr: 'le serveur refuse le jeton ({detail}) : reconnectez-vous avec « guichet login »',
    en: 'the server refuses the token ({detail}): log in again with "guichet login"',
  },
  unreachable: {
    fr: 'serveur injoignable : {url} ({detail})',
    en: 'cannot reach the server: {url} ({detail})',
  },
  token_on_stdin: {
    fr: 'aucun jeton sur l’entrée standard (guichet login --with-token < fichier)',
    en: 'no token on standard input (guichet login --with-token < file)',
  },
  no_device_provider: {
    fr: '{url} ne propose pas de connexion depuis un terminal (aucun fournisseur OpenID avec client CLI) : utilisez --with-token',
    en: '{url} offers no terminal sign-in (no OpenID provider with a CLI client): use --with-token',
  },
  choose_issuer: {
    fr: 'plusieurs fournisseurs d’identité, choisissez avec --issuer : {issuers}',
    en: 'several identity providers, choose one with --issuer: {issuers}',
  },
  device_prompt: {
    fr: 'Pour vous connecter, ouvrez {uri} et saisissez le code {code} (valable {minutes} min).',
    en: 'To sign in, open {uri} and enter the code {code} (valid {minutes} min).',
  },
  device_failed: {
    fr: 'connexion refusée ou expirée : {detail}',
    en: 'sign-in refused or expired: {detail}',
  },
  url_required: { fr: '--url est requis pour un nouveau profil', en: '--url is required for a new profile' },
  logged_in: {
    fr: 'connecté à {url} en tant que {user} (profil {profile})',
    en: 'logged in to {url} as {user} (profile {profile})',
  },
  logged_out: { fr: 'jeton du profil {profile} supprimé', en: 'token of profile {profile} removed' },
  no_changes: { fr: 'aucun changement', en: 'no changes' },
  changes_planned: { fr: '{count} changement(s) à appliquer', en: '{count} change(s) to apply' },
  changes_applied: { fr: '{count} changement(s) appliqué(s)', en: '{count} change(s) applied' },
  file_error: { fr: '{file}:{line}:{column} : {message}', en: '{file}:{line}:{column}: {message}' },
  written: { fr: 'écrit dans {file}', en: 'written to {file}' },
  empty_list: { fr: 'aucun résultat', en: 'no results' },
  next_page: { fr: 'page suivante : --after {cursor}', en: 'next page: --after {cursor}' },
  backup_done: {
    fr: '{rows} lignes de {tables} tables → {file}',
    en: '{rows} rows in {tables} tables → {file}',
  },
  restore_done: {
    fr: '{rows} lignes restaurées dans {tables} tables',
    en: '{rows} rows restored in {tables} tables',
  },
  up_to_date: { fr: 'La base est à jour.', en: 'Database is up to date.' },
  token_made: {
    fr: 'jeton {prefix}… pour {person}, droits {scopes}, expire le {expires}',
    en: 'token {prefix}… for {person}, scopes {scopes}, expires {expires}',
  },
  tui_needs_terminal: {
    fr: 'guichet tui a besoin d’un terminal (utilisez les commandes tickets … pour les scripts)',
    en: 'guichet tui needs a terminal (use the tickets … commands in scripts)',
  },
  stdin_empty: { fr: '{flag} : entrée standard vide', en: '{flag}: standard input is empty' },
} as const;

export type MessageKey = keyof typeof MESSAGES;

export function cliLanguage(env: NodeJS.ProcessEnv = process.env): 'fr' | 'en' {
  const wanted = env.GUICHET_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return wanted.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[key][cliLanguage()].replace(/\{(\w+)\}/g, (_m, name: string) =>
    String(params[name] ?? `{${name}}`),
  );
}

/**
 * Headings of the human output (table columns, the ticket's labels) in French; English is the key.
 * CSV keeps the English headings: scripts read them, whatever the reader's language.
 */
const HEADINGS_FR: Record<string, string> = {
  REF: 'RÉF',
  STATUS: 'STATUT',
  PRIORITY: 'PRIORITÉ',
  SERVICE: 'SERVICE',
  AGENT: 'TECHNICIEN',
  UPDATED: 'MODIFIÉ',
  TITLE: 'TITRE',
  CODE: 'CODE',
  APPROVAL: 'APPROBATION',
  TEAM: 'ÉQUIPE',
  MODERATORS: 'MODÉRATEURS',
  NAME: 'NOM',
  ESTABLISHMENT: 'ÉTABLISSEMENT',
  MEMBERS: 'MEMBRES',
  EMAIL: 'COURRIEL',
  PROFILES: 'PROFILS',
  PROFILE: 'PROFIL',
  USER: 'UTILISATEUR',
  TOKEN: 'JETON',
  WHEN: 'QUAND',
  WHO: 'QUI',
  VISIBILITY: 'VISIBILITÉ',
  EVENT: 'ÉVÈNEMENT',
  DETAIL: 'DÉTAIL',
  INTERNAL: 'INTERNE',
  Ticket: 'Ticket',
  Status: 'Statut',
  Priority: 'Priorité',
  Type: 'Type',
  Service: 'Service',
  Requester: 'Demandeur',
  Team: 'Équipe',
  Agent: 'Technicien',
  Solution: 'Solution',
  'Provider refs': 'Réf. prestataire',
  Created: 'Créé',
  Updated: 'Modifié',
  Actions: 'Actions',
  until: 'jusqu’au',
  impact: 'impact',
  urgency: 'urgence',
  version: 'version',
  on: 'sur',
  profile: 'profil',
  profiles: 'profils',
  yes: 'oui',
  no: 'non',
};

export function heading(english: string): string {
  return cliLanguage() === 'fr' ? (HEADINGS_FR[english] ?? english) : english;
}
