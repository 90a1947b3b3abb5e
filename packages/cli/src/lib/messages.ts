/**
 * What the CLI itself says (problems from the server come already translated). French by default;
 * English when GUICHET_LANG, LC_ALL, LC_MESSAGES or LANG asks for it.
 */
export const MESSAGES = {
  // guichet mail ingest / explain
  mail_no_stdin: {
    fr: 'aucun message sur l’entrée standard : « guichet mail ingest --mailbox ADRESSE < message.eml »',
    en: 'no message on standard input: "guichet mail ingest --mailbox ADDRESS < message.eml"',
  },
  mail_not_recorded: {
    fr: 'courriel non enregistré ({detail}) : l’expéditeur doit le redonner plus tard',
    en: 'mail not recorded ({detail}): the sender must deliver it again later',
  },
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
  file_errors: {
    fr: '{file} : {count} erreur(s), rien n’a été modifié',
    en: '{file}: {count} error(s), nothing was changed',
  },
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
  edit_nothing: {
    fr: 'rien à modifier : donnez au moins une option parmi {flags}',
    en: 'nothing to change: give at least one of {flags}',
  },
  provider_ref_unknown: {
    fr: 'aucune référence prestataire « {ref} » sur {ticket} (connues : {known})',
    en: 'no provider reference "{ref}" on {ticket} (known: {known})',
  },
  provider_ref_ambiguous: {
    fr: 'plusieurs références prestataire « {ref} » sur {ticket} : donnez son identifiant ({known})',
    en: 'several provider references "{ref}" on {ticket}: give its id ({known})',
  },
  token_unknown: {
    fr: 'aucun de vos jetons ne s’appelle « {token} »',
    en: 'none of your tokens is "{token}"',
  },
  token_ambiguous: {
    fr: 'plusieurs de vos jetons commencent par « {token} » : donnez son identifiant',
    en: 'several of your tokens start with "{token}": give its id',
  },
  token_revoked: { fr: 'jeton {token} révoqué', en: 'token {token} revoked' },
  mail_resolve_action: {
    fr: 'il faut --note, --open ou --dismiss',
    en: 'one of --note, --open or --dismiss is needed',
  },
  webhook_created: {
    fr: 'abonnement {id} créé ; le secret ci-dessus ne sera plus affiché',
    en: 'subscription {id} created; the secret above will not be shown again',
  },
  webhook_requeued: { fr: 'livraison {id} remise en file', en: 'delivery {id} queued again' },
  webhook_test_sent: {
    fr: 'événement de test reçu : HTTP {status} en {ms} ms',
    en: 'test event received: HTTP {status} in {ms} ms',
  },
  webhook_test_failed: {
    fr: 'le récepteur n’a pas accepté l’événement de test : {error}',
    en: 'the receiver did not accept the test event: {error}',
  },
  mail_requeued: { fr: 'notification {id} remise en file', en: 'notification {id} queued again' },
  mail_test_sent: {
    fr: 'message de test envoyé à {to} ; le serveur SMTP a répondu : {response}',
    en: 'test message sent to {to}; the SMTP server answered: {response}',
  },
  preference_malformed: {
    fr: '« {value} » : attendu TYPE=immediate|digest|off (par exemple ticket.replied=digest)',
    en: '"{value}": expected KIND=immediate|digest|off (e.g. ticket.replied=digest)',
  },
  usage_with_help: {
    fr: '{problem} (voir « guichet {command} --help »)',
    en: '{problem} (see "guichet {command} --help")',
  },
  usage_missing_flag: { fr: 'option {flag} manquante (obligatoire)', en: 'missing required option {flag}' },
  usage_missing_arg: {
    fr: 'argument {arg} manquant (obligatoire)',
    en: 'missing required argument {arg}',
  },
  usage_unknown_flag: { fr: 'option inconnue : {flag}', en: 'unknown option: {flag}' },
  usage_unexpected_arg: { fr: 'argument en trop : {arg}', en: 'unexpected argument: {arg}' },
  usage_bad_option: {
    fr: '{flag} : valeur « {value} » non valide, choisissez parmi : {options}',
    en: '{flag}: invalid value "{value}", choose one of: {options}',
  },
  usage_exclusive: {
    fr: 'les options {flag} et {other} ne vont pas ensemble',
    en: '{flag} cannot be used with {other}',
  },
  usage_integer: {
    fr: '{flag} : nombre entier attendu, pas « {value} »',
    en: '{flag}: expected a whole number, not "{value}"',
  },
  usage_integer_range: {
    fr: '{flag} : nombre entre {min} et {max} attendu, pas « {value} »',
    en: '{flag}: expected a number from {min} to {max}, not "{value}"',
  },
  usage_unknown_command: {
    fr: 'commande inconnue : « {command} » (voir « guichet --help »)',
    en: 'unknown command: "{command}" (see "guichet --help")',
  },
  usage_unknown_command_suggest: {
    fr: 'commande inconnue : « {command} » ; vouliez-vous dire « guichet {suggestion} » ?',
    en: 'unknown command: "{command}"; did you mean "guichet {suggestion}"?',
  },
  reports_bad_by: {
    fr: '--by : « {value} » n’est pas un regroupement, choisissez parmi : {options}',
    en: '--by: "{value}" is not a grouping, choose among: {options}',
  },
  usage_generic: { fr: 'ligne de commande incorrecte : {detail}', en: 'invalid command line: {detail}' },
  date_invalid: {
    fr: '{field} : « {value} » n’est pas une date lisible ({why}) ; écrivez AAAA-MM-JJ, JJ/MM/AAAA ou JJ/MM/AAAA HH:MM',
    en: '{field}: "{value}" is not a readable date ({why}); write YYYY-MM-DD, DD/MM/YYYY or DD/MM/YYYY HH:MM',
  },
  date_unreadable: { fr: 'format inconnu', en: 'unknown format' },
  date_no_year: { fr: 'année manquante', en: 'no year' },
  date_short_year: {
    fr: 'année sur deux chiffres : écrivez les quatre',
    en: 'two-digit year: write all four',
  },
  date_no_such_date: {
    fr: 'jour ou mois impossible ; le jour vient en premier',
    en: 'no such day or month; the day comes first',
  },
  kb_no_front_matter: {
    fr: 'le fichier doit commencer par « --- » (métadonnées YAML), puis le corps en Markdown',
    en: 'the file must start with "---" (YAML metadata), then the Markdown body',
  },
  kb_unclosed_front_matter: {
    fr: 'métadonnées non fermées : ajoutez une ligne « --- » avant le corps',
    en: 'unclosed metadata: add a "---" line before the body',
  },
  kb_front_matter_not_map: {
    fr: 'les métadonnées doivent être des paires « clé: valeur »',
    en: 'the metadata must be "key: value" pairs',
  },
  kb_field_type: { fr: '« {field} » : {expected} attendu', en: '"{field}": expected {expected}' },
  kb_expected_text: { fr: 'un texte', en: 'text' },
  kb_expected_list: { fr: 'une liste de textes', en: 'a list of texts' },
  kb_expected_text_or_null: { fr: 'un texte ou null', en: 'text or null' },
  kb_unknown_key: { fr: '« {field} » : clé inconnue', en: '"{field}": unknown key' },
  kb_missing_key: {
    fr: '« {field} » manquant (obligatoire pour un nouvel article)',
    en: '"{field}" is missing (required for a new article)',
  },
  kb_op_create: { fr: 'créer', en: 'create' },
  kb_op_update: { fr: 'modifier', en: 'update' },
  kb_op_unchanged: { fr: 'inchangé', en: 'unchanged' },
  kb_body_changed: { fr: '(corps modifié)', en: '(body changed)' },
  kb_files_errors: {
    fr: '{count} erreur(s) dans {files} fichier(s), rien n’a été modifié',
    en: '{count} error(s) in {files} file(s), nothing was changed',
  },
  kb_apply_errors: {
    fr: '{count} erreur(s) dans {files} fichier(s) ; les autres fichiers ont été appliqués',
    en: '{count} error(s) in {files} file(s); the other files were applied',
  },
  kb_unknown_reference: {
    fr: '« reference » : aucun article {reference} sur le serveur',
    en: '"reference": no article {reference} on the server',
  },
  kb_create_has_reference: {
    fr: '« reference » : ce fichier est déjà l’article {reference} (guichet kb edit {reference} -f …)',
    en: '"reference": this file is already article {reference} (guichet kb edit {reference} -f …)',
  },
  kb_no_files: { fr: 'aucun fichier .md dans {dir}', en: 'no .md file in {dir}' },
  kb_exported: { fr: '{count} article(s) écrit(s) dans {dir}', en: '{count} article(s) written to {dir}' },
  kb_no_revisions: { fr: 'aucune révision', en: 'no revisions' },
  kb_delete_needs_yes: {
    fr: 'supprimer {reference} demande une confirmation : ajoutez --yes (pas de terminal pour la demander)',
    en: 'deleting {reference} needs a confirmation: add --yes (no terminal to ask on)',
  },
  kb_delete_confirm: {
    fr: 'Supprimer le brouillon {reference} « {title} » et son historique ? Il ne pourra pas être récupéré. [o/N] ',
    en: 'Delete draft {reference} "{title}" and its history? It cannot be recovered. [y/N] ',
  },
  kb_delete_cancelled: {
    fr: 'abandon : {reference} n’a pas été supprimé',
    en: 'cancelled: {reference} was not deleted',
  },
  kb_deleted: { fr: 'brouillon {reference} supprimé', en: 'draft {reference} deleted' },
  kb_vote_which: {
    fr: 'dites si l’article a aidé : --helpful (utile) ou --not-helpful (pas utile)',
    en: 'say whether the article helped: --helpful or --not-helpful',
  },
  kb_votes: {
    fr: '{reference} : {helpful} utile, {notHelpful} pas utile',
    en: '{reference}: {helpful} helpful, {notHelpful} not helpful',
  },
  kb_votes_mine: {
    fr: '{reference} : {helpful} utile, {notHelpful} pas utile ; votre vote : {mine}',
    en: '{reference}: {helpful} helpful, {notHelpful} not helpful; your vote: {mine}',
  },
  kb_suggest_what: {
    fr: 'décrivez la demande (--title, --description) ou donnez un ticket (--ticket)',
    en: 'describe the request (--title, --description) or name a ticket (--ticket)',
  },
  kb_suggested_articles: { fr: 'Articles', en: 'Articles' },
  kb_suggested_tickets: { fr: 'Tickets semblables', en: 'Similar tickets' },
  kb_suggested_solved_tickets: {
    fr: 'Tickets semblables déjà résolus',
    en: 'Similar tickets already solved',
  },
  kb_suggested_none: { fr: '  aucun', en: '  none' },
  kb_suggestion_id: {
    fr: 'suggestions {id} : si elles ont répondu, guichet kb deflect {id} --article RÉF',
    en: 'suggestions {id}: if they answered, guichet kb deflect {id} --article REF',
  },
  kb_deflected: {
    fr: 'noté : les suggestions {id} ont répondu, sans ticket',
    en: 'recorded: suggestions {id} answered, no ticket needed',
  },
  kb_why_separator: { fr: ' : ', en: ': ' },
  kb_why_synonym: {
    fr: '« {word} » ≈ {term} (étiquette {tag})',
    en: '"{word}" ≈ {term} (tag {tag})',
  },
  kb_why_correction: { fr: '« {typed} » lu « {read} »', en: '"{typed}" read as "{read}"' },
  kb_why_title: { fr: 'titre proche ({score} %)', en: 'similar title ({score}%)' },
  // Attachments (tickets attach, comment --attach, attachment get): one block.
  attachment_unreadable: {
    fr: 'impossible de lire le fichier {path} ({detail})',
    en: 'cannot read the file {path} ({detail})',
  },
  attachment_attached: {
    fr: '{count} pièce(s) jointe(s) ajoutée(s) à {reference}',
    en: '{count} attachment(s) added to {reference}',
  },
  attachment_saved: {
    fr: '{filename} enregistré dans {path} ({size})',
    en: '{filename} saved to {path} ({size})',
  },
  attachment_exists: {
    fr: '{path} existe déjà : choisissez un autre nom avec -o, ou --force pour le remplacer',
    en: '{path} already exists: choose another name with -o, or --force to replace it',
  },
  attachment_backup_files: {
    fr: '{files} fichier(s) joint(s) sauvegardé(s) ; {missing} absent(s) du stockage',
    en: '{files} attachment file(s) saved; {missing} missing from the storage',
  },
  attachment_restore_files: {
    fr: '{files} fichier(s) joint(s) restauré(s)',
    en: '{files} attachment file(s) restored',
  },
  // guichet problems
  problems_outcome_resolved: { fr: 'résolu', en: 'resolved' },
  problems_outcome_skipped: {
    fr: 'ignoré (déjà résolu ou clos)',
    en: 'skipped (already resolved or closed)',
  },
  problems_outcome_refused: { fr: 'refusé', en: 'refused' },
  problems_problem_resolved: { fr: 'problème {reference} résolu', en: 'problem {reference} resolved' },
  problems_announcement_resolved: {
    fr: 'information {id} close (mise à jour « résolu » publiée)',
    en: 'announcement {id} resolved (a resolved update was posted)',
  },
  problems_announcement_open: {
    fr: 'information {id} toujours en cours : --announcement-message pour la clore',
    en: 'announcement {id} still open: --announcement-message resolves it',
  },
  problems_announcement_refused: {
    fr: 'information {id} laissée en cours : {message}',
    en: 'announcement {id} left open: {message}',
  },
  announce_notified: {
    fr: '{count} personne(s) prévenue(s) par courriel',
    en: '{count} people told by mail',
  },
  problems_not_visible: {
    fr: '{count} incident(s) lié(s) que vous ne voyez pas laissé(s) tel(s) quel(s)',
    en: '{count} linked incident(s) you cannot see left as they are',
  },
  problems_linked: {
    fr: '{incident} rattaché au problème {problem}',
    en: '{incident} linked to problem {problem}',
  },
  problems_unlinked: {
    fr: '{incident} détaché du problème {problem}',
    en: '{incident} unlinked from problem {problem}',
  },
  problems_nothing_to_change: {
    fr: 'rien à changer : donnez au moins une option (--root-cause, --workaround, --known-error…)',
    en: 'nothing to change: give at least one option (--root-cause, --workaround, --known-error…)',
  },
  problems_why_service: { fr: 'même service ({service})', en: 'same service ({service})' },
  problems_why_days: { fr: 'à {days} j', en: '{days} d apart' },
  problems_why_title: { fr: 'titre proche ({score} %)', en: 'similar title ({score}%)' },
  problems_why_terms: { fr: 'mots communs : {terms}', en: 'shared words: {terms}' },
} as const;

