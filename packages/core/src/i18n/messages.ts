/**
 * Everything a requester or agent reads at run time, in French (default) and English.
 * Keys are stable; `{name}` placeholders are filled from params.
 */
export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type Catalogue = Record<string, string>;

const fr: Catalogue = {
  'error.NOT_FOUND': 'Introuvable : {entity} « {key} »',
  'error.TICKET_NOT_FOUND': 'Ticket introuvable : {reference}',
  'error.INVALID_TRANSITION': 'Action impossible dans cet état',
  'error.VALIDATION_FAILED': 'Données invalides',
  'error.CONFLICT': 'Le ticket a été modifié entre-temps ; rechargez-le puis recommencez',
  'error.FORBIDDEN': 'Vous n’avez pas le droit de faire cela',
  'error.DUPLICATE': 'Existe déjà : {entity} « {key} »',
  'rule.ticket_is_final':
    'Le ticket est {status:status} : son état ne peut plus changer ({action:action} refusé)',
  'rule.action_not_allowed_in_status': 'Impossible de {action:action} un ticket {status:status}',
  'rule.role_not_allowed': 'Votre profil ne permet pas de {action:action} ce ticket',
  'rule.invalid_input': 'Impossible de {action:action} ce ticket',
  'rule.stale_version':
    'Le ticket a été modifié entre-temps (version {expected} attendue, {actual} actuelle)',
  'rule.concurrent_update': 'Le ticket a été modifié en même temps par quelqu’un d’autre ; rechargez-le',
  'rule.invalid_value': 'Données invalides',
  'rule.unique_violation': 'Cette valeur existe déjà',
  'rule.foreign_key_violation': 'Référence vers un objet inexistant',
  'rule.not_a_staff_action': 'Seul le personnel du service peut faire cela',
  'field.required': '« {field} » est obligatoire',
  'field.agent_not_in_team': 'l’agent choisi n’est pas technicien de cette équipe',
  'field.must_be_future': '« {field} » doit être une date future',
  'field.not_a_sub_service': 'ce sous-service n’appartient pas au service choisi',
  'field.not_editable_by_requester': '« {field} » ne peut être modifié que par le personnel',
  'field.unknown_reference': 'référence prestataire inconnue sur ce ticket',
  'field.invalid': '« {field} » est invalide : {reason}',
  'field.unknown': '« {field} » : valeur inconnue « {value} »',
  'field.retired_service': 'le service « {value} » est retiré du catalogue',
  'field.inactive_person': 'la personne « {value} » est désactivée',
  'field.not_a_moderator': 'seul un modérateur peut créer un ticket pour quelqu’un d’autre',
  'field.scope_mismatch': '« {field} » ne convient pas au profil {profile}',
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
};

const en: Catalogue = {
  'error.NOT_FOUND': 'Not found: {entity} "{key}"',
  'error.TICKET_NOT_FOUND': 'Ticket not found: {reference}',
  'error.INVALID_TRANSITION': 'Action not possible in this state',
  'error.VALIDATION_FAILED': 'Invalid data',
  'error.CONFLICT': 'The ticket changed in the meantime; reload it and try again',
  'error.FORBIDDEN': 'You are not allowed to do this',
  'error.DUPLICATE': 'Already exists: {entity} "{key}"',
  'rule.ticket_is_final':
    'The ticket is {status:status}: its state can no longer change ({action:action} refused)',
  'rule.action_not_allowed_in_status': 'Cannot {action:action} a ticket that is {status:status}',
  'rule.role_not_allowed': 'Your profile does not allow you to {action:action} this ticket',
  'rule.invalid_input': 'Cannot {action:action} this ticket',
  'rule.stale_version': 'The ticket changed in the meantime (expected version {expected}, current {actual})',
  'rule.concurrent_update': 'Someone else changed the ticket at the same time; reload it',
  'rule.invalid_value': 'Invalid data',
  'rule.unique_violation': 'This value already exists',
  'rule.foreign_key_violation': 'Reference to an object that does not exist',
  'rule.not_a_staff_action': 'Only the service staff can do this',
  'field.required': '"{field}" is required',
  'field.agent_not_in_team': 'the chosen agent is not a technician of this team',
  'field.must_be_future': '"{field}" must be a date in the future',
  'field.not_a_sub_service': 'this sub-service does not belong to the chosen service',
  'field.not_editable_by_requester': '"{field}" can only be changed by staff',
  'field.unknown_reference': 'unknown provider reference on this ticket',
  'field.invalid': '"{field}" is invalid: {reason}',
  'field.unknown': '"{field}": unknown value "{value}"',
  'field.retired_service': 'the service "{value}" is retired from the catalogue',
  'field.inactive_person': 'the person "{value}" is deactivated',
  'field.not_a_moderator': 'only a moderator can create a ticket on behalf of someone else',
  'field.scope_mismatch': '"{field}" does not fit the {profile} profile',
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
};

export const CATALOGUES: Readonly<Record<Language, Catalogue>> = { fr, en };

/**
 * Renders a message. `{name}` inserts a param; `{name:prefix}` translates the param as `prefix.<value>`
 * (so statuses and actions read in the reader's language). Unknown keys fall back to the key itself.
 * @example translate('fr', 'rule.role_not_allowed', { action: 'close' }) // '… de clore ce ticket'
 */
export function translate(lang: Language, key: string, params: Record<string, unknown> = {}): string {
  const template = CATALOGUES[lang][key] ?? CATALOGUES.fr[key] ?? key;
  return template.replace(/\{(\w+)(?::(\w+))?\}/g, (_m, name: string, prefix?: string) => {
    const value = params[name];
    if (value === undefined || value === null) return `{${name}}`;
    if (prefix) return CATALOGUES[lang][`${prefix}.${String(value)}`] ?? String(value);
    return value instanceof Date ? value.toISOString() : String(value);
  });
}
