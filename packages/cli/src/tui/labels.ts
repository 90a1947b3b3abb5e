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
  col_priority: { fr: 'PRIO', en: 'PRIO' },
  col_title: { fr: 'TITRE', en: 'TITLE' },
  events: { fr: '{count} évènement(s)', en: '{count} event(s)' },
  system: { fr: 'système', en: 'system' },
  loading: { fr: 'Chargement…', en: 'Loading…' },
  empty: { fr: 'Aucun ticket dans cette file.', en: 'No ticket in this queue.' },
  keys_queues: {
    fr: '←/→ file  j/k déplacer  Entrée ouvrir  / chercher  f filtrer  r recharger  ? aide  q quitter',
    en: '←/→ queue  j/k move  Enter open  / search  f filter  r reload  ? help  q quit',
  },
  keys_ticket: {
    fr: 'a actions  j/k défiler  r recharger  ? aide  Échap/q retour',
    en: 'a actions  j/k scroll  r reload  ? help  Esc/q back',
  },
  keys_form: {
    fr: 'Entrée valider le champ  Échap annuler',
    en: 'Enter confirm field  Esc cancel',
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
    fr: 'Files : ←/→ ou Tab (ou 1 à 6) pour changer de file ; j/k ou ↑/↓ pour choisir ; Entrée pour ouvrir ; / recherche en texte intégral ; f filtre par service ; r recharge. Les compteurs se mettent à jour en direct.\nTicket : a ouvre les actions possibles (formulaire adapté) ; j/k fait défiler l’historique ; les notes internes sont marquées INTERNE.\nÉchap ou q : retour. Appuyez sur une touche pour fermer cette aide.',
    en: 'Queues: ←/→ or Tab (or 1 to 6) to switch queue; j/k or ↑/↓ to choose; Enter to open; / full-text search; f filter by service; r reload. Counts update live.\nTicket: a opens the available actions (with the right form); j/k scrolls the timeline; internal notes are marked INTERNAL.\nEsc or q: back. Press any key to close this help.',
  },
  field_comment: { fr: 'Commentaire (facultatif)', en: 'Comment (optional)' },
  field_reason: { fr: 'Motif', en: 'Reason' },
  field_reason_optional: { fr: 'Motif (facultatif)', en: 'Reason (optional)' },
  field_team: { fr: 'Équipe', en: 'Team' },
  field_agent: { fr: 'Technicien', en: 'Technician' },
  field_type: { fr: 'Type', en: 'Type' },
  field_until: {
    fr: 'Jusqu’au (AAAA-MM-JJ, vide = attendre le demandeur)',
    en: 'Until (YYYY-MM-DD, empty = wait for the requester)',
  },
  field_note: { fr: 'Note (facultative)', en: 'Note (optional)' },
  field_question: { fr: 'Question au demandeur', en: 'Question to the requester' },
  field_service: { fr: 'Service', en: 'Service' },
  field_solution: { fr: 'Solution', en: 'Solution' },
  field_body: { fr: 'Message', en: 'Message' },
  field_provider: { fr: 'Prestataire (code)', en: 'Provider (code)' },
  field_external: { fr: 'Numéro chez le prestataire', en: 'Provider’s ticket number' },
  action_approve: { fr: 'Approuver', en: 'Approve' },
  action_reject: { fr: 'Refuser', en: 'Reject' },
  action_assign: { fr: 'Affecter', en: 'Assign' },
  action_reassign: { fr: 'Réaffecter', en: 'Reassign' },
  action_pend: { fr: 'Mettre en attente', en: 'Put on hold' },
  action_resume: { fr: 'Reprendre', en: 'Resume' },
  action_request_info: { fr: 'Demander une information', en: 'Request information' },
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