/**
 * The topics of `guichet --help`, in both languages (package.json's `oclif.topics` holds the English
 * ones for tools that read it, such as completion).
 */
export const TOPICS = {
  tickets: {
    fr: 'Tickets : lister, voir, ouvrir, modifier, commenter et faire avancer (approuver, assigner…)',
    en: 'Tickets: list, show, open, edit, comment on and move along (approve, assign…)',
  },
  'tickets:attachment': {
    fr: 'Les pièces jointes des tickets : télécharger',
    en: 'Ticket attachments: download',
  },
  'tickets:provider-ref': {
    fr: 'Tickets ouverts chez un prestataire externe (escalade)',
    en: 'Tickets opened at an external provider (escalation)',
  },
  catalog: {
    fr: 'Le catalogue comme du code : appliquer ou exporter un fichier YAML',
    en: 'The catalogue as code: apply or export a YAML file',
  },
  services: {
    fr: 'Les services et leurs chaînes de responsabilité',
    en: 'Services and their responsibility chains',
  },
  teams: { fr: 'Les équipes et leurs techniciens', en: 'Teams and their technicians' },
  people: { fr: 'Les personnes et leurs profils', en: 'People and their profiles' },
  tokens: { fr: 'Les jetons d’API : créer, lister, révoquer', en: 'API tokens: create, list, revoke' },
  db: {
    fr: 'Administration locale de la base : migrations, sauvegarde, restauration',
    en: 'Local database administration: migrations, backup, restore',
  },
  mail: {
    fr: 'Le courriel entrant : remettre un message à la passerelle (tube Postfix), expliquer une décision',
    en: 'Inbound mail: hand a message to the gateway (Postfix pipe), explain a decision',
  },
  problems: {
    fr: 'Les problèmes : leur analyse, les incidents rattachés, les résoudre d’un coup, les rattachements suggérés',
    en: 'Problems: their analysis, linked incidents, resolving them all at once, suggested links',
  },
  kb: {
    fr: 'La base de connaissances : chercher, suggérer, lire, écrire, relire, publier, voter ; en fichiers Markdown (export, apply)',
    en: 'The knowledge base: search, suggest, read, write, review, publish, vote; as Markdown files (export, apply)',
  },
  'kb:tags': {
    fr: 'Le vocabulaire des étiquettes et leurs synonymes',
    en: 'The tag vocabulary and its synonyms',
  },
  server: { fr: 'Lancer le serveur Guichet sur cette machine', en: 'Run the Guichet server on this machine' },
  subscriptions: {
    fr: 'Les services que vous suivez : leurs informations envoyées avec --notify vous arrivent par courriel',
    en: 'The services you follow: their announcements sent with --notify come to you by mail',
  },
  announce: {
    fr: 'Les informations sur les services (incidents, maintenances) : publier, faire le point, résoudre, lister',
    en: 'Announcements about the services (incidents, maintenance): publish, update, resolve, list',
  },
} as const;

