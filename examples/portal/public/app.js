// The example portal: sign-in with OpenID Connect (authorization code + PKCE, oauth4webapi), then the
// Guichet API with the person's own access token. Plain modules, no build step: copy and adapt.
import { EventSourceParserStream } from '/vendor/eventsource-parser/stream.js';
import * as oauth from '/vendor/oauth4webapi.js';

const STATUS = {
  pending_approval: 'En attente d’approbation',
  new: 'Nouveau',
  assigned: 'Pris en charge',
  pending: 'En attente',
  resolved: 'Résolu',
  closed: 'Clos',
  rejected: 'Refusé',
};
const EVENT = {
  created: 'Ticket ouvert',
  approval_requested: 'Approbation demandée',
  approval_granted: 'Demande approuvée',
  approval_refused: 'Demande refusée',
  assigned: 'Pris en charge',
  reassigned: 'Transféré',
  pended: 'Mis en attente',
  info_requested: 'Question du technicien',
  woken: 'Reprise automatique',
  resumed: 'Reprise',
  resolved: 'Résolu',
  reopened: 'Rouvert',
  closed: 'Clos',
  field_changed: 'Ticket modifié',
  public_reply: 'Réponse',
  requester_replied: 'Votre réponse',
  provider_escalated: 'Transmis au fournisseur',
  provider_updated: 'Suivi du fournisseur',
};
const TOKEN_KEY = 'guichet.portal.token';
const FLOW_KEY = 'guichet.portal.flow';

const $ = (id) => document.getElementById(id);
const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });

const config = await (await fetch('/config.json')).json();
const insecure = new URL(config.issuer).protocol === 'http:';
const httpOptions = insecure ? { [oauth.allowInsecureRequests]: true } : {};
const client = { client_id: config.clientId };
const redirectUri = `${location.origin}/`;
let serviceNames = new Map();
let current = null;

async function authorizationServer() {
  const issuer = new URL(config.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, httpOptions));
}

async function signIn() {
  const as = await authorizationServer();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(FLOW_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    resource: config.audience,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url);
}

/** Back from the identity provider with `?code=…&state=…`: trade the code for an access token. */
async function completeSignIn() {
  const flow = JSON.parse(sessionStorage.getItem(FLOW_KEY) ?? 'null');
  sessionStorage.removeItem(FLOW_KEY);
  const here = new URL(location.href);
  history.replaceState(null, '', `${here.origin}/#/tickets`);
  if (!flow) throw new Error('Connexion interrompue : recommencez.');
  const as = await authorizationServer();
  const params = oauth.validateAuthResponse(as, client, here, flow.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri,
    flow.verifier,
    { ...httpOptions, additionalParameters: { resource: config.audience } },
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response);
  sessionStorage.setItem(TOKEN_KEY, result.access_token);
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.assign('/');
}

class ApiError extends Error {}

/** Calls the API; a problem document becomes an error with its French title and detail. */
async function api(path, init = {}) {
  const res = await fetch(new URL(path, config.apiUrl), {
    ...init,
    headers: {
      Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}`,
      'Accept-Language': 'fr',
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    },
  });
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    render();
    throw new ApiError('Votre session a expiré : reconnectez-vous.');
  }
  const body = res.status === 204 ? null : await res.json();
  if (!res.ok) {
    const fields = (body?.errors ?? []).map((e) => e.message).join(' ; ');
    throw new ApiError(fields || body?.detail || body?.title || `Erreur ${res.status}`);
  }
  return body;
}

function show(sectionId) {
  for (const id of ['signed-out', 'list', 'new', 'detail']) $(id).hidden = id !== sectionId;
  $('contenu').focus();
}

function fail(element, error) {
  element.textContent = error instanceof Error ? error.message : String(error);
  element.hidden = false;
}

async function loadServices() {
  const tree = await api('/v1/services');
  const select = $('new-service');
  select.replaceChildren(new Option('Choisissez un service', ''));
  serviceNames = new Map();
  for (const root of tree.filter((s) => s.status === 'active')) {
    serviceNames.set(root.code, root.name);
    const children = root.children.filter((s) => s.status === 'active');
    if (children.length === 0) {
      select.append(new Option(root.name, root.code));
      continue;
    }
    const group = document.createElement('optgroup');
    group.label = root.name;
    group.append(new Option(`${root.name} (général)`, root.code));
    for (const child of children) {
      serviceNames.set(child.code, child.name);
      group.append(new Option(child.name, child.code));
    }
    select.append(group);
  }
}

async function showList() {
  const page = await api('/v1/tickets?limit=50');
  const rows = page.items.map((t) => {
    const tr = document.createElement('tr');
    const link = document.createElement('a');
    link.href = `#/tickets/${t.reference}`;
    link.textContent = t.reference;
    const cells = [
      link,
      t.title,
      serviceNames.get(t.subService ?? t.service) ?? t.service ?? '—',
      STATUS[t.status] ?? t.status,
      dateTime.format(new Date(t.updatedAt)),
    ];
    for (const cell of cells) {
      const td = document.createElement('td');
      td.append(cell);
      tr.append(td);
    }
    return tr;
  });
  $('list-rows').replaceChildren(...rows);
  $('list-empty').hidden = rows.length > 0;
  show('list');
}

