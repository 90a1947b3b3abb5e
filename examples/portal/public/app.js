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
const KIND = { how_to: 'Mode d’emploi', known_error: 'Problème connu', faq: 'Question fréquente' };
const KNOWN_ERROR_PARTS = {
  symptom: 'Symptôme',
  cause: 'Cause',
  workaround: 'Contournement',
  solution: 'Solution',
};
const FIELD = {
  title: 'le titre',
  summary: 'le résumé',
  body: 'le texte',
  tags: 'les thèmes',
  description: 'la description',
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
/** The active top-level services, with their active sub-services. */
let serviceTree = [];
/** The signed-in person (`GET /v1/me`): name and profiles. */
let me = null;
let tagLabels = null;
let current = null;
/** The suggestions shown under the new ticket's form: `{ id, articles: Set<reference> }`. */
let suggestion = null;

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

/** A refusal or failure of the API, in words, with its HTTP status and rule (`reports_staff_only`…). */
class ApiError extends Error {
  constructor(message, status, rule) {
    super(message);
    this.status = status;
    this.rule = rule;
  }
}

/** Calls the API; a problem document becomes an error with its French title and detail. */
async function api(path, init = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const res = await fetch(new URL(path, config.apiUrl), {
    ...init,
    headers: {
      // Without a token the API answers as to anyone: published public articles only.
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      'Accept-Language': 'fr',
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    },
  });
  if (res.status === 401 && token) {
    sessionStorage.removeItem(TOKEN_KEY);
    render();
    throw new ApiError('Votre session a expiré : reconnectez-vous.', 401);
  }
  const body = res.status === 204 ? null : await res.json();
  if (!res.ok) {
    const fields = (body?.errors ?? []).map((e) => e.message).join(' ; ');
    throw new ApiError(
      fields || body?.detail || body?.title || `Erreur ${res.status}`,
      res.status,
      body?.rule,
    );
  }
  return body;
}

function show(sectionId, { focus = true } = {}) {
  for (const id of ['signed-out', 'help', 'article', 'list', 'new', 'detail', 'staff'])
    $(id).hidden = id !== sectionId;
  if (focus) $('contenu').focus();
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
  serviceTree = tree.filter((s) => s.status === 'active');
  for (const root of serviceTree) {
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

// Staff page ----------------------------------------------------------------------------------------

/**
 * Staff see the navigation's "Pilotage": a one-day report answers 200 to moderators, technicians and
 * functional admins, 403 to everyone else. The page itself still handles the refusal.
 */
async function probeStaff() {
  const today = new Date().toISOString().slice(0, 10);
  try {
    await api(`/v1/reports/volume?from=${today}&to=${today}`);
    return true;
  } catch {
    return false;
  }
}

/** The services of the page's filter: a moderator's own, everything for technicians and admins. */
function staffServices() {
  const roots = serviceTree.map((s) => ({ code: s.code, name: s.name }));
  const profiles = me?.profiles ?? [];
  if (profiles.some((p) => p.profile === 'functional_admin' || p.profile === 'technician')) return roots;
  const rootOf = (code) =>
    serviceTree.find((s) => s.code === code || s.children.some((c) => c.code === code));
  const moderated = new Set(
    profiles.filter((p) => p.profile === 'moderator').map((p) => rootOf(p.service)?.code),
  );
  return roots.filter((s) => moderated.has(s.code));
}

async function showStaff(params, { focus = true } = {}) {
  // uPlot and the page's code load only when a person opens it.
  const { showStaff: renderStaff } = await import('/staff.js');
  show('staff', { focus });
  await renderStaff({ api, params, services: staffServices(), names: serviceNames });
}

// Knowledge base ------------------------------------------------------------------------------------

/**
 * The only place the portal turns a string into HTML: the article bodies the API renders from
 * Markdown and sanitises. Under the Content-Security-Policy's Trusted Types this policy is the one
 * allowed, and it only feeds `DOMParser`, whose document is inert (no script runs, no image loads).
 */
const articlePolicy = globalThis.trustedTypes?.createPolicy('guichet-article', {
  createHTML: (html) => html,
});

/** Elements of the API's allowlist (packages/api/src/routes/articles/markdown.ts) and their attributes. */
const ARTICLE_ELEMENTS = new Map(
  Object.entries({
    P: [],
    BR: [],
    HR: [],
    H1: [],
    H2: [],
    H3: [],
    H4: [],
    H5: [],
    H6: [],
    BLOCKQUOTE: [],
    PRE: [],
    CODE: [],
    EM: [],
    STRONG: [],
    S: [],
    UL: [],
    OL: ['start'],
    LI: [],
    A: ['href', 'title'],
    TABLE: [],
    THEAD: [],
    TBODY: [],
    TR: [],
    TH: [],
    TD: [],
    IMG: ['src', 'alt', 'title'],
  }),
);
/** Elements dropped with their content; any other unknown element is replaced by its content. */
const DROPPED = new Set([
  'SCRIPT',
  'STYLE',
  'TEMPLATE',
  'NOSCRIPT',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'SVG',
  'MATH',
]);

function safeUrl(value, schemes) {
  if (value === null) return false;
  try {
    return schemes.includes(new URL(value, location.href).protocol);
  } catch {
    return false;
  }
}

/**
 * Copies `from`'s children into `to` as new elements of the allowlist only (defence in depth),
 * headings moved `shift` levels down.
 */
function copyArticleNodes(from, to, shift) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.append(node.data);
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const tag = node.tagName.toUpperCase();
    const attributes = ARTICLE_ELEMENTS.get(tag);
    // An image from anywhere but https is dropped; a link to anything but the web or an e-mail
    // address is no link, its text stays.
    if (tag === 'IMG' && !safeUrl(node.getAttribute('src'), ['https:'])) continue;
    const unsafeLink = tag === 'A' && !safeUrl(node.getAttribute('href'), ['http:', 'https:', 'mailto:']);
    if (!attributes || unsafeLink) {
      if (!DROPPED.has(tag)) copyArticleNodes(node, to, shift);
      continue;
    }
    const heading = /^H([1-6])$/.exec(tag);
    const element = document.createElement(heading ? `h${Math.min(6, Number(heading[1]) + shift)}` : tag);
    for (const name of attributes) {
      const value = node.getAttribute(name);
      if (value !== null) element.setAttribute(name, value);
    }
    if (tag === 'A') element.rel = 'noopener noreferrer nofollow';
    const align = /text-align:\s*(left|right|center)/.exec(node.getAttribute('style') ?? '');
    if ((tag === 'TH' || tag === 'TD') && align) element.style.textAlign = align[1];
    copyArticleNodes(node, element, shift);
    to.append(element);
  }
}

/**
 * Server-rendered, sanitised article HTML as DOM nodes, without any script able to run. Its
 * headings start at `level` at the highest (the page's own headings are above them).
 */
function articleHtml(html, level) {
  const parsed = new DOMParser().parseFromString(
    articlePolicy ? articlePolicy.createHTML(html) : html,
    'text/html',
  );
  const levels = [...parsed.body.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
  const fragment = document.createDocumentFragment();
  copyArticleNodes(parsed.body, fragment, Math.max(0, level - Math.min(...levels)));
  return fragment;
}

/** A snippet's segments as text, the words found in `<mark>`. */
function snippet(segments) {
  const p = document.createElement('p');
  p.className = 'snippet';
  for (const s of segments) {
    if (!s.match) {
      p.append(s.text);
      continue;
    }
    const mark = document.createElement('mark');
    mark.textContent = s.text;
    p.append(mark);
  }
  return p;
}

const quoted = (words) => words.map((w) => `« ${w} »`).join(', ');

/** Why a result matched, in words: where, which words, synonyms and corrections. */
function whyText(why) {
  if (!why) return '';
  const parts = [];
  if (why.fields.length > 0) parts.push(`trouvé dans ${why.fields.map((f) => FIELD[f] ?? f).join(', ')}`);
  if (why.words.length > 0) parts.push(`mots : ${quoted(why.words)}`);
  for (const s of why.synonyms)
    parts.push(`« ${s.word} » rapproché de « ${tagLabels?.get(s.tag) ?? s.term} »`);
  for (const c of why.corrections) parts.push(`« ${c.typed} » lu « ${c.read} »`);
  if (why.titleSimilarity) parts.push('titre proche');
  if (parts.length === 0) return '';
  const text = parts.join(' ; ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

function whyParagraph(why) {
  const p = document.createElement('p');
  p.className = 'why';
  p.textContent = whyText(why);
  return p;
}

async function loadTags() {
  if (tagLabels) return;
  const tags = await api('/v1/tags');
  tagLabels = new Map(tags.map((t) => [t.code, t.label]));
  const select = $('help-tag');
  select.replaceChildren(new Option('Tous les thèmes', ''));
  for (const t of tags) select.append(new Option(t.label, t.code));
}

function articleHitItem(hit) {
  const li = document.createElement('li');
  const title = document.createElement('h2');
  const link = document.createElement('a');
  link.href = `#/aide/${hit.reference}`;
  link.textContent = hit.title;
  title.append(link);
  li.append(title);
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.textContent = KIND[hit.kind] ?? hit.kind;
  li.append(meta);
  if (hit.summary) {
    const summary = document.createElement('p');
    summary.textContent = hit.summary;
    li.append(summary);
  }
  if (hit.snippet.length > 0) li.append(snippet(hit.snippet));
  return li;
}

let helpNext = null;

function helpQuery(params, after) {
  const query = new URLSearchParams({ limit: '20' });
  for (const name of ['q', 'tag']) if (params.get(name)) query.set(name, params.get(name));
  if (after) query.set('after', after);
  return `/v1/articles?${query}`;
}

async function showHelp(params, { focus = true } = {}) {
  await loadTags();
  const q = params.get('q') ?? '';
  $('help-q').value = q;
  $('help-tag').value = params.get('tag') ?? '';
  $('help-more').hidden = Boolean(sessionStorage.getItem(TOKEN_KEY));
  const page = await api(helpQuery(params));
  $('help-results').replaceChildren(...page.items.map(articleHitItem));
  helpNext = page.next ? { params, after: page.next } : null;
  $('help-next').hidden = !helpNext;
  const count =
    page.total === 0
      ? 'Aucun article'
      : page.total === 1
        ? '1 article'
        : `${page.totalCapped ? 'Plus de ' : ''}${page.total.toLocaleString('fr-FR')} articles`;
  $('help-count').textContent =
    page.total === 0 && (q || params.get('tag'))
      ? 'Aucun article ne correspond à votre recherche : essayez d’autres mots.'
      : `${count}${q ? ` pour « ${q} »` : ''}.`;
  show('help', { focus });
}

async function showMoreHelp() {
  if (!helpNext) return;
  const page = await api(helpQuery(helpNext.params, helpNext.after));
  $('help-results').append(...page.items.map(articleHitItem));
  helpNext = page.next ? { ...helpNext, after: page.next } : null;
  $('help-next').hidden = !helpNext;
}

function showVotes(article) {
  $('vote-helpful').setAttribute('aria-pressed', String(article.votes.mine === 'helpful'));
  $('vote-not-helpful').setAttribute('aria-pressed', String(article.votes.mine === 'not_helpful'));
}

async function showArticle(reference) {
  await loadTags();
  const article = await api(`/v1/articles/${encodeURIComponent(reference)}`);
  current = null;
  $('article-content').lang = article.language;
  $('article-title').textContent = article.title;
  const meta = [KIND[article.kind] ?? article.kind];
  const services = article.services.map((s) => serviceNames.get(s)).filter(Boolean);
  if (services.length > 0) meta.push(services.join(', '));
  const tags = article.tags.map((t) => tagLabels.get(t) ?? t);
  if (tags.length > 0) meta.push(`Thèmes : ${tags.join(', ')}`);
  meta.push(`mis à jour le ${dateTime.format(new Date(article.updatedAt))}`);
  $('article-meta').textContent = meta.join(' · ');
  $('article-summary').textContent = article.summary;
  const body = $('article-body');
  body.replaceChildren(articleHtml(article.bodyHtml, 2));
  for (const [field, label] of Object.entries(KNOWN_ERROR_PARTS)) {
    if (!article.html[field]) continue;
    const h2 = document.createElement('h2');
    h2.textContent = label;
    const part = document.createElement('div');
    part.append(articleHtml(article.html[field], 3));
    body.append(h2, part);
  }
  const signedIn = Boolean(sessionStorage.getItem(TOKEN_KEY));
  const canVote = article.actions.includes('vote');
  $('article-vote').hidden = !canVote;
  $('article-sign-in').hidden = signedIn || article.status !== 'published';
  $('vote-status').textContent = '';
  showVotes(article);
  // Reached from the suggestions under a draft: back to it, or say it solved the problem.
  const fromDraft = Boolean(suggestion?.articles.has(article.reference));
  $('article-draft').hidden = !fromDraft;
  $('article-back').href = fromDraft ? '#/nouveau' : '#/aide';
  $('article-back').textContent = fromDraft ? '← Revenir à ma demande' : '← Aide';
  $('article-error').hidden = true;
  $('article-content').dataset.reference = article.reference;
  show('article');
}

async function vote(value) {
  const reference = $('article-content').dataset.reference;
  try {
    const article = await api(`/v1/articles/${encodeURIComponent(reference)}/votes`, {
      method: 'POST',
      body: JSON.stringify({ value }),
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    showVotes(article);
    $('vote-status').textContent = 'Merci pour votre avis.';
  } catch (error) {
    fail($('article-error'), error);
  }
}

// Suggestions while a requester writes a ticket ----------------------------------------------------

const SUGGEST_DELAY_MS = 400;
let suggestTimer = null;
let suggestRound = 0;
/** The confirmation to show once the draft is dropped. */
let draftClosed = null;

function clearSuggestions() {
  suggestRound += 1;
  suggestion = null;
  $('suggest').hidden = true;
  $('suggest-articles').replaceChildren();
  $('suggest-tickets').replaceChildren();
  $('suggest-status').textContent = '';
}

function solvedButton(label, hiddenName, onClick) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary';
  button.append(label);
  const name = document.createElement('span');
  name.className = 'visually-hidden';
  name.textContent = ` : ${hiddenName}`;
  button.append(name);
  button.addEventListener('click', onClick);
  return button;
}

function suggestedArticle(hit) {
  const li = document.createElement('li');
  const link = document.createElement('a');
  link.href = `#/aide/${hit.reference}`;
  link.textContent = hit.title;
  const title = document.createElement('p');
  title.className = 'hit-title';
  title.append(link);
  li.append(title);
  if (hit.snippet.length > 0) li.append(snippet(hit.snippet));
  else if (hit.summary) li.append(Object.assign(document.createElement('p'), { textContent: hit.summary }));
  li.append(whyParagraph(hit.why));
  li.append(solvedButton('Cet article a résolu mon problème', hit.title, () => solved(hit.reference)));
  return li;
}

function suggestedTicket(hit) {
  const li = document.createElement('li');
  const link = document.createElement('a');
  link.href = `#/tickets/${hit.reference}`;
  link.textContent = `${hit.reference} — ${hit.title}`;
  const title = document.createElement('p');
  title.className = 'hit-title';
  title.append(link, ` (${STATUS[hit.status] ?? hit.status})`);
  li.append(title);
  if (hit.snippet.length > 0) li.append(snippet(hit.snippet));
  li.append(whyParagraph(hit.why));
  li.append(solvedButton('C’est la même demande', hit.reference, () => solved(null, hit.reference)));
  return li;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

async function suggest() {
  const form = new FormData($('new-form'));
  const title = String(form.get('title')).trim();
  const description = String(form.get('description')).trim().slice(0, 2_000);
  const service = String(form.get('service'));
  if (`${title} ${description}`.trim().length < 3) {
    clearSuggestions();
    return;
  }
  const round = ++suggestRound;
  const query = new URLSearchParams({ title, description, limit: '5' });
  if (service) query.set('service', service);
  let found;
  try {
    found = await api(`/v1/suggestions?${query}`);
  } catch {
    // Suggestions help; they never stand in the way of writing the ticket.
    if (round === suggestRound) clearSuggestions();
    return;
  }
  if (round !== suggestRound) return;
  suggestion = { id: found.id, articles: new Set(found.articles.map((a) => a.reference)) };
  $('suggest-articles').replaceChildren(...found.articles.map(suggestedArticle));
  $('suggest-tickets').replaceChildren(...found.tickets.map(suggestedTicket));
  $('suggest-articles-part').hidden = found.articles.length === 0;
  $('suggest-tickets-part').hidden = found.tickets.length === 0;
  const total = found.articles.length + found.tickets.length;
  $('suggest').hidden = total === 0;
  const parts = [];
  if (found.articles.length > 0)
    parts.push(plural(found.articles.length, 'article d’aide', 'articles d’aide'));
  if (found.tickets.length > 0)
    parts.push(plural(found.tickets.length, 'demande semblable', 'demandes semblables'));
  $('suggest-status').textContent =
    total === 0 ? '' : `Suggestions : ${parts.join(' et ')}, sous la description.`;
}

function suggestSoon() {
  $('new-done').textContent = '';
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(suggest, SUGGEST_DELAY_MS);
}

/** "This solved my problem": recorded as a deflection, then the draft is dropped; no ticket is created. */
async function solved(article, ticket = null) {
  if (!suggestion) return;
  const error = location.hash.startsWith('#/aide') ? $('article-error') : $('new-error');
  try {
    await api(`/v1/suggestions/${encodeURIComponent(suggestion.id)}/deflect`, {
      method: 'POST',
      body: JSON.stringify(article ? { article } : {}),
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
  } catch (e) {
    fail(error, e);
    return;
  }
  clearTimeout(suggestTimer);
  $('new-form').reset();
  clearSuggestions();
  draftClosed = ticket
    ? `Entendu : aucun nouveau ticket n’a été créé, votre demande est déjà suivie dans le ticket ${ticket}.`
    : 'Tant mieux ! Votre brouillon a été abandonné et aucun ticket n’a été créé. Merci de nous l’avoir signalé.';
  if (location.hash === '#/nouveau') showNew();
  else location.hash = '#/nouveau';
}

/** The new ticket's form, as the requester left it; after "this solved my problem", its confirmation. */
function showNew() {
  $('new-error').hidden = true;
  $('new-done').textContent = draftClosed ?? '';
  show('new', { focus: !draftClosed });
  if (draftClosed) $('new-done').focus();
  draftClosed = null;
}

/** Renders the screen the address names; the help pages need no sign-in, the rest does. */
async function render({ focus = true } = {}) {
  $('fatal').hidden = true;
  const signedIn = Boolean(sessionStorage.getItem(TOKEN_KEY));
  for (const item of document.querySelectorAll('[data-signed-in]')) item.hidden = !signedIn;
  if (!signedIn) $('nav-staff-item').hidden = true;
  $('who').hidden = !signedIn;
  const [path, search = ''] = location.hash.replace(/^#/, '').split('?');
  current = null;
  try {
    const article = /^\/aide\/([A-Za-z0-9-]+)$/.exec(path);
    if (article) return await showArticle(article[1]);
    if (path === '/aide') return await showHelp(new URLSearchParams(search), { focus });
    if (!signedIn) return show('signed-out');
    const route = path && path !== '/' ? path : '/tickets';
    const detail = /^\/tickets\/([A-Za-z0-9-]+)$/.exec(route);
    if (detail) await showDetail(detail[1]);
    else if (route === '/nouveau') showNew();
    else if (route === '/pilotage') await showStaff(new URLSearchParams(search), { focus });
    else await showList();
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
window.addEventListener('hashchange', () => render());

$('help-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const query = new URLSearchParams();
  for (const name of ['q', 'tag']) {
    const value = String(form.get(name)).trim();
    if (value) query.set(name, value);
  }
  const hash = query.size > 0 ? `#/aide?${query}` : '#/aide';
  // The focus stays in the search box; the number of results is announced.
  if (location.hash !== hash) history.pushState(null, '', hash);
  render({ focus: false });
});
$('staff-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const query = new URLSearchParams();
  for (const name of ['from', 'to', 'service']) {
    const value = String(form.get(name)).trim();
    if (value) query.set(name, value);
  }
  const hash = `#/pilotage?${query}`;
  // The focus stays on the form; the live region says what is shown.
  if (location.hash !== hash) history.pushState(null, '', hash);
  render({ focus: false });
});
$('help-next').addEventListener('click', () => showMoreHelp().catch((e) => fail($('fatal'), e)));
$('vote-helpful').addEventListener('click', () => vote('helpful'));
$('vote-not-helpful').addEventListener('click', () => vote('not_helpful'));
$('article-solved').addEventListener('click', () => solved($('article-content').dataset.reference));
for (const id of ['new-title', 'new-description']) $(id).addEventListener('input', suggestSoon);
$('new-service').addEventListener('change', suggestSoon);

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
    clearTimeout(suggestTimer);
    clearSuggestions();
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
    me = await api('/v1/me');
    $('who-name').textContent = me.displayName;
    await loadServices();
    $('nav-staff-item').hidden = !(await probeStaff());
    followEvents();
  }
} catch (error) {
  sessionStorage.removeItem(TOKEN_KEY);
  startupError = error;
}
await render();
if (startupError) fail($('fatal'), startupError);