/** The exit codes (lib/errors.ts EXIT), as `guichet --help` and the README list them. */
export const EXIT_CODES = {
  title: { fr: 'CODES DE SORTIE', en: 'EXIT CODES' },
  0: { fr: 'succès', en: 'success' },
  1: {
    fr: 'erreur (refus du serveur, fichier incorrect, bogue)',
    en: 'error (refused by the server, bad file, bug)',
  },
  2: {
    fr: 'catalog apply, kb apply --dry-run : des changements sont à faire (db status : migrations en attente)',
    en: 'catalog apply, kb apply --dry-run: there are changes to make (db status: pending migrations)',
  },
  3: {
    fr: 'ligne de commande incorrecte : commande ou option inconnue, option ou argument manquant ou invalide',
    en: 'usage error: unknown command or option, missing or invalid option or argument',
  },
  4: { fr: 'non connecté, ou jeton refusé par le serveur', en: 'not signed in, or the token is refused' },
  130: {
    fr: 'interrompu (Ctrl-C), ou confirmation refusée',
    en: 'interrupted (Ctrl-C), or a confirmation answered no',
  },
} as const;

export type MessageKey = keyof typeof MESSAGES;

let profileLanguage: 'fr' | 'en' | undefined;

/**
 * The language of the signed-in person, as the server keeps it (stored with the profile at login):
 * it wins over the machine's locale, GUICHET_LANG wins over it.
 */
