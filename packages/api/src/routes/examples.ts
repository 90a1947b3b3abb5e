/**
 * Examples of the OpenAPI document (shown in /docs and carried into the typed client), taken from
 * real responses of a demo catalogue (ids and times made stable). A unit test parses each one with
 * its schema, so they cannot drift from the API's shapes.
 */

const STUDENT = {
  id: '6f1c2e0a-3b7d-4c55-9a1e-2d8f4b6c0a11',
  email: 'etudiant@insa-lyon.fr',
  displayName: 'Camille Étudiante',
};
const TECHNICIAN = {
  id: '0b9e4d27-8a63-4f1c-b2d5-7e3a9c1f5d42',
  email: 'web.tech@groupe-insa.fr',
  displayName: 'Technicien portail',
};

export const TICKET_EXAMPLE = {
  id: '3d2a7c9e-5b14-4e8f-a6c0-1f7b9d3e2a55',
  reference: 'GU-2026-000042',
  type: 'request',
  title: 'Le bot ne répond plus',
  description: 'Depuis ce matin, le bot du groupe reste muet sur le portail.',
  status: 'assigned',
  priority: 'medium',
  impact: 'medium',
  urgency: 'medium',
  channel: 'api',
  requester: STUDENT,
  createdBy: STUDENT,
  service: 'bot',
  subService: null,
  establishment: 'insa-lyon',
  team: 'portal',
  agent: TECHNICIAN,
  pendingUntil: null,
  pendingKind: null,
  pendingReason: null,
  solution: null,
  rejectionReason: null,
  linkedProblem: null,
  providerReferences: [],
  version: 1,
  createdAt: '2026-12-01T09:14:03.270Z',
  updatedAt: '2026-12-01T09:14:03.270Z',
  resolvedAt: null,
  closedAt: null,
  actions: ['reply'],
} as const;

const { actions: _actions, ...LISTED_TICKET } = TICKET_EXAMPLE;
export const TICKET_PAGE_EXAMPLE = { items: [LISTED_TICKET], next: null };

export const TICKET_EVENT_EXAMPLE = {
  id: '2',
  type: 'assigned',
  actor: null,
  visibility: 'public',
  data: {
    from: 'new',
    to: 'assigned',
    changes: {
      type: { before: null, after: 'request' },
      teamId: { before: null, after: '9a4e1b7c-2d35-4f68-8c0e-5b1d7a3f9e26' },
      agentId: { before: null, after: TECHNICIAN.id },
    },
    defaultTeamOf: 'bot',
  },
  createdAt: '2026-12-01T09:14:03.282Z',
} as const;

export const CREATE_TICKET_EXAMPLE = {
  title: 'Le bot ne répond plus',
  description: 'Depuis ce matin, le bot du groupe reste muet sur le portail.',
  service: 'bot',
};

export const COMMENT_EXAMPLE = { body: 'J’ai vidé le cache du navigateur, sans effet.' };

/** One body per workflow action (path `/v1/tickets/{reference}/actions/<action>`). */
export const ACTION_EXAMPLES: Readonly<Record<string, Record<string, unknown>>> = {
  approve: { comment: 'Créneau libre la semaine 50' },
  reject: { reason: 'Le cube VR est réservé aux enseignements' },
  assign: { type: 'incident', team: 'portal', agent: 'web.tech@groupe-insa.fr' },
  reassign: { team: 'network-db', agent: 'netdb.tech@insa-toulouse.fr', reason: 'Erreur de lecture en base' },
  pend: { until: '2026-12-15T08:00:00.000Z', reason: 'La demandeuse ne peut pas tester avant le 15' },
  request_info: { question: 'Quel navigateur utilisez-vous ?' },
  resume: { note: 'Tests possibles dès aujourd’hui' },
  resolve: { service: 'bot', solution: 'Le connecteur du bot a été redémarré.' },
  reopen: { reason: 'Le bot ne répond toujours pas' },
  close: { comment: 'Confirmé par la demandeuse' },
};

