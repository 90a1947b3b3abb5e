/**
 * <guichet-announcements>: the active announcements of a Guichet server as a banner, for any page
 * (no framework, no token: public announcements only).
 *
 *   <script type="module" src="/announcements.js"></script>
 *   <guichet-announcements api="https://guichet.example.fr" service="moodle"></guichet-announcements>
 *
 * Attributes: `api` (the server; default: `apiUrl` of /config.json), `service`, `establishment`
 * (filters), `lang` (default: the page's). Each announcement shows its severity in words, its
 * title and a link to it; outages are announced at once (role="alert"), the rest politely
 * (role="status"). Text is only ever set as text: nothing from the server becomes markup. It asks
 * again every `refresh` seconds (default 60) with If-None-Match, so an unchanged list costs a 304.
 */
const LABEL = { fr: 'Informations sur les services', en: 'Service announcements' };
const MORE = { fr: 'En savoir plus', en: 'Read more' };

class GuichetAnnouncements extends HTMLElement {
  #etag = null;
  #timer = null;

  async connectedCallback() {
    this.lang ||= document.documentElement.lang || 'fr';
    await this.refresh();
    const every = Number(this.getAttribute('refresh') ?? 60) * 1000;
    if (every > 0) this.#timer = setInterval(() => this.refresh(), every);
  }

  disconnectedCallback() {
    clearInterval(this.#timer);
  }

  async #api() {
    const given = this.getAttribute('api');
    if (given) return given;
    return (await (await fetch('/config.json')).json()).apiUrl;
  }

  async refresh() {
    const api = await this.#api();
    const url = new URL('/v1/announcements', api);
    url.searchParams.set('state', 'active');
    for (const key of ['service', 'establishment']) {
      const value = this.getAttribute(key);
      if (value) url.searchParams.set(key, value);
    }
    const headers = { 'Accept-Language': this.lang };
    if (this.#etag) headers['If-None-Match'] = this.#etag;
    const res = await fetch(url, { headers });
    if (res.status === 304 || !res.ok) return;
    this.#etag = res.headers.get('ETag');
    this.#render((await res.json()).items, api);
  }

  #render(items, api) {
    const lang = this.lang.startsWith('en') ? 'en' : 'fr';
    const region = document.createElement('section');
    region.className = 'guichet-announcements';
    region.setAttribute('aria-label', LABEL[lang]);
    for (const a of items) {
      const item = document.createElement('div');
      item.className = `guichet-announcement guichet-${a.severity}`;
      item.setAttribute('role', a.severity === 'outage' ? 'alert' : 'status');
      item.lang = a.language;
      item.dataset.id = a.id;
      const severity = document.createElement('strong');
      severity.textContent = `${a.severityLabel} : `;
      const title = document.createElement('span');
      title.textContent = a.title;
      const link = document.createElement('a');
      link.href = new URL(`/v1/announcements/${a.id}`, api).href;
      link.textContent = MORE[lang];
      link.setAttribute('aria-label', `${MORE[lang]} : ${a.title}`);
      item.append(severity, title, ' ', link);
      region.append(item);
    }
    this.replaceChildren(...(items.length > 0 ? [region] : []));
  }
}

customElements.define('guichet-announcements', GuichetAnnouncements);