export function setProfileLanguage(language: string | undefined): void {
  profileLanguage = language === 'fr' || language === 'en' ? language : undefined;
}

/** GUICHET_LANG, else the profile's language, else LC_ALL, LC_MESSAGES or LANG; French by default. */
export function cliLanguage(env: NodeJS.ProcessEnv = process.env): 'fr' | 'en' {
  const wanted = env.GUICHET_LANG || profileLanguage || env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return wanted.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[key][cliLanguage()].replace(/\{(\w+)\}/g, (_m, name: string) =>
    String(params[name] ?? `{${name}}`),
  );
}

/**
 * Headings of the human output (table columns, the ticket's labels), French and English; a Column's
 * header must be one of these keys. CSV keeps the English headings: scripts read them, whatever the
 * reader's language.
 */
export const HEADINGS = {
  REF: { fr: 'RÉF', en: 'REF' },
  STATUS: { fr: 'STATUT', en: 'STATUS' },
  PRIORITY: { fr: 'PRIORITÉ', en: 'PRIORITY' },
  SERVICE: { fr: 'SERVICE', en: 'SERVICE' },
  AGENT: { fr: 'TECHNICIEN', en: 'AGENT' },
  UPDATED: { fr: 'MODIFIÉ', en: 'UPDATED' },
  TITLE: { fr: 'TITRE', en: 'TITLE' },
  CODE: { fr: 'CODE', en: 'CODE' },
  APPROVAL: { fr: 'APPROBATION', en: 'APPROVAL' },
  TEAM: { fr: 'ÉQUIPE', en: 'TEAM' },
  MODERATORS: { fr: 'MODÉRATEURS', en: 'MODERATORS' },
  NAME: { fr: 'NOM', en: 'NAME' },
  ESTABLISHMENT: { fr: 'ÉTABLISSEMENT', en: 'ESTABLISHMENT' },
  MEMBERS: { fr: 'MEMBRES', en: 'MEMBERS' },
  EMAIL: { fr: 'COURRIEL', en: 'EMAIL' },
  PROFILES: { fr: 'PROFILS', en: 'PROFILES' },
  PROFILE: { fr: 'PROFIL', en: 'PROFILE' },
  USER: { fr: 'UTILISATEUR', en: 'USER' },
  URL: { fr: 'URL', en: 'URL' },
  TOKEN: { fr: 'JETON', en: 'TOKEN' },
  WHEN: { fr: 'QUAND', en: 'WHEN' },
  WHO: { fr: 'QUI', en: 'WHO' },
  VISIBILITY: { fr: 'VISIBILITÉ', en: 'VISIBILITY' },
  EVENT: { fr: 'ÉVÈNEMENT', en: 'EVENT' },
  DETAIL: { fr: 'DÉTAIL', en: 'DETAIL' },
  INTERNAL: { fr: 'INTERNE', en: 'INTERNAL' },
  ID: { fr: 'ID', en: 'ID' },
  PREFIX: { fr: 'PRÉFIXE', en: 'PREFIX' },
  SCOPES: { fr: 'DROITS', en: 'SCOPES' },
  CREATED: { fr: 'CRÉÉ', en: 'CREATED' },
  EXPIRES: { fr: 'EXPIRE', en: 'EXPIRES' },
  'LAST USED': { fr: 'DERNIER USAGE', en: 'LAST USED' },
  REVOKED: { fr: 'RÉVOQUÉ', en: 'REVOKED' },
  Ticket: { fr: 'Ticket', en: 'Ticket' },
  Status: { fr: 'Statut', en: 'Status' },
  Priority: { fr: 'Priorité', en: 'Priority' },
  Type: { fr: 'Type', en: 'Type' },
  Service: { fr: 'Service', en: 'Service' },
  Requester: { fr: 'Demandeur', en: 'Requester' },
  Team: { fr: 'Équipe', en: 'Team' },
  Agent: { fr: 'Technicien', en: 'Agent' },
  Solution: { fr: 'Solution', en: 'Solution' },
  'Provider refs': { fr: 'Réf. prestataire', en: 'Provider refs' },
  Created: { fr: 'Créé', en: 'Created' },
  Updated: { fr: 'Modifié', en: 'Updated' },
  Actions: { fr: 'Actions', en: 'Actions' },
  until: { fr: 'jusqu’au', en: 'until' },
  impact: { fr: 'impact', en: 'impact' },
  urgency: { fr: 'urgence', en: 'urgency' },
  version: { fr: 'version', en: 'version' },
  on: { fr: 'sur', en: 'on' },
  profile: { fr: 'profil', en: 'profile' },
  profiles: { fr: 'profils', en: 'profiles' },
  yes: { fr: 'oui', en: 'yes' },
  no: { fr: 'non', en: 'no' },
  '': { fr: '', en: '' },
  WHAT: { fr: 'QUOI', en: 'WHAT' },
  History: { fr: 'Historique', en: 'History' },
  Description: { fr: 'Description', en: 'Description' },
  LABEL: { fr: 'LIBELLÉ', en: 'LABEL' },
  SYNONYMS: { fr: 'SYNONYMES', en: 'SYNONYMS' },
  WHY: { fr: 'POURQUOI', en: 'WHY' },
  'Requester’s answer': { fr: 'Réponse du demandeur', en: 'Requester’s answer' },
  Pending: { fr: 'Attente', en: 'Pending' },
  'Linked problem': { fr: 'Problème lié', en: 'Linked problem' },
  Establishment: { fr: 'Établissement', en: 'Establishment' },
  Channel: { fr: 'Canal', en: 'Channel' },
  KIND: { fr: 'GENRE', en: 'KIND' },
  TO: { fr: 'À', en: 'TO' },
  TICKET: { fr: 'TICKET', en: 'TICKET' },
  TRIES: { fr: 'ESSAIS', en: 'TRIES' },
  NEXT: { fr: 'PROCHAIN', en: 'NEXT' },
  'LAST ERROR': { fr: 'DERNIÈRE ERREUR', en: 'LAST ERROR' },
  TYPE: { fr: 'TYPE', en: 'TYPE' },
  SEQ: { fr: 'SÉQ', en: 'SEQ' },
  HTTP: { fr: 'HTTP', en: 'HTTP' },
  ACTIVE: { fr: 'ACTIF', en: 'ACTIVE' },
  EVENTS: { fr: 'ÉVÈNEMENTS', en: 'EVENTS' },
  SERVICES: { fr: 'SERVICES', en: 'SERVICES' },
  'DISABLED BECAUSE': { fr: 'DÉSACTIVÉ CAR', en: 'DISABLED BECAUSE' },
  DELIVERY: { fr: 'ENVOI', en: 'DELIVERY' },
  LANGUAGE: { fr: 'LANGUE', en: 'LANGUAGE' },
  AUDIENCE: { fr: 'PUBLIC', en: 'AUDIENCE' },
  REVISION: { fr: 'RÉVISION', en: 'REVISION' },
  ACTION: { fr: 'ACTION', en: 'ACTION' },
  AUTHOR: { fr: 'AUTEUR', en: 'AUTHOR' },
  CHANGES: { fr: 'CHANGEMENTS', en: 'CHANGES' },
  Article: { fr: 'Article', en: 'Article' },
  Kind: { fr: 'Genre', en: 'Kind' },
  Language: { fr: 'Langue', en: 'Language' },
  Audience: { fr: 'Public', en: 'Audience' },
  Services: { fr: 'Services', en: 'Services' },
  Tags: { fr: 'Étiquettes', en: 'Tags' },
  Owner: { fr: 'Responsable', en: 'Owner' },
  Revision: { fr: 'Révision', en: 'Revision' },
  Votes: { fr: 'Votes', en: 'Votes' },
  Summary: { fr: 'Résumé', en: 'Summary' },
  Symptom: { fr: 'Symptôme', en: 'Symptom' },
  Cause: { fr: 'Cause', en: 'Cause' },
  Workaround: { fr: 'Contournement', en: 'Workaround' },
  Published: { fr: 'Publié', en: 'Published' },
  // Attachments: one block.
  FILE: { fr: 'FICHIER', en: 'FILE' },
  SIZE: { fr: 'TAILLE', en: 'SIZE' },
  CONTENT_TYPE: { fr: 'TYPE', en: 'TYPE' },
  Attachments: { fr: 'Pièces jointes', en: 'Attachments' },
  // Service levels (guichet sla show).
  CLOCK: { fr: 'HORLOGE', en: 'CLOCK' },
  STATE: { fr: 'ÉTAT', en: 'STATE' },
  ELAPSED: { fr: 'ÉCOULÉ', en: 'ELAPSED' },
  TARGET: { fr: 'CIBLE', en: 'TARGET' },
  LEFT: { fr: 'RESTE', en: 'LEFT' },
  DUE: { fr: 'ÉCHÉANCE', en: 'DUE' },
  BREACHED: { fr: 'DÉPASSÉ', en: 'BREACHED' },
  'First response': { fr: 'Première réponse', en: 'First response' },
  Resolution: { fr: 'Résolution', en: 'Resolution' },
  Calendar: { fr: 'calendrier', en: 'calendar' },
  'No target': { fr: 'aucun engagement de service ne s’applique', en: 'no service-level target applies' },
  SLA: { fr: 'SLA', en: 'SLA' },
  // Problems
  Problem: { fr: 'Problème', en: 'Problem' },
  Incidents: { fr: 'Incidents', en: 'Incidents' },
  'Known error': { fr: 'Erreur connue', en: 'Known error' },
  'Root cause': { fr: 'Cause racine', en: 'Root cause' },
  Resolved: { fr: 'Résolu', en: 'Resolved' },
  OUTCOME: { fr: 'RÉSULTAT', en: 'OUTCOME' },
  SCORE: { fr: 'SCORE', en: 'SCORE' },
  // Announcements (guichet announce): one block.
  SEVERITY: { fr: 'GRAVITÉ', en: 'SEVERITY' },
  STARTS: { fr: 'DÉBUT', en: 'STARTS' },
  Announcement: { fr: 'Information', en: 'Announcement' },
  Severity: { fr: 'Gravité', en: 'Severity' },
  State: { fr: 'État', en: 'State' },
  Period: { fr: 'Période', en: 'Period' },
  Establishments: { fr: 'Établissements', en: 'Establishments' },
  Updates: { fr: 'Points d’étape', en: 'Updates' },
} as const;

