import {
  ANNOUNCEMENT_MESSAGES_EN,
  ANNOUNCEMENT_MESSAGES_FR,
} from '../announcements/announcement.messages.ts';

/**
 * Everything a requester or agent reads at run time, in French (default) and English.
 * Keys are stable; `{name}` placeholders are filled from params.
 */
export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type Catalogue = Record<string, string>;

const fr: Catalogue = {
  'title.NOT_FOUND': 'Introuvable',
  'title.TICKET_NOT_FOUND': 'Ticket introuvable',
  'title.INVALID_TRANSITION': 'Action impossible dans cet état',
  'title.VALIDATION_FAILED': 'Données invalides',
  'title.CONFLICT': 'Modification concurrente',
  'title.DUPLICATE': 'Existe déjà',
  'title.FORBIDDEN': 'Action non autorisée',
  'title.UNAUTHENTICATED': 'Authentification requise',
  'title.PRECONDITION_FAILED': 'Version périmée',
  'title.INTERNAL': 'Erreur interne',
  'title.RATE_LIMITED': 'Trop de requêtes',
  'title.PAYLOAD_TOO_LARGE': 'Requête trop volumineuse',
  'explain.VALIDATION_FAILED':
    'Les données envoyées sont invalides (y compris un JSON mal formé ou un champ inconnu) : « errors » nomme chaque champ et dit ce qui ne va pas.',
  'explain.UNAUTHENTICATED':
    'Aucun jeton, ou un jeton inconnu, expiré ou révoqué : envoyez « Authorization: Bearer <jeton> » avec un jeton valide.',
  'explain.FORBIDDEN':
    'Le jeton n’a pas la portée nécessaire (règle scope_missing), ou le profil de la personne ne permet pas l’action (role_not_allowed).',
  'explain.NOT_FOUND':
    'Rien à cette adresse, ou l’objet nommé (service, personne, jeton, article…) n’existe pas ; un article que l’appelant ne peut pas lire répond de la même façon.',
  'explain.TICKET_NOT_FOUND':
    'Ce ticket n’existe pas, ou l’appelant ne peut pas le voir (les deux cas répondent de la même façon).',
  'explain.INVALID_TRANSITION':
    'L’action n’est pas possible dans l’état du ticket (action_not_allowed_in_status), ou le ticket est clos ou rejeté (ticket_is_final) : relisez ses « actions ».',
  'explain.CONFLICT':
    'Quelqu’un a modifié le ticket ou l’article en même temps (concurrent_update, article_concurrent_update) : rechargez-le, puis recommencez.',
  'explain.DUPLICATE': 'La valeur existe déjà (un code, une adresse) : choisissez-en une autre.',
  'explain.PRECONDITION_FAILED':
    'If-Match ne nomme pas l’ETag actuel du ticket ou de l’article (stale_version, article_stale_version) : rechargez-le, puis recommencez.',
  'explain.PAYLOAD_TOO_LARGE': 'Le corps de la requête dépasse 1 Mio.',
  'explain.RATE_LIMITED':
    'Trop de requêtes avec ce jeton cette minute : attendez le délai des en-têtes RateLimit et Retry-After.',
  'explain.UNAVAILABLE':
    'La base de données est injoignable ou trop lente : rien n’a été fait ; réessayez après le délai donné par Retry-After.',
  'explain.UNSUPPORTED_MEDIA_TYPE':
    'Le corps n’est pas du type attendu : envoyez du JSON avec « Content-Type: application/json ».',
  'explain.METHOD_NOT_ALLOWED': 'Cette adresse n’accepte pas cette méthode HTTP.',
  'explain.BAD_REQUEST': 'La requête HTTP est mal formée.',
  'explain.INTERNAL':
    'Erreur inattendue du serveur : elle est journalisée sous le « requestId » de la réponse, à donner à l’équipe d’exploitation.',
  'api.payload_too_large': 'Le corps de la requête dépasse {limit} octets',
  'api.idempotency_key_invalid': 'Idempotency-Key doit faire 1 à 255 caractères ASCII visibles',
  'api.idempotency_mismatch': 'Cette Idempotency-Key a déjà servi pour une autre requête',
  'api.idempotency_secret_withheld':
    'Cette requête a déjà été traitée, mais sa réponse contenait un secret affiché une seule fois : révoquez ce jeton et créez-en un autre',
  'api.auth_failures':
    'Plus de {limit} échecs d’authentification en une minute depuis cette adresse : réessayez plus tard',
  'api.unsupported_media_type':
    'Type de contenu « {type} » non pris en charge : envoyez « Content-Type: application/json »',
  'title.UNSUPPORTED_MEDIA_TYPE': 'Type de contenu non pris en charge',
  'title.METHOD_NOT_ALLOWED': 'Méthode non autorisée',
  'title.BAD_REQUEST': 'Requête invalide',
  'api.rate_limited': 'Plus de {limit} requêtes par minute avec ce jeton : réessayez dans un moment',
  'api.unauthenticated':
    'Jeton absent, inconnu, expiré ou révoqué : envoyez « Authorization: Bearer <jeton> »',
  'api.scope_missing': 'Ce jeton n’a pas la portée « {scope} »',
  'api.precondition_failed':
    'If-Match {given} ne correspond pas à la version actuelle {current} : rechargez le ticket',
  'api.article_precondition_failed':
    'If-Match {given} ne correspond pas à la version actuelle {current} : rechargez l’article',
  'api.internal': 'Erreur inattendue ; elle a été journalisée sous l’identifiant {requestId}',
  'api.not_found': 'Aucune ressource à cette adresse',
  'api.invalid_json': 'Le corps de la requête n’est pas du JSON valide',
  'error.NOT_FOUND': '{entity:entity} « {key} » n’existe pas, ou ne vous est pas visible',
  'error.TICKET_NOT_FOUND': 'Le ticket {reference} n’existe pas, ou ne vous est pas visible',
  'error.INVALID_TRANSITION': 'Cette action n’est pas possible dans l’état actuel du ticket',
  'error.VALIDATION_FAILED': 'Certaines données sont invalides',
  'error.CONFLICT': 'Le ticket a été modifié entre-temps ; rechargez-le puis recommencez',
  'error.FORBIDDEN': 'Vous n’avez pas le droit de faire cela',
  'error.DUPLICATE': '{entity:entity} « {key} » existe déjà',
  'error.UNAVAILABLE': 'La base de données ne répond pas pour le moment ; réessayez dans quelques secondes',
  'title.UNAVAILABLE': 'Service momentanément indisponible',
  'rule.ticket_is_final':
    'Le ticket est {status:status} : son état ne peut plus changer ({action:action} refusé)',
  'rule.action_not_allowed_in_status': 'Impossible de {action:action} un ticket {status:status}',
  'rule.role_not_allowed': 'Votre profil ne permet pas de {action:action} ce ticket',
  'rule.reports_staff_only':
    'Les rapports sont réservés aux modérateurs, techniciens et administrateurs fonctionnels',
  'rule.invalid_input': 'Impossible de {action:action} ce ticket',
  'rule.stale_version':
    'Le ticket a été modifié entre-temps (version {expected} attendue, {actual} actuelle)',
  'rule.concurrent_update': 'Le ticket a été modifié en même temps par quelqu’un d’autre ; rechargez-le',
  'rule.invalid_value': 'Certaines données sont invalides',
  'rule.unique_violation': 'Cette valeur existe déjà',
  'rule.foreign_key_violation': 'Référence vers un objet inexistant',
  'rule.not_a_staff_action': 'Seul le personnel du service peut faire cela',
  'rule.restore_not_empty':
    'La base contient déjà des personnes ou des tickets : restaurez dans une base vide, ou forcez le remplacement (--force)',
  'rule.person_inactive': 'Ce compte est désactivé dans Guichet',
  'rule.act_as_not_allowed':
    'Impossible en agissant pour quelqu’un d’autre (Guichet-Act-As) : connectez-vous avec votre propre compte',
  'rule.admin_scope_required':
    'Cette opération d’administration demande un jeton avec la portée « admin » (les sessions ordinaires ne l’ont pas)',
  'rule.functional_admin_only': 'Seul un administrateur technico-fonctionnel peut modifier le catalogue',
  'rule.technical_admin_only':
    'Seul un administrateur technique peut faire cela (profil administrateur technique, identités, comptes des administrateurs techniques)',
  'rule.last_technical_admin':
    'Impossible de retirer le dernier administrateur technique actif : nommez-en un autre d’abord',
  'rule.act_as_staff':
    'Un portail ne peut agir que pour des demandeurs : le personnel et les administrateurs se connectent eux-mêmes',
  'rule.identity_linked_elsewhere':
    'Cette adresse appartient à un compte Guichet déjà relié à une autre identité : demandez à un administrateur technique',
  'rule.identity_not_vouched':
    'Votre fournisseur d’identité ne garantit pas l’adresse {email} (adresse non vérifiée ou hors de ses domaines) : connexion refusée',
  'rule.token_scope_not_allowed':
    'Vous ne pouvez pas créer ce jeton : « admin » est réservé aux administrateurs pour eux-mêmes, les autres portées et les jetons pour autrui aux administrateurs techniques',
  'rule.too_many_tokens': 'Vous avez déjà {limit} jetons valides : révoquez-en avant d’en créer',
  'field.invalid_item': 'élément invalide',
  'field.nul_character': '« {field} » contient un caractère nul (U+0000), interdit',
  'field.required': '« {field} » est obligatoire',
  'field.agent_not_in_team': 'l’agent choisi n’est pas technicien de cette équipe',
  'field.must_be_future': '« {field} » doit être une date future',
  'field.not_a_sub_service': 'ce sous-service n’appartient pas au service choisi',
  'field.not_editable_by_requester': '« {field} » ne peut être modifié que par le personnel',
  'field.unknown_reference': 'référence prestataire inconnue sur ce ticket',
  'field.invalid': '« {field} » est invalide ({reason})',
  'field.unrecognized': '« {field} » n’est pas un champ connu',
  'field.unknown': '« {field} » : valeur inconnue « {value} »',
  'field.retired_service': 'le service « {value} » est retiré du catalogue',
  'field.inactive_person': 'la personne « {value} » est désactivée',
  'field.not_a_moderator': 'seul un modérateur peut créer un ticket pour quelqu’un d’autre',
  'field.scope_mismatch': '« {field} » ne convient pas au profil {profile}',
  'field.time_format': '« {field} » doit être une heure HH:MM (00:00 à 24:00)',
  'field.date_format': '« {field} » doit être une date AAAA-MM-JJ',
  'field.time_zone': '« {field} » n’est pas un fuseau horaire connu (par exemple Europe/Paris)',
  'field.interval_order': '« {field} » : la fin doit venir après le début',
  'field.intervals_overlap': '« {field} » : des plages horaires se chevauchent',
  'field.already_used': '« {field} » : « {value} » appartient déjà à « {by} »',
  'detail.with_fields': '{head} : {fields}',
  'entity.service': 'Le service',
  'entity.person': 'La personne',
  'entity.token': 'Le jeton',
  'entity.team': 'L’équipe',
  'entity.establishment': 'L’établissement',
  'entity.provider': 'Le prestataire',
  'entity.routing_rule': 'La règle de routage',
  'entity.profile_grant': 'Le profil',
  'entity.api_token': 'Le jeton',
  'entity.ticket': 'Le ticket',
  'field.not_an_event_id': '« {field} » n’est pas l’identifiant d’un évènement reçu de /v1/events',
  'field.not_a_cursor': '« {field} » n’est pas un curseur de page précédente (pour ce tri)',
  'field.not_a_backup': 'ce fichier n’est pas une sauvegarde Guichet',
  'field.backup_format': 'format de sauvegarde inconnu : {format}',
  'field.backup_schema':
    'la sauvegarde a été faite sur une autre version du schéma (inconnues ici : {unknown} ; absentes de la sauvegarde : {absent}) : restaurez-la avec la version de Guichet qui l’a faite, puis mettez à jour',
  'field.backup_line': 'ligne inattendue dans la sauvegarde : {line}',
  'field.backup_table': 'la table {table} de la sauvegarde ne correspond pas à celle de la base',
  'field.backup_cut': 'la sauvegarde s’arrête au milieu de la table {table}',
  'status.pending_approval': 'en attente d’approbation',
  'status.new': 'nouveau',
  'status.assigned': 'assigné',
  'status.pending': 'en attente',
  'status.resolved': 'résolu',
  'status.closed': 'clos',
  'status.rejected': 'rejeté',
  'action.approve': 'approuver',
  'action.reject': 'rejeter',
  'action.assign': 'assigner',
  'action.reassign': 'réassigner',
  'action.pend': 'mettre en attente',
  'action.request_info': 'demander des informations sur',
  'action.resume': 'reprendre',
  'action.resolve': 'résoudre',
  'action.reopen': 'rouvrir',
  'action.close': 'clore',
  'action.reply': 'répondre à',
  'action.note': 'annoter',
  'action.edit': 'modifier',
  'action.provider_escalate': 'transmettre au prestataire',
  'action.provider_update': 'mettre à jour la référence prestataire de',
  'startup.data_dir_not_empty':
    'Le dossier de données {dataDir} n’est pas vide et ne contient pas de base PostgreSQL : indiquez un dossier vide ou nouveau avec GUICHET_DATA_DIR (ou une base PostgreSQL avec DATABASE_URL)',
  'startup.data_dir_unreachable':
    'La base embarquée tourne sous l’utilisateur « {user} », qui ne peut pas atteindre {dataDir} ({blocked} lui est fermé) : indiquez avec GUICHET_DATA_DIR un dossier qu’il peut atteindre, ou ouvrez-lui {blocked} (chmod o+x)',
  'startup.no_cluster':
    'Aucune base Guichet dans {dataDir} : démarrez d’abord le serveur (npm start), qui la crée, ou indiquez le dossier de données du serveur avec GUICHET_DATA_DIR (ou sa base avec DATABASE_URL)',
  'startup.not_a_guichet_cluster':
    '{dataDir} contient une base PostgreSQL que Guichet n’a pas créée : indiquez le dossier de données de Guichet avec GUICHET_DATA_DIR, ou utilisez ce serveur par DATABASE_URL',
  'startup.embedded_start_failed':
    'La base embarquée de {dataDir} n’a pas démarré : {reason} (journal : {log})',
  'startup.database_unreachable':
    'Impossible d’utiliser PostgreSQL à {target} : {reason} ; vérifiez DATABASE_URL et que ce serveur est démarré',
  'startup.invalid_env': 'Configuration invalide : {problems}',
  'startup.cannot_listen':
    'Impossible d’écouter sur {host}:{port} ({reason}) : choisissez un port libre avec PORT, une adresse de cette machine avec HOST',
  'notify.rejected.subject': '[{reference}] Votre demande a été refusée',
  'notify.rejected.body': 'Votre demande « {title} » a été refusée. Motif : {reason}',
  'notify.info_requested.subject': '[{reference}] Des informations vous sont demandées',
  'notify.info_requested.body': 'Pour traiter « {title} », nous avons besoin de précisions : {question}',
  'notify.resolved.subject': '[{reference}] Votre ticket est résolu',
  'notify.resolved.body': 'Votre ticket « {title} » est résolu. Solution : {solution}',
  'notify.closed.subject': '[{reference}] Votre ticket est clos',
  'notify.closed.body': 'Votre ticket « {title} » est clos. Merci de votre signalement.',
  'notify.replied.subject': '[{reference}] Nouvelle réponse sur votre ticket',
  'notify.replied.body': 'Une réponse a été ajoutée à « {title} » : {body}',
  'notify.portal_link': 'Suivre votre ticket : {url}',
  'notify.created.subject': '[{reference}] Votre demande est enregistrée',
  'notify.created.body':
    'Votre demande « {title} » est enregistrée sous la référence {reference}. Répondez à ce message pour la compléter.',
  'notify.approval_requested.subject': '[{reference}] Une demande attend votre approbation',
  'notify.approval_requested.body': 'La demande « {title} » de {requester} attend votre approbation.',
  'notify.approved.subject': '[{reference}] Votre demande est approuvée',
  'notify.approved.body': 'Votre demande « {title} » est approuvée ; elle va être traitée. {comment}',
  'notify.assigned.subject': '[{reference}] Un ticket vous est attribué',
  'notify.assigned.body': 'Le ticket « {title} » vous est attribué.',
  'notify.woken.subject': '[{reference}] Un ticket en attente reprend',
  'notify.woken.body': "L'attente du ticket « {title} » est terminée : il vous revient.",
  'notify.requester_replied.subject': '[{reference}] Le demandeur a répondu',
  'notify.requester_replied.body': '{requester} a répondu sur « {title} » : {body}',
  'notify.provider_escalated.subject': '[{provider} #{externalId}] {title}',
  'notify.provider_escalated.body':
    'Bonjour,\n\nLe ticket {reference} du Guichet INSA (« {title} ») est lié à votre ticket #{externalId}. Répondez à ce message en gardant les deux numéros dans l’objet.\n\nDemande :\n{description}',
  'notify.sla_warning.subject': '[{reference}] Échéance proche : {clock}',
  'notify.sla_warning.body':
    'Le ticket « {title} » ({service}) approche de son engagement de service ({clock}) : échéance le {dueAt}.',
  'notify.sla_breached.subject': '[{reference}] Engagement dépassé : {clock}',
  'notify.sla_breached.body':
    'Le ticket « {title} » ({service}) a dépassé son engagement de service ({clock}) le {dueAt}.',
  'notify.sla.first_response': 'première réponse',
  'notify.sla.resolution': 'résolution',
  'notify.queued.subject': '[{reference}] Nouveau ticket dans votre file',
  'notify.queued.body': 'Le ticket « {title} » attend une prise en charge dans la file de {service}.',
  'notify.digest.subject': 'Guichet : votre résumé ({count} notifications)',
  'notify.digest.body': 'Voici ce qui s’est passé depuis votre dernier résumé :',
  'notify.no_service': 'aucun service',
  // Mail outbox
  'rule.notification_not_found': 'La notification « {id} » n’existe pas',
  'rule.notification_not_failed':
    'Seule une notification en échec peut être renvoyée (celle-ci est {status})',
  'rule.smtp_not_configured':
    'Aucun serveur SMTP n’est configuré (GUICHET_SMTP_URL) : les notifications attendent dans la file',
  'rule.smtp_refused': 'Le serveur SMTP a refusé le message : {error}',
  'field.not_an_email': '« {field} » n’est pas une adresse électronique : « {value} »',
  'mail.test.subject': 'Guichet : message de test',
  'mail.test.body': 'Ce message vérifie l’envoi des notifications de Guichet (expéditeur : {from}).',
  // Inbound mail gateway (mail/inbound)
  'rule.inbound_not_found': 'Aucun courriel reçu « {messageId} » (ou il ne relève pas de vos boîtes)',
  'rule.inbound_not_allowed':
    'Les courriels reçus sont visibles des administrateurs et des modérateurs (ceux des boîtes de leurs services)',
  'inbound.empty_body': '(courriel sans texte)',
  'inbound.no_subject': '(sans objet)',
  'inbound.followup_of': 'Suite du ticket clos {reference}.',
  'inbound.refusal.subject': 'Votre courriel à {mailbox} n’a pas été enregistré',
  'inbound.refusal.body':
    'Bonjour,\n\nVotre courriel « {subject} » à {mailbox} n’a pas pu être enregistré : votre adresse n’est pas celle d’une personne connue du service. Écrivez depuis l’adresse de votre établissement, ou passez par le portail.\n\nCe message est automatique ; vous n’en recevrez pas d’autre aujourd’hui.',
  'inbound.reason.message_too_large': 'message trop volumineux ({size} octets, limite {limit})',
  'inbound.reason.message_unparseable': 'message illisible (MIME invalide)',
  'inbound.reason.message_no_sender': 'aucune adresse d’expéditeur lisible (From)',
  'inbound.reason.message_no_message_id': 'pas de Message-ID : clé calculée sur le contenu',
  'inbound.reason.noise_auto_submitted': 'réponse automatique (Auto-Submitted: {value})',
  'inbound.reason.noise_autoreply_header': 'réponse automatique (en-tête {header})',
  'inbound.reason.noise_precedence': 'envoi en nombre ou automatique (Precedence: {value})',
  'inbound.reason.noise_auto_response_suppress': 'message automatique (X-Auto-Response-Suppress: {value})',
  'inbound.reason.noise_mailing_list': 'liste de diffusion (en-tête {header})',
  'inbound.reason.noise_auto_reply_subject': 'objet de réponse automatique (« {subject} »)',
  'inbound.reason.noise_bounce': 'avis de non-remise ({why})',
  'inbound.reason.noise_own_sender': 'envoyé par Guichet lui-même ({address})',
  'inbound.reason.noise_own_message_id': 'Message-ID de Guichet lui-même ({messageId})',
  'inbound.reason.noise_burst': 'rafale : plus de {count} courriels du même expéditeur en {minutes} minutes',
  'inbound.reason.mailbox_unknown': 'boîte {mailbox} inconnue ou désactivée',
  'inbound.reason.thread_header': 'en-tête {header} → {reference}',
  'inbound.reason.thread_subject': 'référence dans l’objet → {reference}',
  'inbound.reason.thread_provider': 'numéro {number} du prestataire {provider} dans l’objet → {reference}',
  'inbound.reason.thread_provider_ambiguous':
    'numéro {number} du prestataire {provider} sur plusieurs tickets (le plus récent : {reference})',
  'inbound.reason.thread_none': 'aucun ticket désigné : nouveau courriel',
  'inbound.reason.thread_closed_followup': 'le ticket {reference} est clos : nouveau ticket de suite',
  'inbound.reason.sender_requester': 'l’expéditeur ({sender}) est le demandeur',
  'inbound.reason.sender_staff': 'l’expéditeur ({sender}) intervient sur le ticket ({roles})',
  'inbound.reason.sender_not_participant':
    'l’expéditeur ({sender}) n’est pas partie prenante du ticket : retenu pour un modérateur',
  'inbound.reason.sender_known': 'expéditeur connu ({sender})',
  'inbound.reason.sender_inactive': 'l’expéditeur ({sender}) est désactivé',
  'inbound.reason.sender_new_requester': 'nouveau demandeur {sender} (domaine de {establishment})',
  'inbound.reason.sender_unknown': 'expéditeur inconnu ({sender})',
  'inbound.reason.policy_hold': 'la boîte {mailbox} retient les expéditeurs inconnus pour un modérateur',
  'inbound.reason.policy_refuse': 'la boîte {mailbox} refuse les expéditeurs inconnus',
  'inbound.reason.refusal_queued': 'réponse de refus envoyée à {address}',
  'inbound.reason.refusal_already_sent':
    'refus déjà envoyé à {address} aujourd’hui : pas de nouvelle réponse',
  'inbound.reason.action_refused': 'action refusée par le ticket ({code}) : retenu pour un modérateur',
  'inbound.reason.moderator_noted': 'ajouté au ticket en note interne par un modérateur',
  'inbound.reason.moderator_opened': 'ticket ouvert pour l’expéditeur par un modérateur',
  'inbound.reason.moderator_dismissed': 'écarté par un modérateur',
  'inbound.note_from': 'Courriel de {sender} (« {subject} ») :\n\n{body}',
  'rule.inbound_not_held': 'Ce courriel n’est plus en attente (il est « {decision} »)',
  'field.inbound_no_ticket':
    '« {field} » : ce courriel n’a été rattaché à aucun ticket (ouvrez-en un ou écartez-le)',
  'field.inbound_no_mailbox':
    '« {field} » : la boîte de ce courriel n’a pas de service (ou l’expéditeur est illisible)',
  'inbound.reason.duplicate_of': 'déjà reçu (décision : {decision})',
  // Knowledge base
  'rule.article_not_found': 'L’article « {reference} » n’existe pas, ou vous ne pouvez pas le lire',
  'rule.revision_not_found': 'Cet article n’a pas de révision {number}',
  'rule.article_action_not_allowed_in_status':
    'Impossible de {action:article_action} un article {status:article_status}',
  'rule.article_role_not_allowed':
    'Votre profil ne permet pas de {action:article_action} cet article (il faut traiter ou modérer son service)',
  'rule.article_was_published': 'Un article déjà publié ne se supprime pas : archivez-le',
  'rule.article_stale_version':
    'L’article a été modifié entre-temps (version {expected} attendue, {actual} actuelle)',
  'rule.article_concurrent_update':
    'L’article a été modifié en même temps par quelqu’un d’autre ; rechargez-le',
  'rule.sign_in_required': 'Connectez-vous pour faire cela',
  'rule.ticket_staff_only': 'Seul le personnel qui traite ce ticket peut en tirer un article',
  'rule.ticket_not_resolved':
    'Le ticket est {status:status} : un article s’écrit à partir d’un ticket résolu ou clos',
  'rule.tag_vocabulary_moderators_only':
    'Le vocabulaire des étiquettes est géré par les modérateurs et les administrateurs technico-fonctionnels',
  'rule.suggestion_not_found': 'Ces suggestions n’existent pas, ou ne vous ont pas été montrées',
  'field.known_error_only': '« {field} » n’existe que pour une erreur connue (kind « known_error »)',
  'field.not_staff': '« {field} » : « {value} » n’a aucun profil (personnel seulement)',
  'field.same_language': '« {field} » : « {value} » n’est pas un autre article dans l’autre langue',
  'field.not_suggested': '« {field} » : l’article « {value} » ne faisait pas partie de ces suggestions',
  'kb.conversation.requester': 'Demandeur',
  'kb.conversation.staff': 'Support',
  'article_status.draft': 'brouillon',
  'article_status.in_review': 'en relecture',
  'article_status.published': 'publié',
  'article_status.archived': 'archivé',
  'article_action.create': 'créer',
  'article_action.edit': 'modifier',
  'article_action.submit': 'soumettre à relecture',
  'article_action.publish': 'publier',
  'article_action.return_to_draft': 'remettre en brouillon',
  'article_action.archive': 'archiver',
  'article_action.restore': 'restaurer',
  'article_action.delete': 'supprimer',
  'article_action.vote': 'noter',
  // Attachments (attachments/): one block.
  'attachment.too_large': '« {filename} » dépasse la taille maximale d’une pièce jointe ({size} Mio)',
  'attachment.ticket_full':
    'Les pièces jointes de ce ticket dépasseraient leur taille maximale totale ({size} Mio) : « {filename} » refusé',
  'attachment.too_many': 'Au plus {limit} fichiers par envoi',
  'attachment.field_after_file': '« {field} » doit précéder les fichiers dans le formulaire',
  'attachment.body_too_long': '« {field} » : au plus {max} caractères',
  'rule.attachment_limit': 'Pièce jointe refusée',
  'rule.attachment_not_found': 'La pièce jointe « {id} » n’existe pas, ou vous ne pouvez pas la voir',
  'rule.attachment_content_missing':
    'Le contenu de la pièce jointe « {id} » est introuvable dans le stockage',
  'attachment.field_not_allowed': '« {field} » : champ inconnu (attendus : body, visibility, files)',
  'attachment.idempotency_not_supported':
    '« {field} » n’est pas pris en charge pour un envoi de fichiers : un nouvel essai ajoute les fichiers une seconde fois',
  'attachment.multipart_expected':
    'Envoyez les fichiers en multipart/form-data (champs body et visibility, puis les parties files)',
  // Problems
  'api.problem_precondition_failed':
    'If-Match {given} ne correspond pas à la version actuelle {current} : rechargez le problème',
  'rule.ticket_has_no_problem': 'Le ticket « {reference} » n’est rattaché à aucun problème',
  'rule.not_a_problem': 'Le ticket « {reference} » n’est pas un problème',
  'rule.problem_role_not_allowed':
    'Seuls les modérateurs et techniciens du service du problème (ou un administrateur technico-fonctionnel) peuvent faire cela',
  'rule.problem_not_in_status': 'Impossible sur un problème {status:status}',
  'rule.problem_stale_version':
    'L’analyse du problème a été modifiée entre-temps (version {expected} attendue, {actual} actuelle)',
  'rule.incident_has_problem':
    'Le ticket « {incident} » est déjà rattaché au problème « {problem} » : détachez-le d’abord',
  'rule.incident_not_linked': 'Le ticket « {incident} » n’est pas rattaché au problème « {problem} »',
  'field.problem_not_linkable':
    '« {field} » : « {value} » est un problème ; on ne rattache pas un problème à un problème',
  'field.problem_stays_problem':
    '« {field} » : un problème reste un problème, son type ne peut pas changer (ses incidents rattachés et son analyse en dépendent)',
  'field.cannot_become_problem':
    '« {field} » : un incident ou une demande ne devient pas un problème ; ouvrez un ticket de type problème et rattachez-y ce ticket',
  'field.linked_cannot_become_problem':
    '« {field} » : ce ticket est rattaché à un problème, il ne peut pas devenir un problème (détachez-le d’abord)',
  'field.problem_cannot_link':
    '« {field} » : ce ticket est un problème ; on ne rattache pas un problème à un problème',
  'field.not_a_problem': '« {field} » : le ticket « {value} » n’est pas un problème',
  'field.problem_not_open':
    '« {field} » : le problème « {value} » est {status:status} : il n’accepte pas de ticket rattaché dans cet état',
  'field.problem_links_frozen':
    '« {field} » : le problème « {value} » est {status:status} : ses tickets rattachés ne changent plus',
  'field.announcement_problem_open':
    '« {field} » : l’information ne peut être close que si le problème est résolu (résolvez-le dans le même appel avec resolveProblem)',
  ...ANNOUNCEMENT_MESSAGES_FR,
  'rule.webhook_admin_only':
    'Seul un administrateur technique ou technico-fonctionnel gère des webhooks, avec un jeton administratif',
  'rule.webhook_not_found': 'Abonnement webhook « {id} » introuvable parmi les vôtres',
  'rule.webhook_delivery_not_found': 'Livraison « {id} » introuvable pour cet abonnement',
  'rule.webhook_delivery_pending': 'Cette livraison est encore en cours d’envoi : attendez son résultat',
  'field.webhook_target_refused': '« {field} » : destination refusée ({reason})',
  'notify.webhook_disabled.subject': 'Guichet : webhook désactivé ({url})',
  'notify.webhook_disabled.body':
    'Votre abonnement webhook vers {url} a été désactivé : ses livraisons échouent depuis plus d’un jour (dernière erreur : {error}). Réactivez-le une fois le récepteur rétabli ; les livraisons en attente repartiront.',
};

