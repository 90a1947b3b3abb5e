/**
 * Who may call what: every operation of the OpenAPI document × every profile, and the attacker's
 * view: the admins through ordinary and administrative credentials, a portal acting for a
 * requester and trying to act for staff, a read-only token. Each cell acts on its own fresh object (by default a VR room ticket just assigned to the VR technician; a ticket awaiting
 * approval, unqualified, pending or resolved for the actions that need one), so each cell sees the
 * same state. The expectations are the process of MISSION.md written out by hand; hidden tickets
 * answer 404, not 403.
 */
import type { TokenScope } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { openApiDocument } from './openapi-document.ts';

/** Whose rights, through which credential: the mission's people, then the attacker's view. */
const PROFILES = [
  'anonymous',
  'stranger',
  'requester',
  'approver',
  'moderator',
  'teamTechnician',
  'agent',
  /** A functional admin (only), through an ordinary read/write token. */
  'functionalAdmin',
  /** A technical admin (only), through an ordinary read/write token. */
  'technicalAdmin',
  /** The same functional admin through a token with the `admin` scope. */
  'functionalAdminScoped',
  /** The same technical admin through a token with the `admin` scope. */
  'technicalAdminScoped',
  /** The portal's act-as token (read, write, act-as) acting for the requester. */
  'portalForRequester',
  /** The portal's act-as token trying to act for a moderator (staff are never acted for). */
  'portalForStaff',
  /** The requester through a read-only token. */
  'readOnlyRequester',
] as const;
type Profile = (typeof PROFILES)[number];
type Person = (typeof PROFILES)[number] & (typeof BASE)[number];
/** The first nine columns, written out by hand in each row; the others follow from them unless given. */
const BASE = [
  'anonymous',
  'stranger',
  'requester',
  'approver',
  'moderator',
  'teamTechnician',
  'agent',
  'functionalAdmin',
  'technicalAdmin',
] as const;

/** What a cell's request acts on, made fresh for each cell; its key or id goes into `path`. */
type Given =
  | 'assigned'
  | 'unqualified'
  | 'pending_approval'
  | 'pending'
  | 'resolved'
  | 'providerReference'
  | 'bystanderToken'
  | 'bystanderTechnicalAdmin'
  | 'draftArticle'
  | 'publishedArticle'
  | 'suggestion'
  | 'failedNotification'
  | 'publicAttachment'
  | 'internalAttachment'
  | 'inboundMail'
  | 'heldMail'
  | 'vrProblem'
  | 'linkedIncident'
  | 'problemAndIncident'
  | 'linkedProblemAndIncident'
  | 'publicAnnouncement'
  | 'requestersAnnouncement'
  | 'webhook'
  | 'webhookDelivery';

interface Cell {
  method: string;
  path: (ref: string) => string;
  /** Default: an assigned VR room ticket when the path takes a reference, nothing otherwise. */
  given?: Given;
  /** Given the cell's `given` (e.g. to name a second ticket in the body). */
  body?: (ref: string) => unknown;
  /** A raw `message/rfc822` body (the mail gateway) instead of JSON. */
  raw?: () => string;
  expected: Record<Profile, number>;
}

/**
 * A row: the nine people columns by hand; by default the scoped admins answer like their ordinary
 * sessions, the portal acting for the requester like the requester, the portal acting for staff is
 * refused (403) on every authenticated route, and a read-only token reads like the requester and
 * may write nothing (403).
 */
function cell(
  method: string,
  path: (ref: string) => string,
  codes: number[],
  options: {
    given?: Given;
    body?: (ref: string) => unknown;
    raw?: () => string;
    also?: Partial<Record<Profile, number>>;
  } = {},
): Cell {
  const base = Object.fromEntries(BASE.map((p, i) => [p, codes[i]!])) as Record<Person, number>;
  const authenticated = base.anonymous === 401;
  const expected: Record<Profile, number> = {
    ...base,
    functionalAdminScoped: base.functionalAdmin,
    technicalAdminScoped: base.technicalAdmin,
    portalForRequester: base.requester,
    portalForStaff: authenticated ? 403 : base.requester,
    readOnlyRequester: !authenticated || method === 'GET' ? base.requester : 403,
    ...options.also,
  };
  return {
    method,
    path,
    expected,
    ...(options.given ? { given: options.given } : {}),
    ...(options.body ? { body: options.body } : {}),
    ...(options.raw ? { raw: options.raw } : {}),
  };
}
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();
/** Administrative writes: a functional admin through an administrative credential, nobody else. */
const ADMIN_ONLY = [401, 403, 403, 403, 403, 403, 403, 403, 403];
const adminOnly = { functionalAdminScoped: 200, portalForRequester: 403 };
/** Reads every signed-in person may do, also for a portal acting for a requester. */
const EVERYONE = [401, 200, 200, 200, 200, 200, 200, 200, 200];
/** Reads that need no token at all. */
const READ_BY_ALL = [200, 200, 200, 200, 200, 200, 200, 200, 200];

