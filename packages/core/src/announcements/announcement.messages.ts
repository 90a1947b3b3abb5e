/** What readers and publishers of announcements read, in French and English (spread into i18n/messages.ts). */
export const ANNOUNCEMENT_MESSAGES_FR: Record<string, string> = {
  'rule.announcement_not_found': 'L’information « {id} » n’existe pas, ou vous ne pouvez pas la lire',
  'rule.announcement_not_moderator':
    'Seuls les modérateurs de tous les services concernés, ou un administrateur technico-fonctionnel, peuvent publier ou modifier cette information',
  'rule.announcement_group_admin_only':
    'Une information qui ne vise aucun service en particulier (tout le groupe, ou des établissements entiers) est publiée par un administrateur technico-fonctionnel',
  'rule.announcement_update_not_allowed':
    'Impossible d’ajouter un point « {status:announcement_phase} » : l’information est {phase:announcement_phase}',
  'rule.announcement_stale_version':
    'L’information a changé depuis votre lecture (version {actual}, vous aviez la {expected}) ; rechargez-la',
  'rule.announcement_concurrent_update':
    'L’information a été modifiée en même temps par quelqu’un d’autre ; rechargez-la',
  'field.announcement_ends_before_start': '« {field} » doit être après le début',
  'field.announcement_ended':
    '« {field} » est déjà passée : une information publiée doit encore être en cours',
  'announcement_phase.none': 'sans point d’étape',
  'announcement_phase.investigating': 'en cours d’analyse',
  'announcement_phase.identified': 'cause identifiée',
  'announcement_phase.monitoring': 'sous surveillance',
  'announcement_phase.resolved': 'résolue',
  'announcement_severity.information': 'Information',
  'announcement_severity.degraded': 'Service dégradé',
  'announcement_severity.outage': 'Service interrompu',
  'announcement_severity.maintenance': 'Maintenance',
  'announcement_state.upcoming': 'à venir',
  'announcement_state.active': 'en cours',
  'announcement_state.past': 'terminée',
  'announcement.feed_title': 'Informations sur les services numériques du groupe INSA',
  'announcement.feed_updates': 'Points d’étape',
  'notify.announcement_published.subject': '{severity} : {title}',
  'notify.announcement_published.body':
    'Information publiée ({severity}) : « {title} »\nServices concernés : {services}',
  'notify.announcement_updated.subject': '{severity} : {title} ({phase})',
  'notify.announcement_updated.body':
    'Point d’étape sur l’information « {title} » ({severity}) : {phase}\nServices concernés : {services}',
  'notify.announcement_every_service': 'tous les services',
  'notify.announcement_link': 'Suivre l’information : {url}',
  'notify.announcement_because_ticket': 'Vous recevez ce message car votre ticket {reference} est concerné.',
  'notify.announcement_because_service':
    'Vous recevez ce message car vous suivez le service {service} ; pour ne plus le suivre : guichet subscriptions remove {code}.',
};

export const ANNOUNCEMENT_MESSAGES_EN: Record<string, string> = {
  'rule.announcement_not_found': 'The announcement "{id}" does not exist, or you cannot read it',
  'rule.announcement_not_moderator':
    'Only the moderators of all the services concerned, or a functional admin, may publish or change this announcement',
  'rule.announcement_group_admin_only':
    'An announcement about no service in particular (the whole group, or whole establishments) is published by a functional admin',
  'rule.announcement_update_not_allowed':
    'Cannot add a "{status:announcement_phase}" update: the announcement is {phase:announcement_phase}',
  'rule.announcement_stale_version':
    'The announcement changed since you read it (version {actual}, you had {expected}); reload it',
  'rule.announcement_concurrent_update': 'Someone else changed the announcement at the same time; reload it',
  'field.announcement_ends_before_start': '"{field}" must be after the start',
  'field.announcement_ended': '"{field}" has already passed: a published announcement must still be current',
  'announcement_phase.none': 'without any update',
  'announcement_phase.investigating': 'investigating',
  'announcement_phase.identified': 'identified',
  'announcement_phase.monitoring': 'monitoring',
  'announcement_phase.resolved': 'resolved',
  'announcement_severity.information': 'Information',
  'announcement_severity.degraded': 'Degraded service',
  'announcement_severity.outage': 'Outage',
  'announcement_severity.maintenance': 'Maintenance',
  'announcement_state.upcoming': 'upcoming',
  'announcement_state.active': 'active',
  'announcement_state.past': 'past',
  'announcement.feed_title': 'Announcements about the INSA group’s digital services',
  'announcement.feed_updates': 'Updates',
  'notify.announcement_published.subject': '{severity}: {title}',
  'notify.announcement_published.body':
    'Announcement published ({severity}): "{title}"\nServices concerned: {services}',
  'notify.announcement_updated.subject': '{severity}: {title} ({phase})',
  'notify.announcement_updated.body':
    'Update on the announcement "{title}" ({severity}): {phase}\nServices concerned: {services}',
  'notify.announcement_every_service': 'every service',
  'notify.announcement_link': 'Follow the announcement: {url}',
  'notify.announcement_because_ticket':
    'You receive this message because your ticket {reference} is concerned.',
  'notify.announcement_because_service':
    'You receive this message because you follow the service {service}; to stop: guichet subscriptions remove {code}.',
};