const en: Catalogue = {
  'title.NOT_FOUND': 'Not found',
  'title.TICKET_NOT_FOUND': 'Ticket not found',
  'title.INVALID_TRANSITION': 'Action not possible in this state',
  'title.VALIDATION_FAILED': 'Invalid data',
  'title.CONFLICT': 'Concurrent change',
  'title.DUPLICATE': 'Already exists',
  'title.FORBIDDEN': 'Not allowed',
  'title.UNAUTHENTICATED': 'Authentication required',
  'title.PRECONDITION_FAILED': 'Stale version',
  'title.INTERNAL': 'Internal error',
  'title.RATE_LIMITED': 'Too many requests',
  'title.PAYLOAD_TOO_LARGE': 'Request too large',
  'explain.VALIDATION_FAILED':
    'The data sent is invalid (malformed JSON and unknown fields included): "errors" names each field and what is wrong with it.',
  'explain.UNAUTHENTICATED':
    'No token, or an unknown, expired or revoked one: send "Authorization: Bearer <token>" with a valid token.',
  'explain.FORBIDDEN':
    'The token lacks the scope needed (rule scope_missing), or the person’s profile does not allow the action (role_not_allowed).',
  'explain.NOT_FOUND':
    'Nothing at this address, or the object named (service, person, token, article…) does not exist; an article the caller may not read answers the same.',
  'explain.TICKET_NOT_FOUND':
    'The ticket does not exist, or the caller may not see it (both answer the same way).',
  'explain.INVALID_TRANSITION':
    'The action is not possible in the ticket’s state (action_not_allowed_in_status), or the ticket is closed or rejected (ticket_is_final): read its "actions".',
  'explain.CONFLICT':
    'Someone changed the ticket or the article at the same time (concurrent_update, article_concurrent_update): reload it and try again.',
  'explain.DUPLICATE': 'The value already exists (a code, an address): choose another one.',
  'explain.PRECONDITION_FAILED':
    'If-Match does not name the current ETag of the ticket or the article (stale_version, article_stale_version): reload it and try again.',
  'explain.PAYLOAD_TOO_LARGE': 'The request body exceeds 1 MiB.',
  'explain.RATE_LIMITED':
    'Too many requests with this token this minute: wait as the RateLimit and Retry-After headers say.',
  'explain.UNAVAILABLE':
    'The database is unreachable or too slow: nothing was done; retry after the delay Retry-After gives.',
  'explain.UNSUPPORTED_MEDIA_TYPE':
    'The body is not of the expected type: send JSON with "Content-Type: application/json".',
  'explain.METHOD_NOT_ALLOWED': 'This address does not take this HTTP method.',
  'explain.BAD_REQUEST': 'The HTTP request is malformed.',
  'explain.INTERNAL':
    'An unexpected server error: it is logged under the response’s "requestId", to give to the operations team.',
  'api.payload_too_large': 'The request body exceeds {limit} bytes',
  'api.idempotency_key_invalid': 'Idempotency-Key must be 1 to 255 visible ASCII characters',
  'api.idempotency_mismatch': 'This Idempotency-Key was already used for a different request',
  'api.idempotency_secret_withheld':
    'This request was already handled, but its response held a secret shown only once: revoke that token and create another',
  'api.auth_failures':
    'More than {limit} failed authentications in a minute from this address: try again later',
  'api.unsupported_media_type':
    'Content type "{type}" is not supported: send "Content-Type: application/json"',
  'title.UNSUPPORTED_MEDIA_TYPE': 'Unsupported media type',
  'title.METHOD_NOT_ALLOWED': 'Method not allowed',
  'title.BAD_REQUEST': 'Bad request',
  'api.rate_limited': 'More than {limit} requests a minute with this token: try again shortly',
  'api.unauthenticated': 'Missing, unknown, expired or revoked token: send "Authorization: Bearer <token>"',
  'api.scope_missing': 'This token lacks the "{scope}" scope',
  'api.precondition_failed':
    'If-Match {given} does not match the current version {current}: reload the ticket',
  'api.article_precondition_failed':
    'If-Match {given} does not match the current version {current}: reload the article',
  'api.internal': 'Unexpected error; it was logged under the id {requestId}',
  'api.not_found': 'Nothing at this address',
  'api.invalid_json': 'The request body is not valid JSON',
  'error.NOT_FOUND': '{entity:entity} "{key}" does not exist, or is not visible to you',
  'error.TICKET_NOT_FOUND': 'Ticket {reference} does not exist, or is not visible to you',
  'error.INVALID_TRANSITION': 'This action is not possible in the ticket’s current state',
  'error.VALIDATION_FAILED': 'Some data is invalid',
  'error.CONFLICT': 'The ticket changed in the meantime; reload it and try again',
  'error.FORBIDDEN': 'You are not allowed to do this',
  'error.DUPLICATE': '{entity:entity} "{key}" already exists',
  'error.UNAVAILABLE': 'The database is not answering at the moment; try again in a few seconds',
  'title.UNAVAILABLE': 'Service temporarily unavailable',
  'rule.ticket_is_final':
    'The ticket is {status:status}: its state can no longer change ({action:action} refused)',
  'rule.action_not_allowed_in_status': 'Cannot {action:action} a ticket that is {status:status}',
  'rule.role_not_allowed': 'Your profile does not allow you to {action:action} this ticket',
  'rule.reports_staff_only': 'Reports are for moderators, technicians and functional admins',
  'rule.invalid_input': 'Cannot {action:action} this ticket',
  'rule.stale_version': 'The ticket changed in the meantime (expected version {expected}, current {actual})',
  'rule.concurrent_update': 'Someone else changed the ticket at the same time; reload it',
  'rule.invalid_value': 'Some data is invalid',
  'rule.unique_violation': 'This value already exists',
  'rule.foreign_key_violation': 'Reference to an object that does not exist',
  'rule.not_a_staff_action': 'Only the service staff can do this',
  'rule.restore_not_empty':
    'The database already holds people or tickets: restore into an empty one, or force the replacement (--force)',
  'rule.person_inactive': 'This account is deactivated in Guichet',
  'rule.act_as_not_allowed':
    'Not possible while acting for someone else (Guichet-Act-As): sign in with your own account',
  'rule.admin_scope_required':
    'This administrative operation needs a token with the "admin" scope (ordinary sessions do not have it)',
  'rule.functional_admin_only': 'Only a functional admin can change the catalogue',
  'rule.technical_admin_only':
    'Only a technical admin can do this (the technical admin profile, identity links, technical admins’ accounts)',
  'rule.last_technical_admin': 'The last active technical admin cannot be removed: appoint another one first',
  'rule.act_as_staff': 'A portal may act only for requesters: staff and administrators sign in themselves',
  'rule.identity_linked_elsewhere':
    'This address belongs to a Guichet account already linked to another identity: ask a technical admin',
  'rule.identity_not_vouched':
    'Your identity provider does not vouch for the address {email} (not verified, or outside its domains): sign-in refused',
  'rule.token_scope_not_allowed':
    'You cannot create this token: "admin" is for administrators, for themselves; other scopes and tokens for others are for technical admins',
  'rule.too_many_tokens': 'You already hold {limit} valid tokens: revoke some before creating more',
  'field.invalid_item': 'invalid item',
  'field.nul_character': '"{field}" contains a NUL character (U+0000), which is not allowed',
  'field.required': '"{field}" is required',
  'field.agent_not_in_team': 'the chosen agent is not a technician of this team',
  'field.must_be_future': '"{field}" must be a date in the future',
  'field.not_a_sub_service': 'this sub-service does not belong to the chosen service',
  'field.not_editable_by_requester': '"{field}" can only be changed by staff',
  'field.unknown_reference': 'unknown provider reference on this ticket',
  'field.invalid': '"{field}" is invalid ({reason})',
  'field.unrecognized': '"{field}" is not a known field',
  'field.unknown': '"{field}": unknown value "{value}"',
  'field.retired_service': 'the service "{value}" is retired from the catalogue',
  'field.inactive_person': 'the person "{value}" is deactivated',
  'field.not_a_moderator': 'only a moderator can create a ticket on behalf of someone else',
  'field.scope_mismatch': '"{field}" does not fit the {profile} profile',
  'field.time_format': '"{field}" must be a time HH:MM (00:00 to 24:00)',
  'field.date_format': '"{field}" must be a date YYYY-MM-DD',
  'field.time_zone': '"{field}" is not a known time zone (e.g. Europe/Paris)',
  'field.interval_order': '"{field}": the end must come after the start',
  'field.intervals_overlap': '"{field}": opening intervals overlap',
  'field.already_used': '"{field}": "{value}" already belongs to "{by}"',
  'detail.with_fields': '{head}: {fields}',
  'entity.service': 'The service',
  'entity.person': 'The person',
  'entity.token': 'The token',
  'entity.team': 'The team',
  'entity.establishment': 'The establishment',
  'entity.provider': 'The provider',
  'entity.routing_rule': 'The routing rule',
  'entity.profile_grant': 'The profile',
  'entity.api_token': 'The token',
  'entity.ticket': 'The ticket',
  'field.not_an_event_id': '"{field}" is not the id of an event received from /v1/events',
  'field.not_a_cursor': '"{field}" is not a cursor from a previous page (of this sort)',
  'field.not_a_backup': 'this file is not a Guichet backup',
  'field.backup_format': 'unknown backup format: {format}',
  'field.backup_schema':
    'the backup was made at another schema version (unknown here: {unknown}; missing in the backup: {absent}): restore it with the Guichet version that made it, then upgrade',
  'field.backup_line': 'unexpected line in the backup: {line}',
  'field.backup_table': 'the backup’s table {table} does not match the database’s',
  'field.backup_cut': 'the backup stops in the middle of table {table}',
  'status.pending_approval': 'pending approval',
  'status.new': 'new',
  'status.assigned': 'assigned',
  'status.pending': 'pending',
  'status.resolved': 'resolved',
  'status.closed': 'closed',
  'status.rejected': 'rejected',
  'action.approve': 'approve',
  'action.reject': 'reject',
  'action.assign': 'assign',
  'action.reassign': 'reassign',
  'action.pend': 'put on hold',
  'action.request_info': 'request information on',
  'action.resume': 'resume',
  'action.resolve': 'resolve',
  'action.reopen': 'reopen',
  'action.close': 'close',
  'action.reply': 'reply to',
  'action.note': 'add a note to',
  'action.edit': 'edit',
  'action.provider_escalate': 'escalate to a provider',
  'action.provider_update': 'update the provider reference of',
  'startup.data_dir_not_empty':
    'The data folder {dataDir} is not empty and holds no PostgreSQL cluster: point GUICHET_DATA_DIR at an empty or new folder (or DATABASE_URL at a PostgreSQL database)',
  'startup.data_dir_unreachable':
    'The embedded database runs as the user "{user}", who cannot reach {dataDir} ({blocked} is closed to it): point GUICHET_DATA_DIR at a folder it can reach, or open {blocked} to it (chmod o+x)',
  'startup.no_cluster':
    'No Guichet database in {dataDir}: start the server first (npm start), which creates it, or point GUICHET_DATA_DIR at the server’s data folder (or DATABASE_URL at its database)',
  'startup.not_a_guichet_cluster':
    '{dataDir} holds a PostgreSQL cluster that Guichet did not create: point GUICHET_DATA_DIR at Guichet’s data folder, or use that server through DATABASE_URL',
  'startup.embedded_start_failed': 'The embedded database in {dataDir} did not start: {reason} (log: {log})',
  'startup.database_unreachable':
    'Cannot use PostgreSQL at {target}: {reason}; check DATABASE_URL and that this server is running',
  'startup.invalid_env': 'Invalid configuration: {problems}',
  'startup.cannot_listen':
    'Cannot listen on {host}:{port} ({reason}): choose a free port with PORT, an address of this machine with HOST',
  'notify.rejected.subject': '[{reference}] Your request was rejected',
  'notify.rejected.body': 'Your request "{title}" was rejected. Reason: {reason}',
  'notify.info_requested.subject': '[{reference}] Information requested',
  'notify.info_requested.body': 'To handle "{title}", we need more details: {question}',
  'notify.resolved.subject': '[{reference}] Your ticket is resolved',
  'notify.resolved.body': 'Your ticket "{title}" is resolved. Solution: {solution}',
  'notify.closed.subject': '[{reference}] Your ticket is closed',
  'notify.closed.body': 'Your ticket "{title}" is closed. Thank you for reporting it.',
  'notify.replied.subject': '[{reference}] New reply on your ticket',
  'notify.replied.body': 'A reply was added to "{title}": {body}',
  'notify.portal_link': 'Follow your ticket: {url}',
  'notify.created.subject': '[{reference}] Your request is recorded',
  'notify.created.body':
    'Your request "{title}" is recorded as {reference}. Reply to this message to add to it.',
  'notify.approval_requested.subject': '[{reference}] A request awaits your approval',
  'notify.approval_requested.body': 'The request "{title}" from {requester} awaits your approval.',
  'notify.approved.subject': '[{reference}] Your request is approved',
  'notify.approved.body': 'Your request "{title}" is approved and will now be handled. {comment}',
  'notify.assigned.subject': '[{reference}] A ticket is assigned to you',
  'notify.assigned.body': 'The ticket "{title}" is assigned to you.',
  'notify.woken.subject': '[{reference}] A pending ticket is back',
  'notify.woken.body': 'The wait on "{title}" is over: it is yours again.',
  'notify.requester_replied.subject': '[{reference}] The requester replied',
  'notify.requester_replied.body': '{requester} replied on "{title}": {body}',
  'notify.provider_escalated.subject': '[{provider} #{externalId}] {title}',
  'notify.provider_escalated.body':
    'Hello,\n\nTicket {reference} of Guichet INSA ("{title}") is linked to your ticket #{externalId}. Reply to this message keeping both numbers in the subject.\n\nRequest:\n{description}',
  'notify.sla_warning.subject': '[{reference}] Due soon: {clock}',
  'notify.sla_warning.body':
    'The ticket "{title}" ({service}) is close to its service-level target ({clock}): due at {dueAt}.',
  'notify.sla_breached.subject': '[{reference}] Target missed: {clock}',
  'notify.sla_breached.body':
    'The ticket "{title}" ({service}) missed its service-level target ({clock}) at {dueAt}.',
  'notify.sla.first_response': 'first response',
  'notify.sla.resolution': 'resolution',
  'notify.queued.subject': '[{reference}] New ticket in your queue',
  'notify.queued.body': 'The ticket "{title}" awaits handling in the queue of {service}.',
  'notify.digest.subject': 'Guichet: your digest ({count} notifications)',
  'notify.digest.body': 'Here is what happened since your last digest:',
  'notify.no_service': 'no service',
  // Mail outbox
  'rule.notification_not_found': 'Notification "{id}" does not exist',
  'rule.notification_not_failed': 'Only a failed notification can be sent again (this one is {status})',
  'rule.smtp_not_configured':
    'No SMTP server is configured (GUICHET_SMTP_URL): notifications wait in the outbox',
  'rule.smtp_refused': 'The SMTP server refused the message: {error}',
  'field.not_an_email': '"{field}" is not an email address: "{value}"',
  'mail.test.subject': 'Guichet: test message',
  'mail.test.body': 'This message checks that Guichet can send its notifications (sender: {from}).',
  // Inbound mail gateway (mail/inbound)
  'rule.inbound_not_found': 'No received mail "{messageId}" (or it is not one of your mailboxes)',
  'rule.inbound_not_allowed':
    'Received mail is visible to admins and to moderators (those of their services’ mailboxes)',
  'inbound.empty_body': '(mail without text)',
  'inbound.no_subject': '(no subject)',
  'inbound.followup_of': 'Follow-up of closed ticket {reference}.',
  'inbound.refusal.subject': 'Your mail to {mailbox} was not recorded',
  'inbound.refusal.body':
    'Hello,\n\nYour mail "{subject}" to {mailbox} could not be recorded: your address is not that of a person the service knows. Write from your establishment’s address, or use the portal.\n\nThis message is automatic; you will not receive another one today.',
  'inbound.reason.message_too_large': 'message too large ({size} bytes, limit {limit})',
  'inbound.reason.message_unparseable': 'unreadable message (invalid MIME)',
  'inbound.reason.message_no_sender': 'no readable sender address (From)',
  'inbound.reason.message_no_message_id': 'no Message-ID: key computed from the content',
  'inbound.reason.noise_auto_submitted': 'automatic reply (Auto-Submitted: {value})',
  'inbound.reason.noise_autoreply_header': 'automatic reply ({header} header)',
  'inbound.reason.noise_precedence': 'bulk or automatic mail (Precedence: {value})',
  'inbound.reason.noise_auto_response_suppress': 'automatic mail (X-Auto-Response-Suppress: {value})',
  'inbound.reason.noise_mailing_list': 'mailing list ({header} header)',
  'inbound.reason.noise_auto_reply_subject': 'auto-reply subject ("{subject}")',
  'inbound.reason.noise_bounce': 'delivery failure report ({why})',
  'inbound.reason.noise_own_sender': 'sent by Guichet itself ({address})',
  'inbound.reason.noise_own_message_id': 'Guichet’s own Message-ID ({messageId})',
  'inbound.reason.noise_burst': 'burst: more than {count} mails from the same sender in {minutes} minutes',
  'inbound.reason.mailbox_unknown': 'mailbox {mailbox} unknown or deactivated',
  'inbound.reason.thread_header': '{header} header → {reference}',
  'inbound.reason.thread_subject': 'reference in the subject → {reference}',
  'inbound.reason.thread_provider': 'provider {provider}’s number {number} in the subject → {reference}',
  'inbound.reason.thread_provider_ambiguous':
    'provider {provider}’s number {number} is on several tickets (newest: {reference})',
  'inbound.reason.thread_none': 'no ticket named: a new mail',
  'inbound.reason.thread_closed_followup': 'ticket {reference} is closed: a new follow-up ticket',
  'inbound.reason.sender_requester': 'the sender ({sender}) is the requester',
  'inbound.reason.sender_staff': 'the sender ({sender}) works on the ticket ({roles})',
  'inbound.reason.sender_not_participant':
    'the sender ({sender}) is not a participant of the ticket: held for a moderator',
  'inbound.reason.sender_known': 'known sender ({sender})',
  'inbound.reason.sender_inactive': 'the sender ({sender}) is deactivated',
  'inbound.reason.sender_new_requester': 'new requester {sender} ({establishment}’s mail domain)',
  'inbound.reason.sender_unknown': 'unknown sender ({sender})',
  'inbound.reason.policy_hold': 'mailbox {mailbox} holds unknown senders for a moderator',
  'inbound.reason.policy_refuse': 'mailbox {mailbox} refuses unknown senders',
  'inbound.reason.refusal_queued': 'refusal sent to {address}',
  'inbound.reason.refusal_already_sent': 'a refusal was already sent to {address} today: no new reply',
  'inbound.reason.action_refused': 'the ticket refused the action ({code}): held for a moderator',
  'inbound.reason.moderator_noted': 'added to the ticket as an internal note by a moderator',
  'inbound.reason.moderator_opened': 'ticket opened for the sender by a moderator',
  'inbound.reason.moderator_dismissed': 'set aside by a moderator',
  'inbound.note_from': 'Mail from {sender} ("{subject}"):\n\n{body}',
  'rule.inbound_not_held': 'This mail is no longer held (it is "{decision}")',
  'field.inbound_no_ticket': '"{field}": this mail was matched to no ticket (open one or set it aside)',
  'field.inbound_no_mailbox': '"{field}": this mail\'s mailbox has no service (or its sender is unreadable)',
  'inbound.reason.duplicate_of': 'already received (decision: {decision})',
  // Knowledge base
  'rule.article_not_found': 'Article "{reference}" does not exist, or you may not read it',
  'rule.revision_not_found': 'This article has no revision {number}',
  'rule.article_action_not_allowed_in_status':
    'Cannot {action:article_action} an article that is {status:article_status}',
  'rule.article_role_not_allowed':
    'Your profile does not allow you to {action:article_action} this article (you must handle or moderate its service)',
  'rule.article_was_published': 'An article that was published is not deleted: archive it',
  'rule.article_stale_version':
    'The article changed in the meantime (expected version {expected}, current {actual})',
  'rule.article_concurrent_update': 'Someone else changed the article at the same time; reload it',
  'rule.sign_in_required': 'Sign in to do this',
  'rule.ticket_staff_only': 'Only the staff handling this ticket may write an article from it',
  'rule.ticket_not_resolved':
    'The ticket is {status:status}: an article is written from a resolved or closed ticket',
  'rule.tag_vocabulary_moderators_only': 'The tag vocabulary is managed by moderators and functional admins',
  'rule.suggestion_not_found': 'These suggestions do not exist, or were not shown to you',
  'field.known_error_only': '"{field}" exists only for a known error (kind "known_error")',
  'field.not_staff': '"{field}": "{value}" holds no profile (staff only)',
  'field.same_language': '"{field}": "{value}" is not another article in the other language',
  'field.not_suggested': '"{field}": article "{value}" was not among these suggestions',
  'kb.conversation.requester': 'Requester',
  'kb.conversation.staff': 'Support',
  'article_status.draft': 'a draft',
  'article_status.in_review': 'in review',
  'article_status.published': 'published',
  'article_status.archived': 'archived',
  'article_action.create': 'create',
  'article_action.edit': 'edit',
  'article_action.submit': 'submit for review',
  'article_action.publish': 'publish',
  'article_action.return_to_draft': 'return to draft',
  'article_action.archive': 'archive',
  'article_action.restore': 'restore',
  'article_action.delete': 'delete',
  'article_action.vote': 'rate',
  // Attachments (attachments/): one block.
  'attachment.too_large': '"{filename}" is larger than an attachment may be ({size} MiB)',
  'attachment.ticket_full':
    'This ticket’s attachments would exceed their maximum total size ({size} MiB): "{filename}" refused',
  'attachment.too_many': 'At most {limit} files per upload',
  'attachment.field_after_file': '"{field}" must come before the files in the form',
  'attachment.body_too_long': '"{field}": at most {max} characters',
  'rule.attachment_limit': 'Attachment refused',
  'rule.attachment_not_found': 'The attachment "{id}" does not exist, or you cannot see it',
  'rule.attachment_content_missing': 'The content of attachment "{id}" is missing from the storage',
  'attachment.field_not_allowed': '"{field}": unknown field (expected: body, visibility, files)',
  'attachment.idempotency_not_supported':
    '"{field}" is not supported on a file upload: a retry attaches the files a second time',
  'attachment.multipart_expected':
    'Send the files as multipart/form-data (fields body and visibility, then the files parts)',
  // Problems
  'api.problem_precondition_failed':
    'If-Match {given} does not match the current version {current}: reload the problem',
  'rule.ticket_has_no_problem': 'The ticket "{reference}" is not linked to any problem',
  'rule.not_a_problem': 'The ticket "{reference}" is not a problem',
  'rule.problem_role_not_allowed':
    'Only moderators and technicians of the problem’s service (or a functional admin) may do this',
  'rule.problem_not_in_status': 'Not possible on a {status:status} problem',
  'rule.problem_stale_version':
    'The problem’s analysis changed in the meantime (expected version {expected}, current {actual})',
  'rule.incident_has_problem':
    'The ticket "{incident}" is already linked to the problem "{problem}": unlink it first',
  'rule.incident_not_linked': 'The ticket "{incident}" is not linked to the problem "{problem}"',
  'field.problem_not_linkable': '"{field}": "{value}" is a problem; a problem is not linked to a problem',
  'field.problem_stays_problem':
    '"{field}": a problem stays a problem, its type cannot change (its linked incidents and its analysis depend on it)',
  'field.cannot_become_problem':
    '"{field}": an incident or a request does not become a problem; open a ticket of type problem and link this ticket to it',
  'field.linked_cannot_become_problem':
    '"{field}": this ticket is linked to a problem, so it cannot become a problem (unlink it first)',
  'field.problem_cannot_link': '"{field}": this ticket is a problem; a problem is not linked to a problem',
  'field.not_a_problem': '"{field}": the ticket "{value}" is not a problem',
  'field.problem_not_open':
    '"{field}": the problem "{value}" is {status:status}: it takes no linked tickets in that state',
  'field.problem_links_frozen':
    '"{field}": the problem "{value}" is {status:status}: its linked tickets no longer change',
  'field.announcement_problem_open':
    '"{field}": the announcement can only be resolved once the problem is (resolve it in the same call with resolveProblem)',
  ...ANNOUNCEMENT_MESSAGES_EN,
  'rule.webhook_admin_only':
    'Only a technical or functional admin manages webhooks, with an administrative token',
  'rule.webhook_not_found': 'Webhook subscription "{id}" not found among yours',
  'rule.webhook_delivery_not_found': 'Delivery "{id}" not found for this subscription',
  'rule.webhook_delivery_pending': 'This delivery is still being sent: wait for its outcome',
  'field.webhook_target_refused': '"{field}": target refused ({reason})',
  'notify.webhook_disabled.subject': 'Guichet: webhook disabled ({url})',
  'notify.webhook_disabled.body':
    'Your webhook subscription to {url} was disabled: its deliveries have failed for more than a day (last error: {error}). Enable it again once the receiver is back; pending deliveries will resume.',
};

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { fr, en };