//                            anon stranger requester approver moderator teamTech agent fAdmin tAdmin
const MATRIX: Record<string, Cell> = {
  'GET /v1/me': cell('GET', () => '/v1/me', EVERYONE),
  // Everyone sets their own notification preferences (a portal acting for a requester, theirs).
  'GET /v1/me/notification-preferences': cell('GET', () => '/v1/me/notification-preferences', EVERYONE),
  'PUT /v1/me/notification-preferences': cell('PUT', () => '/v1/me/notification-preferences', EVERYONE, {
    body: () => ({ preferences: { 'ticket.replied': 'digest' } }),
  }),
  // Everyone follows services for themself (a portal acting for a requester, for them); nobody
  // names another person, so there is nobody else's to reach.
  'GET /v1/me/subscriptions': cell('GET', () => '/v1/me/subscriptions', EVERYONE),
  'PUT /v1/me/subscriptions/{service}': cell('PUT', () => '/v1/me/subscriptions/video', EVERYONE),
  'DELETE /v1/me/subscriptions/{service}': cell(
    'DELETE',
    () => '/v1/me/subscriptions/video',
    [401, 204, 204, 204, 204, 204, 204, 204, 204],
  ),
  'GET /v1/services': cell('GET', () => '/v1/services', EVERYONE),
  'GET /v1/establishments': cell('GET', () => '/v1/establishments', EVERYONE),
  'GET /v1/teams': cell('GET', () => '/v1/teams', EVERYONE),
  'GET /v1/providers': cell('GET', () => '/v1/providers', EVERYONE),
  'GET /v1/people': cell('GET', () => '/v1/people', [401, 403, 403, 200, 200, 200, 200, 200, 200]),
  // The mail outbox: technical admins through an administrative credential only.
  'GET /v1/mail/outbox': cell('GET', () => '/v1/mail/outbox', ADMIN_ONLY, {
    also: { technicalAdminScoped: 200, portalForRequester: 403 },
  }),
  'POST /v1/mail/outbox/{id}/retry': cell('POST', (id) => `/v1/mail/outbox/${id}/retry`, ADMIN_ONLY, {
    given: 'failedNotification',
    also: { technicalAdminScoped: 200, portalForRequester: 403 },
  }),
  // Authorised, then unavailable: this Guichet has no SMTP server.
  'POST /v1/mail/test': cell('POST', () => '/v1/mail/test', ADMIN_ONLY, {
    body: () => ({ to: 'admin@groupe-insa.fr' }),
    also: { technicalAdminScoped: 503, portalForRequester: 403 },
  }),
  // The mail gateway: feeding mail in is the MTA's (a technical admin's administrative token);
  // reading what came in is for admins, and for moderators the mail of their services' mailboxes.
  'POST /v1/mail/inbound': cell('POST', () => `/v1/mail/inbound?mailbox=${VR_MAILBOX}`, ADMIN_ONLY, {
    raw: () =>
      `From: demandeur@insa-rennes.fr\r\nTo: ${VR_MAILBOX}\r\nSubject: Casque VR\r\nMessage-ID: <${crypto.randomUUID()}@insa-rennes.fr>\r\n\r\nLe casque ne s'allume plus.\r\n`,
    also: { technicalAdminScoped: 200, portalForRequester: 403 },
  }),
  'GET /v1/mail/inbound': cell(
    'GET',
    () => '/v1/mail/inbound?decision=created',
    [401, 403, 403, 403, 200, 403, 403, 200, 200],
  ),
  'POST /v1/mail/inbound/{messageId}/resolve': cell(
    'POST',
    (id) => `/v1/mail/inbound/${encodeURIComponent(id)}/resolve`,
    [401, 403, 403, 403, 200, 403, 403, 200, 200],
    { given: 'heldMail', body: () => ({ action: 'dismiss' }) },
  ),
  'GET /v1/mail/inbound/{messageId}': cell(
    'GET',
    (id) => `/v1/mail/inbound/${encodeURIComponent(id)}`,
    [401, 403, 403, 403, 200, 403, 403, 200, 200],
    { given: 'inboundMail' },
  ),
  // Webhooks: functional and technical admins through an administrative credential, each on their
  // own subscriptions (the given one is the functional admin's: another admin does not find it).
  'POST /v1/webhooks': cell('POST', () => '/v1/webhooks', ADMIN_ONLY, {
    body: () => ({ url: 'http://127.0.0.1:9/hook', eventTypes: ['ticket.*'] }),
    also: { functionalAdminScoped: 201, technicalAdminScoped: 201, portalForRequester: 403 },
  }),
  'GET /v1/webhooks': cell('GET', () => '/v1/webhooks', ADMIN_ONLY, {
    also: { functionalAdminScoped: 200, technicalAdminScoped: 200, portalForRequester: 403 },
  }),
  ...webhookCells(),
  'POST /v1/people/{person}/profiles': cell(
    'POST',
    () => '/v1/people/cible.droits@insa-lyon.fr/profiles',
    ADMIN_ONLY,
    { body: () => ({ profile: 'moderator', service: 'chat' }), also: adminOnly },
  ),
  'POST profiles: technical_admin': cell(
    'POST',
    () => '/v1/people/cible.droits@insa-lyon.fr/profiles',
    ADMIN_ONLY,
    // Technical admins appoint technical admins; a functional admin may not (nor become one).
    { body: () => ({ profile: 'technical_admin' }), also: { technicalAdminScoped: 200 } },
  ),
  'DELETE profiles: technical_admin': cell(
    'DELETE',
    () => '/v1/people/cible.tech@groupe-insa.fr/profiles?profile=technical_admin',
    ADMIN_ONLY,
    { given: 'bystanderTechnicalAdmin', also: { technicalAdminScoped: 200 } },
  ),
  'PUT /v1/services/{code}': cell('PUT', () => '/v1/services/chat', ADMIN_ONLY, {
    body: () => ({ name: 'Messagerie instantanée du groupe' }),
    also: adminOnly,
  }),
  'GET /v1/services/{code}': cell('GET', () => '/v1/services/vr-room', EVERYONE),
  'PATCH /v1/services/{code}': cell('PATCH', () => '/v1/services/chat', ADMIN_ONLY, {
    body: () => ({ description: 'Rocket.Chat du groupe' }),
    also: adminOnly,
  }),
  'PUT /v1/establishments/{code}': cell('PUT', () => '/v1/establishments/insa-cvl', ADMIN_ONLY, {
    body: () => ({ name: 'INSA Centre Val de Loire', mailDomains: ['insa-cvl.fr'] }),
    also: adminOnly,
  }),
  'PUT /v1/teams/{code}': cell('PUT', () => '/v1/teams/chat', ADMIN_ONLY, {
    body: () => ({ name: 'Équipe messagerie' }),
    also: adminOnly,
  }),
  'PUT /v1/providers/{code}': cell('PUT', () => '/v1/providers/kelis', ADMIN_ONLY, {
    body: () => ({ name: 'Kelis', supportUrl: 'https://support.kelis.fr' }),
    also: adminOnly,
  }),
  'GET /v1/catalogue': cell('GET', () => '/v1/catalogue', ADMIN_ONLY, { also: adminOnly }),
  'POST /v1/catalogue/plan': cell('POST', () => '/v1/catalogue/plan', ADMIN_ONLY, {
    body: () => ({ services: [{ code: 'chat', name: 'Messagerie du groupe' }] }),
    also: adminOnly,
  }),
  'PUT /v1/catalogue': cell('PUT', () => '/v1/catalogue', ADMIN_ONLY, {
    body: () => ({ teams: [{ code: 'chat', name: 'Équipe messagerie' }] }),
    also: adminOnly,
  }),
  'PUT /v1/catalogue: deactivate a technical admin': cell('PUT', () => '/v1/catalogue', ADMIN_ONLY, {
    given: 'bystanderTechnicalAdmin',
    body: () => ({ people: [{ email: 'cible.tech@groupe-insa.fr', displayName: 'Cible', active: false }] }),
    also: { portalForRequester: 403 },
  }),
  'PUT /v1/catalogue: link an identity': cell('PUT', () => '/v1/catalogue', ADMIN_ONLY, {
    body: () => ({
      people: [{ email: 'cible.droits@insa-lyon.fr', displayName: 'Cible', subject: 'https://idp|attacker' }],
    }),
    also: { portalForRequester: 403 },
  }),
  'GET /v1/routing-rules': cell(
    'GET',
    () => '/v1/routing-rules',
    [401, 403, 403, 200, 200, 200, 200, 200, 200],
  ),
  'PUT /v1/routing-rules/{code}': cell('PUT', () => '/v1/routing-rules/chat', ADMIN_ONLY, {
    body: () => ({ position: 50, match: { service: 'chat', type: 'problem' }, team: 'portal' }),
    also: adminOnly,
  }),
  'GET /v1/auth/providers': cell(
    'GET',
    () => '/v1/auth/providers',
    [200, 200, 200, 200, 200, 200, 200, 200, 200],
  ),
  'GET /v1/events': cell('GET', () => '/v1/events', EVERYONE),
  'DELETE /v1/people/{person}/profiles': cell(
    'DELETE',
    () => '/v1/people/cible.droits@insa-lyon.fr/profiles?profile=moderator&service=chat',
    ADMIN_ONLY,
    { also: adminOnly },
  ),
  'POST /v1/tokens (own, read)': cell(
    'POST',
    () => '/v1/tokens',
    [401, 201, 201, 201, 201, 201, 201, 201, 201],
    {
      body: () => ({ name: 'script', scopes: ['read'] }),
      also: { portalForRequester: 403 },
    },
  ),
  'POST /v1/tokens (own, admin)': cell(
    'POST',
    () => '/v1/tokens',
    [401, 403, 403, 403, 403, 403, 403, 403, 403],
    {
      body: () => ({ name: 'admin', scopes: ['read', 'write', 'admin'] }),
      also: { functionalAdminScoped: 201, technicalAdminScoped: 201 },
    },
  ),
  'POST /v1/tokens (for someone else)': cell(
    'POST',
    () => '/v1/tokens',
    [401, 403, 403, 403, 403, 403, 403, 403, 403],
    {
      body: () => ({ person: 'cible.droits@insa-lyon.fr', name: 'script', scopes: ['read'] }),
      also: { technicalAdminScoped: 201 },
    },
  ),
  'POST /v1/tokens (act-as)': cell(
    'POST',
    () => '/v1/tokens',
    [401, 403, 403, 403, 403, 403, 403, 403, 403],
    {
      body: () => ({ person: 'portail@groupe-insa.fr', name: 'portal', scopes: ['read', 'write', 'act-as'] }),
      also: { technicalAdminScoped: 201 },
    },
  ),
  'GET /v1/tokens': cell('GET', () => '/v1/tokens', EVERYONE, { also: { portalForRequester: 403 } }),
  "DELETE /v1/tokens/{tokenId} (someone else's)": cell(
    'DELETE',
    (id) => `/v1/tokens/${id}`,
    [401, 404, 404, 404, 404, 404, 404, 404, 404],
    { given: 'bystanderToken', also: { technicalAdminScoped: 204, portalForRequester: 403 } },
  ),
  'GET /v1/tickets': cell('GET', () => '/v1/tickets', EVERYONE),
  'POST /v1/tickets': cell('POST', () => '/v1/tickets', [401, 201, 201, 201, 201, 201, 201, 201, 201], {
    body: () => ({ title: 'Bot muet', description: 'Le bot ne répond plus', service: 'bot' }),
  }),
  'GET ticket': cell('GET', (r) => `/v1/tickets/${r}`, [401, 404, 200, 200, 200, 200, 200, 200, 404]),
  'GET timeline': cell(
    'GET',
    (r) => `/v1/tickets/${r}/timeline`,
    [401, 404, 200, 200, 200, 200, 200, 200, 404],
  ),
  'POST reply': cell(
    'POST',
    (r) => `/v1/tickets/${r}/comments`,
    [401, 404, 200, 200, 200, 200, 200, 200, 404],
    {
      body: () => ({ body: 'Bonjour' }),
    },
  ),
  'POST internal note': cell(
    'POST',
    (r) => `/v1/tickets/${r}/comments`,
    [401, 404, 403, 200, 200, 200, 200, 200, 404],
    { body: () => ({ body: 'Entre nous', internal: true }) },
  ),
  'PATCH ticket': cell('PATCH', (r) => `/v1/tickets/${r}`, [401, 404, 403, 403, 200, 403, 200, 200, 404], {
    body: () => ({ impact: 'high' }),
  }),
  'PATCH ticket: link a problem hidden from the caller': cell(
    'PATCH',
    (r) => `/v1/tickets/${r}`,
    // Nobody on the VR ticket may see the Moodle problem: it is unknown to them (the same answer
    // as for a reference that does not exist), whatever they may do on the ticket itself.
    [401, 404, 422, 422, 422, 422, 422, 200, 404],
    { body: () => ({ linkedProblem: hiddenProblem }) },
  ),
  'GET comments': cell(
    'GET',
    (r) => `/v1/tickets/${r}/comments`,
    [401, 404, 200, 200, 200, 200, 200, 200, 404],
  ),
  // The VR room's moderator (its manager) is also its approver, as in MISSION's example.
  approve: cell(
    'POST',
    (r) => `/v1/tickets/${r}/actions/approve`,
    [401, 404, 403, 200, 200, 404, 404, 200, 404],
    { given: 'pending_approval', body: () => ({}) },
  ),
  reject: cell(
    'POST',
    (r) => `/v1/tickets/${r}/actions/reject`,
    [401, 404, 403, 200, 200, 404, 404, 200, 404],
    { given: 'pending_approval', body: () => ({ reason: 'Pas de créneau' }) },
  ),
  // A ticket opened without a service waits, new, in every moderator's queue.
  assign: cell(
    'POST',
    (r) => `/v1/tickets/${r}/actions/assign`,
    [401, 404, 403, 404, 200, 404, 404, 200, 404],
    {
      given: 'unqualified',
      body: () => ({ team: 'vr-room', agent: 'vr.tech@insa-rennes.fr', type: 'request' }),
    },
  ),
  reassign: cell(
    'POST',
    (r) => `/v1/tickets/${r}/actions/reassign`,
    [401, 404, 403, 403, 200, 403, 200, 200, 404],
    { body: () => ({ team: 'vr-room', agent: 'vr.tech2@insa-rennes.fr' }) },
  ),
  pend: cell('POST', (r) => `/v1/tickets/${r}/actions/pend`, [401, 404, 403, 403, 200, 403, 200, 403, 404], {
    body: () => ({ until: tomorrow(), reason: 'Test demain' }),
  }),
  'request-info': cell(
    'POST',
    (r) => `/v1/tickets/${r}/actions/request-info`,
    [401, 404, 403, 403, 200, 403, 200, 403, 404],
    { body: () => ({ question: 'Quelle salle ?' }) },
  ),
  resolve: cell(
    'POST',
    (r) => `/v1/tickets/${r}/actions/resolve`,
    [401, 404, 403, 403, 200, 403, 200, 403, 404],
    { body: () => ({ service: 'vr-room', solution: 'Réglé' }) },
  ),
  resume: cell(
    'POST',
    (r) => `/v1/tickets/${r}/actions/resume`,
    [401, 404, 403, 403, 200, 403, 200, 200, 404],
    { given: 'pending', body: () => ({}) },
  ),
  reopen: cell(
    'POST',
    (r) => `/v1/tickets/${r}/actions/reopen`,
    [401, 404, 200, 403, 200, 403, 200, 403, 404],
    { given: 'resolved', body: () => ({ reason: 'Toujours en panne' }) },
  ),
  close: cell(
    'POST',
    (r) => `/v1/tickets/${r}/actions/close`,
    [401, 404, 403, 403, 200, 403, 403, 200, 404],
    { given: 'resolved', body: () => ({}) },
  ),
  'provider reference': cell(
    'POST',
    (r) => `/v1/tickets/${r}/provider-references`,
    [401, 404, 403, 403, 200, 403, 200, 403, 404],
    { body: () => ({ provider: 'kelis', externalId: 'K-1' }) },
  ),
  // The knowledge base, on articles about the VR room: its technicians write, its moderator publishes.
  'GET /v1/articles (search; no token: public ones)': cell(
    'GET',
    () => '/v1/articles?q=casque',
    [200, 200, 200, 200, 200, 200, 200, 200, 200],
    { also: { portalForStaff: 403 } },
  ),
  'GET article (published for requesters)': cell(
    'GET',
    (r) => `/v1/articles/${r}`,
    [404, 200, 200, 200, 200, 200, 200, 200, 200],
    { given: 'publishedArticle', also: { portalForStaff: 403 } },
  ),
  'GET article (draft)': cell(
    'GET',
    (r) => `/v1/articles/${r}`,
    [404, 404, 404, 404, 200, 200, 200, 200, 404],
    {
      given: 'draftArticle',
      also: { portalForStaff: 403 },
    },
  ),
  'POST /v1/articles': cell('POST', () => '/v1/articles', [401, 403, 403, 403, 201, 201, 201, 201, 403], {
    body: () => ({ title: 'Régler le casque', kind: 'how_to', services: ['vr-room'] }),
  }),
  'PATCH article (draft)': cell(
    'PATCH',
    (r) => `/v1/articles/${r}`,
    [401, 404, 404, 404, 200, 200, 200, 200, 404],
    {
      given: 'draftArticle',
      body: () => ({ summary: 'Pas à pas' }),
    },
  ),
  'PATCH article (published)': cell(
    'PATCH',
    (r) => `/v1/articles/${r}`,
    [401, 403, 403, 403, 200, 403, 403, 200, 403],
    { given: 'publishedArticle', body: () => ({ summary: 'Pas à pas' }) },
  ),
  'DELETE article (draft)': cell(
    'DELETE',
    (r) => `/v1/articles/${r}`,
    [401, 404, 404, 404, 204, 204, 204, 204, 404],
    {
      given: 'draftArticle',
    },
  ),
  'article submit': cell(
    'POST',
    (r) => `/v1/articles/${r}/actions/submit`,
    [401, 404, 404, 404, 200, 200, 200, 200, 404],
    { given: 'draftArticle', body: () => ({}) },
  ),
  'article publish': cell(
    'POST',
    (r) => `/v1/articles/${r}/actions/publish`,
    [401, 404, 404, 404, 200, 403, 403, 200, 404],
    { given: 'draftArticle', body: () => ({ audience: 'public' }) },
  ),
  'article return-to-draft': cell(
    'POST',
    (r) => `/v1/articles/${r}/actions/return-to-draft`,
    [401, 403, 403, 403, 200, 403, 403, 200, 403],
    { given: 'publishedArticle', body: () => ({}) },
  ),
  'article archive': cell(
    'POST',
    (r) => `/v1/articles/${r}/actions/archive`,
    [401, 403, 403, 403, 200, 403, 403, 200, 403],
    { given: 'publishedArticle', body: () => ({}) },
  ),
  'article vote': cell(
    'POST',
    (r) => `/v1/articles/${r}/votes`,
    [401, 200, 200, 200, 200, 200, 200, 200, 200],
    { given: 'publishedArticle', body: () => ({ value: 'helpful' }) },
  ),
  'article revisions': cell(
    'GET',
    (r) => `/v1/articles/${r}/revisions`,
    [401, 404, 404, 404, 200, 200, 200, 200, 404],
    { given: 'publishedArticle' },
  ),
  'article revision': cell(
    'GET',
    (r) => `/v1/articles/${r}/revisions/1`,
    [401, 404, 404, 404, 200, 200, 200, 200, 404],
    { given: 'publishedArticle' },
  ),
  'article restore': cell(
    'POST',
    (r) => `/v1/articles/${r}/revisions/1/restore`,
    [401, 403, 403, 403, 200, 403, 403, 200, 403],
    { given: 'publishedArticle' },
  ),
  // The approver sees the ticket but handles no service: no article; the requester is not staff.
  // Announcements: anyone reads the public ones (a token, the requesters' ones too); the moderators
  // of all the services concerned, or functional admins, publish and update.
  'GET /v1/announcements (no token: public ones)': cell('GET', () => '/v1/announcements', READ_BY_ALL, {
    also: { portalForStaff: 403 },
  }),
  'GET /v1/announcements/feed.atom': cell('GET', () => '/v1/announcements/feed.atom', READ_BY_ALL, {
    also: { portalForStaff: 403 },
  }),
  'GET /v1/announcements/feed.json': cell('GET', () => '/v1/announcements/feed.json', READ_BY_ALL, {
    also: { portalForStaff: 403 },
  }),
  'GET /v1/announcements/{id} (public)': cell('GET', (r) => `/v1/announcements/${r}`, READ_BY_ALL, {
    given: 'publicAnnouncement',
    also: { portalForStaff: 403 },
  }),
  'GET /v1/announcements/{id} (signed-in readers only)': cell(
    'GET',
    (r) => `/v1/announcements/${r}`,
    [404, 200, 200, 200, 200, 200, 200, 200, 200],
    { given: 'requestersAnnouncement', also: { portalForStaff: 403 } },
  ),
  'POST /v1/announcements': cell(
    'POST',
    () => '/v1/announcements',
    [401, 403, 403, 403, 201, 403, 403, 201, 403],
    {
      body: () => ({ title: { fr: 'Cube VR fermé' }, severity: 'outage', services: ['vr-room'] }),
    },
  ),
  'POST /v1/announcements (notify)': cell(
    'POST',
    () => '/v1/announcements',
    [401, 403, 403, 403, 201, 403, 403, 201, 403],
    {
      body: () => ({
        title: { fr: 'Cube VR fermé' },
        severity: 'outage',
        services: ['vr-room'],
        notify: true,
      }),
    },
  ),
  'POST /v1/announcements (whole group)': cell(
    'POST',
    () => '/v1/announcements',
    [401, 403, 403, 403, 403, 403, 403, 201, 403],
    { body: () => ({ title: { fr: 'Coupure réseau du groupe' }, severity: 'outage' }) },
  ),
  'PATCH /v1/announcements/{id}': cell(
    'PATCH',
    (r) => `/v1/announcements/${r}`,
    [401, 403, 403, 403, 200, 403, 403, 200, 403],
    { given: 'publicAnnouncement', body: () => ({ severity: 'degraded' }) },
  ),
  'POST /v1/announcements/{id}/updates': cell(
    'POST',
    (r) => `/v1/announcements/${r}/updates`,
    [401, 403, 403, 403, 201, 403, 403, 201, 403],
    { given: 'publicAnnouncement', body: () => ({ status: 'identified', message: { fr: 'Cause trouvée' } }) },
  ),
  'POST /v1/announcements/{id}/updates (notify)': cell(
    'POST',
    (r) => `/v1/announcements/${r}/updates`,
    [401, 403, 403, 403, 201, 403, 403, 201, 403],
    {
      given: 'publicAnnouncement',
      body: () => ({ status: 'identified', message: { fr: 'Cause trouvée' }, notify: true }),
    },
  ),
  'POST /v1/tickets/{reference}/articles': cell(
    'POST',
    (r) => `/v1/tickets/${r}/articles`,
    [401, 404, 403, 403, 201, 201, 201, 201, 404],
    { given: 'resolved', body: () => ({}) },
  ),
  'GET /v1/tickets/{reference}/articles': cell(
    'GET',
    (r) => `/v1/tickets/${r}/articles`,
    [401, 404, 200, 200, 200, 200, 200, 200, 404],
  ),
  // Service levels are for staff on the ticket: the requester sees the ticket, not its clocks.
  'GET /v1/tickets/{reference}/service-levels': cell(
    'GET',
    (r) => `/v1/tickets/${r}/service-levels`,
    [401, 404, 403, 200, 200, 200, 200, 200, 404],
  ),
  // Reports: staff of services (moderators) and teams (technicians) on their own tickets, functional
  // admins on all; a requester, a technical admin (no service, no team) and any portal: refused.
  'GET /v1/reports/{name}': cell(
    'GET',
    () => '/v1/reports/volume?from=2026-01-01&to=2026-12-31&by=service',
    [401, 403, 403, 403, 200, 200, 200, 200, 403],
  ),
  'GET /v1/suggestions': cell('GET', () => '/v1/suggestions?title=casque%20VR', EVERYONE),
  // Only the person the suggestions were shown to (the requester) says they answered them.
  'POST /v1/suggestions/{id}/deflect': cell(
    'POST',
    (id) => `/v1/suggestions/${id}/deflect`,
    [401, 404, 204, 404, 404, 404, 404, 404, 404],
    { given: 'suggestion', body: () => ({}) },
  ),
  'GET /v1/tags (no token needed)': cell(
    'GET',
    () => '/v1/tags',
    [200, 200, 200, 200, 200, 200, 200, 200, 200],
    {
      also: { portalForStaff: 403 },
    },
  ),
  'PUT /v1/tags/{code}': cell('PUT', () => '/v1/tags/casque', [401, 403, 403, 403, 200, 403, 403, 200, 403], {
    body: () => ({ label: 'Casque', synonyms: ['visiocasque'] }),
  }),
  // Attachments: uploading is writing a reply (public) or a note (internal); a read-only token may
  // download but not upload; an internal note's file is unknown (404) to the requester.
  'POST attachments (public)': cell(
    'POST',
    (r) => `/v1/tickets/${r}/attachments`,
    [401, 404, 201, 201, 201, 201, 201, 201, 404],
    { body: () => attachmentForm({}) },
  ),
  'POST attachments (internal note)': cell(
    'POST',
    (r) => `/v1/tickets/${r}/attachments`,
    [401, 404, 403, 201, 201, 201, 201, 201, 404],
    { body: () => attachmentForm({ visibility: 'internal', body: 'Journal' }) },
  ),
  'GET /v1/tickets/{reference}/attachments': cell(
    'GET',
    (r) => `/v1/tickets/${r}/attachments`,
    [401, 404, 200, 200, 200, 200, 200, 200, 404],
  ),
  'GET /v1/attachments/{id} (public)': cell(
    'GET',
    (id) => `/v1/attachments/${id}`,
    [401, 404, 200, 200, 200, 200, 200, 200, 404],
    { given: 'publicAttachment' },
  ),
  'GET /v1/attachments/{id} (internal note)': cell(
    'GET',
    (id) => `/v1/attachments/${id}`,
    [401, 404, 404, 200, 200, 200, 200, 200, 404],
    { given: 'internalAttachment' },
  ),
  'PATCH provider reference': cell(
    'PATCH',
    (r) => `/v1/tickets/${r}`,
    [401, 404, 403, 403, 200, 403, 200, 403, 404],
    {
      given: 'providerReference',
      body: () => ({ status: 'resolved', notes: 'Corrigé chez le prestataire' }),
    },
  ),
  // Problems, on a VR room problem: its moderator and technicians (agent, team) edit it and link;
  // linking changes the incident through its `edit`, which a team technician who is not the
  // incident's agent may not do. Requesters read a linked problem only from their incident.
  'GET /v1/problems/{reference}': cell(
    'GET',
    (r) => `/v1/problems/${r}`,
    [401, 404, 404, 200, 200, 200, 200, 200, 404],
    { given: 'vrProblem' },
  ),
  'PUT /v1/problems/{reference}': cell(
    'PUT',
    (r) => `/v1/problems/${r}`,
    [401, 404, 404, 403, 200, 200, 200, 200, 404],
    { given: 'vrProblem', body: () => ({ workaround: 'Utiliser le casque 1', rootCause: 'Firmware 2.1' }) },
  ),
  'GET /v1/problems/{reference}/incidents': cell(
    'GET',
    (r) => `/v1/problems/${part(r, 0)}/incidents`,
    [401, 404, 404, 200, 200, 200, 200, 200, 404],
    { given: 'linkedProblemAndIncident' },
  ),
  'POST /v1/problems/{reference}/incidents': cell(
    'POST',
    (r) => `/v1/problems/${part(r, 0)}/incidents`,
    [401, 404, 404, 403, 200, 403, 200, 200, 404],
    { given: 'problemAndIncident', body: (r) => ({ incident: part(r, 1) }) },
  ),
  'DELETE /v1/problems/{reference}/incidents/{incident}': cell(
    'DELETE',
    (r) => `/v1/problems/${part(r, 0)}/incidents/${part(r, 1)}`,
    [401, 404, 404, 403, 204, 403, 204, 204, 404],
    { given: 'linkedProblemAndIncident' },
  ),
  'POST /v1/problems/{reference}/resolve-incidents': cell(
    'POST',
    (r) => `/v1/problems/${part(r, 0)}/resolve-incidents`,
    [401, 404, 404, 403, 200, 200, 200, 200, 404],
    { given: 'linkedProblemAndIncident', body: () => ({ solution: 'Firmware 2.2 installé' }) },
  ),
  'GET /v1/problems/{reference}/suggested-incidents': cell(
    'GET',
    (r) => `/v1/problems/${r}/suggested-incidents`,
    [401, 404, 404, 403, 200, 200, 200, 200, 404],
    { given: 'vrProblem' },
  ),
  'GET /v1/tickets/{reference}/problem': cell(
    'GET',
    (r) => `/v1/tickets/${r}/problem`,
    [401, 404, 200, 200, 200, 200, 200, 200, 404],
    { given: 'linkedIncident' },
  ),
};