export type HeadingKey = keyof typeof HEADINGS;

export function heading(key: HeadingKey): string {
  return HEADINGS[key][cliLanguage()];
}

/**
 * The columns of the reports (GET /v1/reports/{name}: grouping dimensions, then figures) as table
 * headings; a column this CLI does not know yet (a newer server) is shown by its name.
 */
export const REPORT_COLUMNS: Record<string, { fr: string; en: string }> = {
  day: { fr: 'JOUR', en: 'DAY' },
  service: { fr: 'SERVICE', en: 'SERVICE' },
  subService: { fr: 'SOUS-SERVICE', en: 'SUB-SERVICE' },
  type: { fr: 'TYPE', en: 'TYPE' },
  establishment: { fr: 'ÉTABLISSEMENT', en: 'ESTABLISHMENT' },
  team: { fr: 'ÉQUIPE', en: 'TEAM' },
  channel: { fr: 'CANAL', en: 'CHANNEL' },
  priority: { fr: 'PRIORITÉ', en: 'PRIORITY' },
  provider: { fr: 'PRESTATAIRE', en: 'PROVIDER' },
  affiliation: { fr: 'RATTACHEMENT', en: 'AFFILIATION' },
  created: { fr: 'CRÉÉS', en: 'CREATED' },
  resolved: { fr: 'RÉSOLUS', en: 'RESOLVED' },
  closed: { fr: 'CLOS', en: 'CLOSED' },
  reopened: { fr: 'ROUVERTS', en: 'REOPENED' },
  rejected: { fr: 'REJETÉS', en: 'REJECTED' },
  escalated: { fr: 'ESCALADÉS', en: 'ESCALATED' },
  backlog: { fr: 'EN COURS', en: 'BACKLOG' },
  ageUnder1Day: { fr: '< 1 J', en: '< 1 D' },
  age1To7Days: { fr: '1–7 J', en: '1–7 D' },
  age7To30Days: { fr: '7–30 J', en: '7–30 D' },
  ageOver30Days: { fr: '≥ 30 J', en: '≥ 30 D' },
  firstResponseMedianMinutes: { fr: '1RE RÉPONSE MÉD. (MIN)', en: 'FIRST RESPONSE MEDIAN (MIN)' },
  firstResponseP90Minutes: { fr: '1RE RÉPONSE P90 (MIN)', en: 'FIRST RESPONSE P90 (MIN)' },
  resolutionMedianMinutes: { fr: 'RÉSOLUTION MÉD. (MIN)', en: 'RESOLUTION MEDIAN (MIN)' },
  resolutionP90Minutes: { fr: 'RÉSOLUTION P90 (MIN)', en: 'RESOLUTION P90 (MIN)' },
  firstResponseCompliancePercent: { fr: '1RE RÉPONSE DANS LES TEMPS %', en: 'FIRST RESPONSE ON TIME %' },
  resolutionCompliancePercent: { fr: 'RÉSOLUTION DANS LES TEMPS %', en: 'RESOLUTION ON TIME %' },
  reopenRatePercent: { fr: 'TAUX RÉOUVERTURE %', en: 'REOPEN RATE %' },
  approvalRejections: { fr: 'APPROBATIONS REFUSÉES', en: 'APPROVAL REJECTIONS' },
  pendingTickets: { fr: 'MIS EN ATTENTE', en: 'PENDING TICKETS' },
  pendingMedianMinutes: { fr: 'ATTENTE MÉD. (MIN)', en: 'PENDING MEDIAN (MIN)' },
  escalations: { fr: 'ESCALADES', en: 'ESCALATIONS' },
  open: { fr: 'OUVERTES', en: 'OPEN' },
  durationMedianMinutes: { fr: 'DURÉE MÉD. (MIN)', en: 'DURATION MEDIAN (MIN)' },
  durationP90Minutes: { fr: 'DURÉE P90 (MIN)', en: 'DURATION P90 (MIN)' },
  suggestions: { fr: 'SUGGESTIONS', en: 'SUGGESTIONS' },
  deflections: { fr: 'ÉVITÉS', en: 'DEFLECTIONS' },
  articlesUsed: { fr: 'ARTICLES UTILISÉS', en: 'ARTICLES USED' },
  votes: { fr: 'VOTES', en: 'VOTES' },
};

/** A report column's heading in the reader's language, else its name. */
export function reportHeading(column: string): string {
  return REPORT_COLUMNS[column]?.[cliLanguage()] ?? column;
}
