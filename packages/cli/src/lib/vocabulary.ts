import { cliLanguage } from './messages.ts';

/**
 * The API's codes in words, French (MISSION.md's vocabulary) and English, for people only: the
 * command line's tables and ticket view and the terminal UI show these; `--json`, CSV and the API
 * keep the codes.
 */
export const WORDS = {
  status: {
    pending_approval: { fr: 'en attente d’approbation', en: 'awaiting approval' },
    new: { fr: 'nouveau', en: 'new' },
    assigned: { fr: 'assigné', en: 'assigned' },
    pending: { fr: 'en attente', en: 'pending' },
    resolved: { fr: 'résolu', en: 'resolved' },
    closed: { fr: 'clos', en: 'closed' },
    rejected: { fr: 'rejeté', en: 'rejected' },
  },
  priority: {
    critical: { fr: 'critique', en: 'critical' },
    high: { fr: 'haute', en: 'high' },
    medium: { fr: 'moyenne', en: 'medium' },
    low: { fr: 'basse', en: 'low' },
    planning: { fr: 'planifiée', en: 'planning' },
  },
  type: {
    incident: { fr: 'incident', en: 'incident' },
    request: { fr: 'demande d’assistance', en: 'request for assistance' },
    problem: { fr: 'problème', en: 'problem' },
  },
  impact: {
    high: { fr: 'élevé', en: 'high' },
    medium: { fr: 'moyen', en: 'medium' },
    low: { fr: 'faible', en: 'low' },
  },
  urgency: {
    high: { fr: 'élevée', en: 'high' },
    medium: { fr: 'moyenne', en: 'medium' },
    low: { fr: 'faible', en: 'low' },
  },
  event: {
    created: { fr: 'Ouverture', en: 'Opened' },
    approval_requested: { fr: 'Approbation demandée', en: 'Approval requested' },
    approval_granted: { fr: 'Approuvé', en: 'Approved' },
    approval_refused: { fr: 'Refusé', en: 'Rejected' },
    assigned: { fr: 'Assigné', en: 'Assigned' },
    reassigned: { fr: 'Réassigné', en: 'Reassigned' },
    pended: { fr: 'Mis en attente', en: 'Put on hold' },
    info_requested: { fr: 'Question au demandeur', en: 'Question to the requester' },
    woken: { fr: 'Fin de l’attente', en: 'Hold ended' },
    resumed: { fr: 'Repris', en: 'Resumed' },
    resolved: { fr: 'Résolu', en: 'Resolved' },
    reopened: { fr: 'Rouvert', en: 'Reopened' },
    closed: { fr: 'Clos', en: 'Closed' },
    field_changed: { fr: 'Modifié', en: 'Edited' },
    public_reply: { fr: 'Réponse', en: 'Reply' },
    internal_note: { fr: 'Note interne', en: 'Internal note' },
    requester_replied: { fr: 'Réponse du demandeur', en: 'Requester’s reply' },
    provider_escalated: { fr: 'Escalade au prestataire', en: 'Escalated to the provider' },
    provider_updated: { fr: 'Suivi du prestataire', en: 'Provider update' },
    article_created: { fr: 'Article de la base de connaissances', en: 'Knowledge-base article' },
    sla_warning: { fr: 'Délai bientôt dépassé', en: 'Service level at risk' },
    sla_breached: { fr: 'Délai dépassé', en: 'Service level breached' },
  },
  providerStatus: {
    open: { fr: 'ouvert', en: 'open' },
    resolved: { fr: 'résolu', en: 'resolved' },
    closed: { fr: 'clos', en: 'closed' },
  },
  channel: {
    api: { fr: 'API', en: 'API' },
    portal: { fr: 'portail', en: 'portal' },
    email: { fr: 'courriel', en: 'email' },
    cli: { fr: 'ligne de commande', en: 'command line' },
    phone: { fr: 'téléphone', en: 'phone' },
  },
  pendingKind: {
    until_date: { fr: 'jusqu’à une date', en: 'until a date' },
    awaiting_requester: { fr: 'attend la réponse du demandeur', en: 'awaiting the requester’s answer' },
  },
  serviceStatus: {
    active: { fr: 'actif', en: 'active' },
    retired: { fr: 'retiré', en: 'retired' },
  },
  approval: {
    none: { fr: 'aucune', en: 'none' },
    required: { fr: 'requise', en: 'required' },
  },
  profile: {
    requester: { fr: 'demandeur', en: 'requester' },
    approver: { fr: 'approbateur', en: 'approver' },
    moderator: { fr: 'modérateur', en: 'moderator' },
    technician: { fr: 'technicien', en: 'technician' },
    functional_admin: { fr: 'administrateur technico-fonctionnel', en: 'functional admin' },
    technical_admin: { fr: 'administrateur technique', en: 'technical admin' },
  },
  visibility: {
    public: { fr: 'public', en: 'public' },
    internal: { fr: 'INTERNE', en: 'INTERNAL' },
  },
  articleStatus: {
    draft: { fr: 'brouillon', en: 'draft' },
    in_review: { fr: 'en relecture', en: 'in review' },
    published: { fr: 'publié', en: 'published' },
    archived: { fr: 'archivé', en: 'archived' },
  },
  articleKind: {
    how_to: { fr: 'mode opératoire', en: 'how-to' },
    known_error: { fr: 'erreur connue', en: 'known error' },
    faq: { fr: 'question fréquente', en: 'FAQ' },
  },
  audience: {
    internal: { fr: 'interne (équipes)', en: 'internal (staff)' },
    requesters: { fr: 'demandeurs connectés', en: 'signed-in requesters' },
    public: { fr: 'public', en: 'public' },
  },
  revisionAction: {
    created: { fr: 'écrit', en: 'written' },
    created_from_ticket: { fr: 'écrit depuis un ticket', en: 'written from a ticket' },
    edited: { fr: 'modifié', en: 'edited' },
    submitted: { fr: 'soumis à relecture', en: 'submitted for review' },
    published: { fr: 'publié', en: 'published' },
    returned_to_draft: { fr: 'renvoyé en brouillon', en: 'returned to draft' },
    archived: { fr: 'archivé', en: 'archived' },
    restored: { fr: 'restauré', en: 'restored' },
  },
  vote: {
    helpful: { fr: 'utile', en: 'helpful' },
    not_helpful: { fr: 'pas utile', en: 'not helpful' },
  },
  /** The fields a search or suggestion result matched in (core's article-search.ts). */
  matchField: {
    title: { fr: 'titre', en: 'title' },
    tags: { fr: 'étiquettes', en: 'tags' },
    summary: { fr: 'résumé', en: 'summary' },
    body: { fr: 'texte', en: 'body' },
    description: { fr: 'description', en: 'description' },
  },
  /** A service-level clock's state (ticket lists' serviceLevel). */
  slaState: {
    ok: { fr: 'dans les temps', en: 'on time' },
    at_risk: { fr: 'à risque', en: 'at risk' },
    breached: { fr: 'dépassé', en: 'breached' },
    met: { fr: 'respecté', en: 'met' },
    paused: { fr: 'en pause', en: 'paused' },
    not_started: { fr: 'non démarré', en: 'not started' },
  },
} as const;

export type WordKind = keyof typeof WORDS;

/**
 * A code in words in the reader's language; a code this CLI does not know yet (a newer server) is
 * shown as it is rather than hidden.
 * @example word('status', 'pending_approval') // 'en attente d’approbation'
 */
export function word(kind: WordKind, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  const entry = (WORDS[kind] as Record<string, { fr: string; en: string }>)[code];
  return entry ? entry[cliLanguage()] : code;
}