/** Part `i` of a given naming two tickets ("PROBLEM INCIDENT"); a lone reference is both. */
const part = (ref: string, i: number) => ref.split(' ')[i] ?? ref;

/** A multipart upload of one small file, with the given fields first. */
function attachmentForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('files', new Blob([Buffer.from('capture')], { type: 'image/png' }), 'capture.png');
  return form;
}
/** The VR room's mailbox (its moderator reads its mail). */
const VR_MAILBOX = 'cube-vr@insa-rennes.fr';

let g: TestGuichet;
let app: ReturnType<typeof createApp>;
const tokens = {} as Record<Exclude<Profile, 'anonymous'>, string>;
/** Whom the portal's columns act for. */
const ACT_AS: Partial<Record<Profile, string>> = {
  portalForRequester: 'demandeur@insa-rennes.fr',
  portalForStaff: 'vr.manager@insa-rennes.fr',
};
let requesterId: string;
let managerId: string;
let agentId: string;
let functionalAdminId: string;
/** A Moodle problem ticket that the VR room's staff cannot see. */
let hiddenProblem: string;

beforeAll(async () => {
  // Webhook targets on this machine are allowed (the subscriptions of the webhook rows).
  g = await createTestGuichet({ webhooks: { allowHttp: true, allowedTargets: ['127.0.0.1'] } });
  await givenDemoCatalogue(g);
  const people = {
    stranger: 'autre.etudiant@insa-lyon.fr',
    requester: 'demandeur@insa-rennes.fr',
    approver: 'approbateur@insa-rennes.fr',
    moderator: 'vr.manager@insa-rennes.fr',
    teamTechnician: 'vr.tech2@insa-rennes.fr',
    agent: 'vr.tech@insa-rennes.fr',
    functionalAdmin: 'fonctionnel@groupe-insa.fr',
    technicalAdmin: 'exploitation@groupe-insa.fr',
    portal: 'portail@groupe-insa.fr',
  };
  // Profiles are granted to bystanders, so no cell changes what another cell's caller may do.
  for (const email of [...Object.values(people), 'cible.droits@insa-lyon.fr', 'cible.tech@groupe-insa.fr'])
    await g.catalogue.upsertPerson({ email, displayName: email });
  await g.catalogue.grantProfile({ person: people.approver, profile: 'approver', service: 'vr-room' });
  await g.catalogue.grantProfile({ person: people.teamTechnician, profile: 'technician', team: 'vr-room' });
  await g.catalogue.grantProfile({ person: people.functionalAdmin, profile: 'functional_admin' });
  await g.catalogue.grantProfile({ person: people.technicalAdmin, profile: 'technical_admin' });
  await g.catalogue.applyDocument({ mailboxes: [{ address: VR_MAILBOX, service: 'vr-room' }] });
  // Routing must pick the demo technician: the second one stays out of the rule's choice.
  await g.catalogue.upsertRoutingRule({
    code: 'vr-room',
    position: 10,
    match: { service: 'vr-room' },
    team: 'vr-room',
    agent: people.agent,
    defaultType: 'request',
  });
  const mint = async (person: string, scopes: TokenScope[]) =>
    (await g.tokens.create({ person, name: 'matrix', scopes }, 'local')).token;
  const portal = await mint(people.portal, ['read', 'write', 'act-as']);
  Object.assign(tokens, {
    stranger: await mint(people.stranger, ['read', 'write']),
    requester: await mint(people.requester, ['read', 'write']),
    approver: await mint(people.approver, ['read', 'write']),
    moderator: await mint(people.moderator, ['read', 'write']),
    teamTechnician: await mint(people.teamTechnician, ['read', 'write']),
    agent: await mint(people.agent, ['read', 'write']),
    functionalAdmin: await mint(people.functionalAdmin, ['read', 'write']),
    technicalAdmin: await mint(people.technicalAdmin, ['read', 'write']),
    functionalAdminScoped: await mint(people.functionalAdmin, ['read', 'write', 'admin']),
    technicalAdminScoped: await mint(people.technicalAdmin, ['read', 'write', 'admin']),
    portalForRequester: portal,
    portalForStaff: portal,
    readOnlyRequester: await mint(people.requester, ['read']),
  });
  requesterId = (await g.catalogue.findActivePerson(people.requester))!.personId;
  managerId = (await g.catalogue.findActivePerson(people.moderator))!.personId;
  agentId = (await g.catalogue.findActivePerson(people.agent))!.personId;
  functionalAdminId = (await g.catalogue.findActivePerson(people.functionalAdmin))!.personId;
  const student = await g.catalogue.upsertPerson({ email: 'etudiant.moodle@insa-lyon.fr', displayName: 'É' });
  hiddenProblem = (
    await g.tickets.create(
      { personId: student.id },
      { title: 'Erreur de lecture', description: 'database read error', service: 'moodle', type: 'problem' },
    )
  ).reference;
  // Every anonymous cell is a failed authentication from the same address: the matrix is not the
  // place to meet the per-address limit (http.security.int.test.ts tests it).
  app = createApp(g, { authFailuresPerMinute: 10_000 });
});

