import type { components } from '@guichet/api/client';

type Ticket = components['schemas']['Ticket'];
type TicketEvent = components['schemas']['TicketEvent'];

const person = (email: string, displayName: string, id: string) => ({ id, email, displayName });

export const PEOPLE = {
  requester: person('prof@insa-rennes.fr', 'Claire Martin', '00000000-0000-4000-8000-000000000001'),
  tech: person('vr.tech@insa-rennes.fr', 'Technicienne cube VR', '00000000-0000-4000-8000-000000000002'),
  manager: person('vr.manager@insa-rennes.fr', 'Responsable cube VR', '00000000-0000-4000-8000-000000000003'),
};

/** A ticket as the API returns it, with partial overrides. */
export function aTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: '10000000-0000-4000-8000-000000000001',
    reference: 'GU-2026-000042',
    type: 'request',
    title: 'Casque VR en panne',
    description: 'Le casque 2 ne s’allume plus',
    status: 'assigned',
    priority: 'medium',
    impact: 'medium',
    urgency: 'medium',
    channel: 'portal',
    requester: PEOPLE.requester,
    createdBy: PEOPLE.requester,
    service: 'vr-room',
    subService: null,
    establishment: 'insa-rennes',
    team: 'vr-room',
    agent: PEOPLE.tech,
    pendingUntil: null,
    pendingKind: null,
    pendingReason: null,
    solution: null,
    rejectionReason: null,
    linkedProblem: null,
    providerReferences: [],
    version: 3,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T10:30:00.000Z',
    resolvedAt: null,
    closedAt: null,
    actions: ['reassign', 'pend', 'resolve', 'reply', 'note', 'edit'],
    ...overrides,
  };
}

let nextEvent = 1;
/** A timeline event as the API returns it. */
export function anEvent(
  type: string,
  data: Record<string, unknown> = {},
  overrides: Partial<TicketEvent> = {},
) {
  return {
    id: String(nextEvent++),
    type,
    actor: PEOPLE.tech,
    visibility: 'public',
    data,
    createdAt: '2026-03-02T10:00:00.000Z',
    ...overrides,
  } as TicketEvent;
}

type Article = components['schemas']['Article'];
type ArticleHit = components['schemas']['ArticleHit'];

/** An article as the API returns it (a draft), with partial overrides. */
export function anArticle(overrides: Partial<Article> = {}): Article {
  return {
    id: '30000000-0000-4000-8000-000000000001',
    reference: 'KB-000042',
    title: 'Opale : l’export ODT échoue',
    summary: 'Mettre Opale à jour',
    body: 'Installer Opale 5.0.4.',
    bodyHtml: '<p>Installer Opale 5.0.4.</p>',
    kind: 'known_error',
    symptom: 'La génération .odt s’arrête',
    cause: null,
    workaround: null,
    solution: 'Opale 5.0.4',
    html: { symptom: null, cause: null, workaround: null, solution: null },
    language: 'fr',
    translation: null,
    services: ['scenari'],
    tags: ['libreoffice'],
    audience: 'internal',
    status: 'draft',
    owner: null,
    reviewers: [],
    linkedTickets: [],
    linkedProblem: null,
    reviewBy: null,
    publishedAt: null,
    revision: 2,
    version: 2,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    votes: { helpful: 0, notHelpful: 0, mine: null },
    actions: ['edit', 'submit', 'delete'],
    ...overrides,
  };
}

/** A search or suggestion result as the API returns it, with partial overrides. */
export function anArticleHit(overrides: Partial<ArticleHit> = {}): ArticleHit {
  return {
    id: '30000000-0000-4000-8000-000000000001',
    reference: 'KB-000042',
    title: 'Opale : l’export ODT échoue',
    summary: 'Mettre Opale à jour',
    kind: 'known_error',
    language: 'fr',
    services: ['scenari'],
    tags: ['libreoffice'],
    audience: 'internal',
    status: 'published',
    updatedAt: '2026-12-01T10:00:00.000Z',
    rank: 0.5,
    snippet: [],
    snippetHtml: '',
    why: { fields: ['title'], words: ['opale'], synonyms: [], corrections: [] },
    ...overrides,
  };
}

/** A published article for requesters as the API returns it (the TUI's tests), with partial overrides. */
export function aPublishedArticle(overrides: Partial<Article> = {}): Article {
  return {
    id: '20000000-0000-4000-8000-000000000001',
    reference: 'KB-000007',
    title: 'Casque VR : il ne s’allume plus',
    summary: 'Recharger la batterie du casque',
    body: '## Étapes\n- brancher le casque\n- attendre dix minutes',
    bodyHtml: '',
    kind: 'known_error',
    symptom: 'Le casque reste noir',
    cause: null,
    workaround: null,
    solution: 'Recharger la batterie',
    html: { symptom: null, cause: null, workaround: null, solution: null },
    language: 'fr',
    translation: null,
    services: ['vr-room'],
    tags: [],
    audience: 'requesters',
    status: 'published',
    owner: PEOPLE.tech,
    reviewers: [],
    linkedTickets: [],
    linkedProblem: null,
    reviewBy: null,
    publishedAt: '2026-03-02T11:00:00.000Z',
    revision: 2,
    version: 2,
    createdAt: '2026-03-02T10:00:00.000Z',
    updatedAt: '2026-03-02T11:00:00.000Z',
    votes: { helpful: 0, notHelpful: 0, mine: null },
    actions: ['vote'],
    ...overrides,
  };
}

/** `aPublishedArticle` in a search result or a suggestion, with partial overrides. */
export function aPublishedArticleHit(overrides: Partial<ArticleHit> = {}): ArticleHit {
  const a = aPublishedArticle();
  return {
    id: a.id,
    reference: a.reference,
    title: a.title,
    summary: a.summary,
    kind: a.kind,
    language: a.language,
    services: a.services,
    tags: a.tags,
    audience: a.audience,
    status: a.status,
    updatedAt: a.updatedAt,
    rank: 0.5,
    snippet: [
      { text: 'Le ', match: false },
      { text: 'casque', match: true },
      { text: ' reste noir', match: false },
    ],
    snippetHtml: 'Le <mark>casque</mark> reste noir',
    why: { fields: ['title'], words: ['casque'], synonyms: [], corrections: [] },
    ...overrides,
  };
}