/**
 * The language of a POSIX locale setting (`en_GB.UTF-8`, `fr_FR.UTF-8`, `C`): English when it says
 * so, French otherwise. For what a terminal shows; HTTP callers use Accept-Language.
 */
export function languageOfLocale(locale: string | undefined): Language {
  return (locale ?? '').toLowerCase().startsWith('en') ? 'en' : 'fr';
}

/**
 * Renders a message. `{name}` inserts a param; `{name:prefix}` translates the param as `prefix.<value>`
 * (so statuses and actions read in the reader's language). Unknown keys fall back to the key itself.
 * @example translate('fr', 'rule.role_not_allowed', { action: 'close' }) // '… de clore ce ticket'
 */
/** Whether a message key exists (in French, the reference catalogue). */
export function hasMessage(key: string): boolean {
  return key in CATALOGUES.fr;
}

export function translate(lang: Language, key: string, params: Record<string, unknown> = {}): string {
  const template = CATALOGUES[lang][key] ?? CATALOGUES.fr[key] ?? key;
  return template.replace(/\{(\w+)(?::(\w+))?\}/g, (_m, name: string, prefix?: string) => {
    const value = params[name];
    if (value === undefined || value === null) return `{${name}}`;
    if (prefix) return CATALOGUES[lang][`${prefix}.${String(value)}`] ?? String(value);
    return value instanceof Date ? value.toISOString() : String(value);
  });
}