afterAll(async () => {
  await g?.dispose();
});

async function assignedTicket(): Promise<string> {
  const t = await g.tickets.create(
    { personId: requesterId },
    { title: 'Casque VR', description: 'Le casque 2 ne s’allume plus', service: 'vr-room' },
  );
  const approved = await g.tickets.act({ personId: managerId }, t.reference, { action: 'approve' });
  expect(approved).toMatchObject({ status: 'assigned', agent: { email: 'vr.tech@insa-rennes.fr' } });
  return t.reference;
}

/** A VR room problem, approved and routed to the VR technician by its moderator. */
async function vrProblem(): Promise<string> {
  const t = await g.tickets.create(
    { personId: managerId },
    {
      title: 'Casques VR qui s’éteignent',
      description: 'Plusieurs casques s’éteignent',
      service: 'vr-room',
      type: 'problem',
    },
  );
  const approved = await g.tickets.act({ personId: managerId }, t.reference, { action: 'approve' });
  if (approved.type !== 'problem') {
    await g.tickets.act({ personId: managerId }, t.reference, {
      action: 'edit',
      changes: { type: 'problem' },
    });
  }
  return t.reference;
}

/** A VR room problem and an assigned incident of the requester linked to it. */
async function linkedPair(): Promise<{ problem: string; incident: string }> {
  const problem = await vrProblem();
  const incident = await assignedTicket();
  await g.problems.link({ personId: managerId }, problem, { incident });
  return { problem, incident };
}