export const ME_EXAMPLE = {
  id: STUDENT.id,
  email: STUDENT.email,
  displayName: STUDENT.displayName,
  establishment: 'insa-lyon',
  affiliation: 'student',
  language: 'fr',
  active: true,
  profiles: [{ profile: 'requester', service: null, team: null }],
  scopes: ['read', 'write'],
};

export const SERVICE_EXAMPLE = {
  code: 'moodle',
  name: 'Moodle groupe (OpenINSA)',
  description: '',
  parent: null,
  status: 'active',
  approvalPolicy: 'none',
  owner: 'moodle.moderation@insa-lyon.fr',
  defaultTeam: null,
  provider: null,
  moderators: ['moodle.moderation@insa-lyon.fr'],
  approvers: [],
  children: [
    {
      code: 'moodle.access',
      name: 'Accès et authentification',
      description: '',
      parent: 'moodle',
      status: 'active',
      approvalPolicy: 'none',
      owner: null,
      defaultTeam: null,
      provider: null,
      moderators: ['moodle.moderation@insa-lyon.fr'],
      approvers: [],
      children: [],
    },
  ],
};

export const CREATE_TOKEN_EXAMPLE = { name: 'script de supervision', scopes: ['read'], expiresInDays: 30 };

export const CREATED_TOKEN_EXAMPLE = {
  id: '5e8b3f1a-9c27-4d06-b4a3-6f2e1d9c7b80',
  token: 'gch_qw5cYpaCAcuuaVrVKoTq4OsleEh97iQeJY2aktZE1-A',
  prefix: 'gch_qw5cYpaC',
  scopes: ['read'],
  expiresAt: '2026-12-31T09:20:11.466Z',
};

export const TOKEN_EXAMPLE = {
  id: CREATED_TOKEN_EXAMPLE.id,
  name: 'script de supervision',
  prefix: CREATED_TOKEN_EXAMPLE.prefix,
  scopes: ['read'],
  createdAt: '2026-12-01T09:20:11.466Z',
  expiresAt: CREATED_TOKEN_EXAMPLE.expiresAt,
  revokedAt: null,
  lastUsedAt: null,
};

export const PROBLEM_EXAMPLE = {
  type: '/docs/problems#validation_failed',
  title: 'Données invalides',
  status: 422,
  detail:
    '« title » est invalide (trop petit : chaîne de caractères doit avoir >=1 caractères); « priority » n’est pas un champ connu',
  instance: '/v1/tickets',
  code: 'VALIDATION_FAILED',
  requestId: '773728ef-5c4e-4011-99b0-67e3caadd6ed',
  rule: 'invalid_value',
  errors: [
    {
      field: 'title',
      rule: 'field.invalid',
      message: '« title » est invalide (trop petit : chaîne de caractères doit avoir >=1 caractères)',
    },
    { field: 'priority', rule: 'field.unrecognized', message: '« priority » n’est pas un champ connu' },
  ],
};

export const OUTBOX_ENTRY_EXAMPLE = {
  id: '0193a4c2-7d1e-7b3a-9f10-2c5e8d4b6a01',
  kind: 'ticket.resolved',
  status: 'failed',
  recipient: 'enseignant@insa-rennes.fr',
  reference: 'GU-2026-000042',
  subject: '[GU-2026-000042] Votre ticket est résolu',
  attempts: 8,
  nextAttemptAt: '2026-12-02T06:10:00.000Z',
  lastError: 'EENVELOPE 451 451 Mailbox busy, try again later',
  createdAt: '2026-12-01T09:20:11.466Z',
  sentAt: null,
};

export const NOTIFICATION_PREFERENCES_EXAMPLE = [
  { kind: 'ticket.created', delivery: 'immediate' },
  { kind: 'ticket.replied', delivery: 'digest' },
  { kind: 'ticket.assigned', delivery: 'off' },
];

export const MAIL_TEST_EXAMPLE = {
  messageId: '<notification.0193a4c2-7d1e-7b3a-9f10-2c5e8d4b6a01@insa-lyon.fr>',
  response: '250 2.0.0 Ok: queued as 4F2A1C0',
};