function eventText(event) {
  const d = event.data ?? {};
  return d.body ?? d.question ?? d.solution ?? d.reason ?? d.after?.solution ?? '';
}

async function showDetail(reference) {
  const [ticket, timeline] = await Promise.all([
    api(`/v1/tickets/${encodeURIComponent(reference)}`),
    api(`/v1/tickets/${encodeURIComponent(reference)}/timeline`),
  ]);
  current = reference;
  $('detail-title').textContent = ticket.title;
  $('detail-reference').textContent = ticket.reference;
  $('detail-status').textContent = STATUS[ticket.status] ?? ticket.status;
  $('detail-service').textContent =
    serviceNames.get(ticket.subService ?? ticket.service) ?? ticket.service ?? '—';
  $('detail-agent').textContent = ticket.agent?.displayName ?? 'pas encore attribué';
  $('detail-description').textContent = ticket.description;
  $('timeline').replaceChildren(
    ...timeline.map((event) => {
      const li = document.createElement('li');
      const meta = document.createElement('p');
      meta.className = 'meta';
      const who = event.actor?.displayName ?? 'Guichet';
      meta.textContent = `${EVENT[event.type] ?? event.type} — ${who}, ${dateTime.format(new Date(event.createdAt))}`;
      li.append(meta);
      const text = eventText(event);
      if (text) {
        const p = document.createElement('p');
        p.className = 'prose';
        p.textContent = text;
        li.append(p);
      }
      return li;
    }),
  );
  const canReply = ticket.actions?.includes('reply');
  $('reply-form').hidden = !canReply;
  $('reply-error').hidden = true;
  show('detail');
}

async function render() {
  $('fatal').hidden = true;
  const signedIn = Boolean(sessionStorage.getItem(TOKEN_KEY));
  $('nav').hidden = !signedIn;
  $('who').hidden = !signedIn;
  if (!signedIn) {
    current = null;
    show('signed-out');
    return;
  }
  try {
    const route = location.hash.replace(/^#/, '') || '/tickets';
    const detail = /^\/tickets\/([A-Za-z0-9-]+)$/.exec(route);
    current = null;
    if (detail) await showDetail(detail[1]);
    else if (route === '/nouveau') {
      $('new-error').hidden = true;
      show('new');
    } else await showList();
  } catch (error) {
    fail($('fatal'), error);
  }
}

/** Live updates: the API's event stream, read with fetch so the token travels in a header. */
async function followEvents() {
  let lastId = null;
  for (;;) {
    if (!sessionStorage.getItem(TOKEN_KEY)) return;
    try {
      const res = await fetch(new URL('/v1/events', config.apiUrl), {
        headers: {
          Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}`,
          ...(lastId ? { 'Last-Event-ID': lastId } : {}),
        },
      });
      if (!res.ok || !res.body) throw new Error(`flux ${res.status}`);
      $('live').textContent = 'Mises à jour en direct';
      const events = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
      for await (const message of events) {
        if (message.id) lastId = message.id;
        const event = JSON.parse(message.data);
        if (current === event.ticket) await showDetail(current);
        else if (!$('list').hidden) await showList();
      }
    } catch {
      $('live').textContent = 'Mises à jour interrompues, reconnexion…';
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

$('sign-in').addEventListener('click', () => signIn().catch((e) => fail($('fatal'), e)));
$('sign-out').addEventListener('click', signOut);
window.addEventListener('hashchange', render);

$('new-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const service = String(form.get('service'));
  const body = {
    title: String(form.get('title')).trim(),
    description: String(form.get('description')).trim(),
    channel: 'portal',
    ...(service ? { service } : {}),
  };
  try {
    const ticket = await api('/v1/tickets', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    e.target.reset();
    location.hash = `#/tickets/${ticket.reference}`;
  } catch (error) {
    fail($('new-error'), error);
  }
});

$('reply-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = String(new FormData(e.target).get('body')).trim();
  try {
    await api(`/v1/tickets/${encodeURIComponent(current)}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body: text }),
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    e.target.reset();
    await showDetail(current);
  } catch (error) {
    fail($('reply-error'), error);
  }
});

let startupError = null;
try {
  if (new URLSearchParams(location.search).has('code')) await completeSignIn();
  if (sessionStorage.getItem(TOKEN_KEY)) {
    const me = await api('/v1/me');
    $('who-name').textContent = me.displayName;
    await loadServices();
    followEvents();
  }
} catch (error) {
  sessionStorage.removeItem(TOKEN_KEY);
  startupError = error;
}
await render();
if (startupError) fail($('fatal'), startupError);