async function attachmentOn(reference: string, personId: string, visibility: 'public' | 'internal') {
  const upload = await g.attachments.begin({ personId }, reference, { visibility, body: 'Pièce jointe' });
  await upload.add('capture.png', [Buffer.from('capture')]);
  return (await upload.commit()).attachments[0]!.id;
}

/** The rows on one subscription (and one of its deliveries): its owner only. */
function webhookCells(): Record<string, Cell> {
  const own = { functionalAdminScoped: 200, technicalAdminScoped: 404, portalForRequester: 403 };
  const on = (method: string, suffix: string, options: { body?: () => unknown; ok?: number } = {}) =>
    cell(method, (id) => `/v1/webhooks/${id}${suffix}`, ADMIN_ONLY, {
      given: 'webhook',
      ...(options.body ? { body: options.body } : {}),
      also: { ...own, functionalAdminScoped: options.ok ?? 200 },
    });
  return {
    'GET /v1/webhooks/{id}': on('GET', ''),
    'PATCH /v1/webhooks/{id}': on('PATCH', '', { body: () => ({ description: 'Supervision' }) }),
    'DELETE /v1/webhooks/{id}': on('DELETE', '', { ok: 204 }),
    'POST /v1/webhooks/{id}/rotate-secret': on('POST', '/rotate-secret'),
    'GET /v1/webhooks/{id}/deliveries': on('GET', '/deliveries'),
    // Sent at once to a port where nobody listens: authorised, and the failed attempt is the answer.
    'POST /v1/webhooks/{id}/test': on('POST', '/test'),
    'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': cell(
      'POST',
      (ref) => {
        const [id, deliveryId] = ref.split('|');
        return `/v1/webhooks/${id}/deliveries/${deliveryId ?? 'D'}/redeliver`;
      },
      ADMIN_ONLY,
      { given: 'webhookDelivery', also: own },
    ),
  };
}

