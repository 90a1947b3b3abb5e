import { cliLanguage } from '../lib/messages.ts';

/** Everything the terminal UI shows, in French (default) and English. */
export const LABELS = {
  mine: { fr: 'Mes tickets', en: 'Mine' },
  my_teams: { fr: 'Mes équipes', en: 'My teams' },
  unassigned: { fr: 'À qualifier', en: 'Unassigned' },
  awaiting_my_approval: { fr: 'À approuver', en: 'To approve' },
  pending: { fr: 'En attente', en: 'Pending' },
  resolved: { fr: 'Résolus', en: 'Resolved' },
  search: { fr: 'Recherche', en: 'Search' },
  col_ref: { fr: 'RÉF', en: 'REF' },
  col_status: { fr: 'STATUT', en: 'STATUS' },
  col_priority: { fr: 'PRIORITÉ', en: 'PRIORITY' },
  col_title: { fr: 'TITRE', en: 'TITLE' },
  events: { fr: '{count} évènement(s)', en: '{count} event(s)' },
  system: { fr: 'système', en: 'system' },
  loading: { fr: 'Chargement…', en: 'Loading…' },
  empty: { fr: 'Aucun ticket dans cette file.', en: 'No ticket in this queue.' },
  keys_queues: {
    fr: '←→ files  j/k  Entrée ouvrir  / chercher  f filtrer  r màj  ? aide  q quitter',
    en: '←→ queues  j/k move  Enter open  / search  f filter  r reload  ? help  q quit',
  },
  keys_ticket: {
    fr: 'a actions  j/k défiler  r recharger  ? aide  Échap retour',
    en: 'a actions  j/k scroll  r reload  ? help  Esc back',
  },
  keys_form: {
    fr: 'Entrée valider  Maj+Tab champ précédent  Échap annuler',
    en: 'Enter confirm  Shift+Tab previous field  Esc cancel',
  },
  actions_title: { fr: 'Actions possibles', en: 'Available actions' },
  no_actions: {
    fr: 'Aucune action possible pour vous sur ce ticket.',
    en: 'No action is open to you on this ticket.',
  },
  stale: {
    fr: 'Le ticket a changé entre-temps : il est rechargé, votre saisie est conservée. Validez à nouveau.',
    en: 'The ticket changed meanwhile: it is reloaded, your input is kept. Submit again.',
  },
  done: { fr: 'Fait : {action}', en: 'Done: {action}' },
  search_prompt: { fr: 'Rechercher (texte intégral) : ', en: 'Search (full text): ' },
  filter_prompt: {
    fr: 'Filtrer par service (code, vide = tous) : ',
    en: 'Filter by service (code, empty = all): ',
  },
  internal: { fr: 'INTERNE', en: 'INTERNAL' },
  public: { fr: 'public', en: 'public' },
  none: { fr: '—', en: '—' },
  help_title: { fr: 'Aide', en: 'Help' },
  help: {
    fr: 'Files : ←/→ ou Tab (ou 1 à 6) changent de file ; j/k ou ↑/↓ choisissent (g/G : début/fin) ; Entrée ouvre ; / recherche en texte intégral ; f filtre par service ; Échap efface la recherche et le filtre ; r recharge. Les compteurs se mettent à jour en direct.\nTicket : a ouvre les actions possibles (formulaire adapté, dont la modification du ticket et le suivi prestataire) ; j/k fait défiler l’historique ; les notes internes sont marquées INTERNE.\nFormulaire : Entrée valide le champ, Maj+Tab revient au précédent ; si le serveur refuse, la saisie est gardée et le champ en cause est indiqué.\nÉchap ou q : retour ; q quitte depuis les files (Ctrl-C partout). Appuyez sur une touche pour fermer cette aide.',
    en: 'Queues: ←/→ or Tab (or 1 to 6) switch queue; j/k or ↑/↓ choose (g/G: first/last); Enter opens; / full-text search; f filter by service; Esc clears the search and filter; r reload. Counts update live.\nTicket: a opens the available actions (with the right form, ticket edits and provider follow-up included); j/k scrolls the timeline; internal notes are marked INTERNAL.\nForm: Enter confirms a field, Shift+Tab goes back one; when the server refuses, what you typed is kept and the field at fault is named.\nEsc or q: back; q quits from the queues (Ctrl-C anywhere). Press any key to close this help.',
  },
  field_comment: { fr: 'Commentaire (facultatif)', en: 'Comment (optional)' },
  field_reason: { fr: 'Motif', en: 'Reason' },
  field_reason_optional: { fr: 'Motif (facultatif)', en: 'Reason (optional)' },
  field_team: { fr: 'Équipe', en: 'Team' },
  field_agent: { fr: 'Technicien', en: 'Technician' },
  field_type: { fr: 'Type', en: 'Type' },
  field_until: {
    fr: 'Jusqu’au (JJ/MM/AAAA [HH:MM] ou AAAA-MM-JJ ; vide = attendre le demandeur)',
    en: 'Until (YYYY-MM-DD or DD/MM/YYYY [HH:MM]; empty = wait for the requester)',
  },
  field_note: { fr: 'Note (facultative)', en: 'Note (optional)' },
  field_question: { fr: 'Question au demandeur', en: 'Question to the requester' },
  field_service: { fr: 'Service', en: 'Service' },
  field_solution: { fr: 'Solution', en: 'Solution' },
  field_body: { fr: 'Message', en: 'Message' },
  field_provider: { fr: 'Prestataire', en: 'Provider' },
  field_external: { fr: 'Numéro chez le prestataire', en: 'Provider’s ticket number' },
  keys_menu: { fr: 'j/k choisir  Entrée ouvrir  Échap retour', en: 'j/k choose  Enter open  Esc back' },
  col_updated: { fr: 'MODIFIÉ', en: 'UPDATED' },
  required: { fr: '« {field} » est obligatoire', en: '"{field}" is required' },
  nothing_changed: {
    fr: 'Rien n’a changé : modifiez au moins un champ (Maj+Tab pour revenir).',
    en: 'Nothing changed: change at least one field (Shift+Tab to go back).',
  },
  field_until_short: { fr: 'Jusqu’au', en: 'Until' },
  field_title: { fr: 'Titre', en: 'Title' },
  field_impact: { fr: 'Impact', en: 'Impact' },
  field_urgency: { fr: 'Urgence', en: 'Urgency' },
  field_provider_ref: { fr: 'Ticket chez le prestataire', en: 'Provider’s ticket' },
  field_provider_status: { fr: 'Son état', en: 'Its status' },
  field_notes: { fr: 'Notes (facultatives)', en: 'Notes (optional)' },
  priority: { fr: 'priorité', en: 'priority' },
  pending_until: { fr: 'En attente jusqu’au {date} ({relative})', en: 'On hold until {date} ({relative})' },
  awaiting_requester: { fr: 'Attend la réponse du demandeur', en: 'Awaiting the requester’s answer' },
  providers: { fr: 'Prestataire', en: 'Provider' },
  solution: { fr: 'Solution', en: 'Solution' },
  answer: { fr: 'Réponse du demandeur ({relative})', en: 'Requester’s answer ({relative})' },
  updated: { fr: 'modifié {relative}', en: 'updated {relative}' },
  requester: { fr: 'Demandeur', en: 'Requester' },
  technician: { fr: 'Technicien', en: 'Technician' },
  status_short_pending_approval: { fr: 'à approuver', en: 'to approve' },
  status_short_new: { fr: 'nouveau', en: 'new' },
  status_short_assigned: { fr: 'assigné', en: 'assigned' },
  status_short_pending: { fr: 'en attente', en: 'pending' },
  status_short_resolved: { fr: 'résolu', en: 'resolved' },
  status_short_closed: { fr: 'clos', en: 'closed' },
  status_short_rejected: { fr: 'rejeté', en: 'rejected' },
  action_edit: { fr: 'Modifier le ticket', en: 'Edit the ticket' },
  action_provider_update: { fr: 'Suivi du prestataire', en: 'Provider follow-up' },
  action_approve: { fr: 'Approuver', en: 'Approve' },
  action_reject: { fr: 'Rejeter', en: 'Reject' },
  action_assign: { fr: 'Assigner', en: 'Assign' },
  action_reassign: { fr: 'Réassigner', en: 'Reassign' },
  action_pend: { fr: 'Mettre en attente', en: 'Put on hold' },
  action_resume: { fr: 'Reprendre', en: 'Resume' },
  action_request_info: { fr: 'Demander des informations', en: 'Request information' },
  action_resolve: { fr: 'Résoudre', en: 'Resolve' },
  action_reopen: { fr: 'Rouvrir', en: 'Reopen' },
  action_close: { fr: 'Clore', en: 'Close' },
  action_reply: { fr: 'Répondre au demandeur', en: 'Reply to the requester' },
  action_note: { fr: 'Note interne', en: 'Internal note' },
  action_provider_escalate: { fr: 'Escalader au prestataire', en: 'Escalate to the provider' },
} as const;

export type LabelKey = keyof typeof LABELS;

export function label(key: LabelKey, params: Record<string, string> = {}): string {
  const text: string = LABELS[key][cliLanguage()];
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => params[k] ?? '');
}

export function hasLabel(key: string): key is LabelKey {
  return key in LABELS;
}