async function givenWebhook(): Promise<{ id: string; deliveryId: string }> {
  const owner = { personId: functionalAdminId, scopes: new Set<TokenScope>(['read', 'write', 'admin']) };
  const sub = await g.webhooks.create(owner, { url: 'http://127.0.0.1:9/hook', eventTypes: ['ticket.*'] });
  // A test event to a port where nobody listens: a failed delivery, which may be redelivered.
  const delivery = await g.webhooks.test(owner, sub.id);
  return { id: sub.id, deliveryId: delivery.id };
}

const GIVEN: Record<Given, () => Promise<string>> = {
  webhook: async () => (await givenWebhook()).id,
  webhookDelivery: async () => {
    const { id, deliveryId } = await givenWebhook();
    return `${id}|${deliveryId}`;
  },
  assigned: assignedTicket,
  pending_approval: async () =>
    (
      await g.tickets.create(
        { personId: requesterId },
        { title: 'Casque VR', description: 'Réservation du cube', service: 'vr-room' },
      )
    ).reference,
  unqualified: async () =>
    (
      await g.tickets.create(
        { personId: requesterId },
        { title: 'Je ne sais pas où demander', description: 'Un souci avec un casque' },
      )
    ).reference,
  providerReference: async () => {
    const ref = await assignedTicket();
    const view = await g.tickets.act({ personId: agentId }, ref, {
      action: 'provider_escalate',
      provider: 'kelis',
      externalId: 'K-9',
    });
    return `${ref}/provider-references/${view.providerReferences[0]!.id}`;
  },
  pending: async () => {
    const ref = await assignedTicket();
    await g.tickets.act({ personId: agentId }, ref, {
      action: 'pend',
      until: new Date(tomorrow()),
      reason: 'Pièce',
    });
    return ref;
  },
  resolved: async () => {
    const ref = await assignedTicket();
    await g.tickets.act({ personId: agentId }, ref, {
      action: 'resolve',
      service: 'vr-room',
      solution: 'Réglé',
    });
    return ref;
  },
  bystanderToken: async () =>
    (await g.tokens.create({ person: 'cible.droits@insa-lyon.fr', name: 'other', scopes: ['read'] }, 'local'))
      .id,
  draftArticle: async () =>
    (
      await g.knowledgeBase.create(
        { personId: agentId },
        { title: 'Casque VR : brouillon', kind: 'how_to', services: ['vr-room'] },
      )
    ).reference,
  publishedArticle: async () => {
    const a = await g.knowledgeBase.create(
      { personId: managerId },
      { title: 'Casque VR qui ne s’allume plus', kind: 'faq', services: ['vr-room'] },
    );
    await g.knowledgeBase.changeStatus({ personId: managerId }, a.reference, {
      action: 'publish',
      audience: 'requesters',
    });
    return a.reference;
  },
  suggestion: async () =>
    (await g.knowledgeBase.suggest({ personId: requesterId }, { title: 'Casque VR' })).id,
  failedNotification: async () => {
    // A message the SMTP server refused for good (this Guichet sends no email).
    const client = new pg.Client({ connectionString: g.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(
        `insert into notification (id, created_at, updated_at, recipient_id, kind, language, subject, body,
           status, attempts, next_attempt_at, last_error)
         values (gen_random_uuid(), now(), now(), $1, 'ticket.closed', 'fr', '[GU-2026-000001] Clos', 'Clos',
           'failed', 8, now(), 'EENVELOPE 451') returning id`,
        [requesterId],
      );
      return rows[0]!.id;
    } finally {
      await client.end();
    }
  },
  publicAttachment: async () => attachmentOn(await assignedTicket(), requesterId, 'public'),
  internalAttachment: async () => attachmentOn(await assignedTicket(), agentId, 'internal'),
  heldMail: async () => {
    // A sender on no establishment's domain: the mailbox holds it for a moderator.
    const messageId = `<${crypto.randomUUID()}@exterieur.example>`;
    await g.mailGateway.ingest(
      Buffer.from(
        `From: inconnu@exterieur.example\r\nSubject: Casque VR\r\nMessage-ID: ${messageId}\r\n\r\nBonjour\r\n`,
      ),
      { mailbox: VR_MAILBOX },
    );
    return messageId;
  },
  inboundMail: async () => {
    const messageId = `<${crypto.randomUUID()}@insa-rennes.fr>`;
    await g.mailGateway.ingest(
      Buffer.from(
        `From: demandeur@insa-rennes.fr\r\nSubject: Casque VR\r\nMessage-ID: ${messageId}\r\n\r\nBonjour\r\n`,
      ),
      { mailbox: VR_MAILBOX },
    );
    return messageId;
  },
  vrProblem: vrProblem,
  linkedIncident: async () => (await linkedPair()).incident,
  problemAndIncident: async () => `${await vrProblem()} ${await assignedTicket()}`,
  linkedProblemAndIncident: async () => {
    const { problem, incident } = await linkedPair();
    return `${problem} ${incident}`;
  },
  publicAnnouncement: async () =>
    (
      await g.announcements.create(
        { personId: managerId },
        { title: { fr: 'Cube VR fermé' }, severity: 'outage', services: ['vr-room'] },
      )
    ).id,
  requestersAnnouncement: async () =>
    (
      await g.announcements.create(
        { personId: managerId },
        {
          title: { fr: 'Casques en révision' },
          severity: 'maintenance',
          services: ['vr-room'],
          audience: 'requesters',
        },
      )
    ).id,
  bystanderTechnicalAdmin: async () => {
    await g.catalogue.upsertPerson({
      email: 'cible.tech@groupe-insa.fr',
      displayName: 'Cible',
      active: true,
    });
    await g.catalogue.grantProfile({ person: 'cible.tech@groupe-insa.fr', profile: 'technical_admin' });
    return '';
  },
};

describe('authorization matrix', () => {
  const cases = Object.entries(MATRIX).flatMap(([route, cell]) =>
    PROFILES.map((profile) => ({ route, cell, profile })),
  );
  it.each(cases)('$route as $profile', async ({ cell, profile }) => {
    const ref = cell.given
      ? await GIVEN[cell.given]()
      : cell.path('X').includes('X')
        ? await assignedTicket()
        : '';
    const body = cell.body?.(ref);
    // A form sets its own Content-Type (with its boundary).
    const form = body instanceof FormData;
    const raw = cell.raw?.();
    const res = await app.request(cell.path(ref), {
      method: cell.method,
      headers: {
        ...(profile === 'anonymous' ? {} : { Authorization: `Bearer ${tokens[profile]}` }),
        ...(ACT_AS[profile] ? { 'Guichet-Act-As': ACT_AS[profile] } : {}),
        ...(body && !form ? { 'Content-Type': 'application/json' } : {}),
        ...(raw ? { 'Content-Type': 'message/rfc822' } : {}),
      },
      ...(body ? { body: form ? body : JSON.stringify(body) } : {}),
      ...(raw ? { body: raw } : {}),
    });
    // The event stream never ends by itself: its status is the answer, then it is closed.
    const streaming = res.headers.get('Content-Type')?.startsWith('text/event-stream');
    const text = streaming ? (await res.body?.cancel(), '') : await res.text();
    expect(res.status, text).toBe(cell.expected[profile]);
    if (res.status >= 400) expect(res.headers.get('Content-Type')).toBe('application/problem+json');
  });
});

describe('the matrix itself', () => {
  it('has a row for every operation of the OpenAPI document', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({
        name: `${method.toUpperCase()} ${path}`,
        pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/?]+')}(\\?|$)`),
        method: method.toUpperCase(),
      })),
    );
    const sample = (cell: Cell) =>
      cell.path(cell.given === 'providerReference' ? 'REF/provider-references/ID' : 'REF');
    const missing = operations.filter(
      (op) =>
        !Object.values(MATRIX).some((cell) => cell.method === op.method && op.pattern.test(sample(cell))),
    );
    expect(missing.map((op) => op.name)).toEqual([]);
  });
});
