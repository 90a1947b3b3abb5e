/**
 * The example portal's knowledge base in a real browser (headless Chromium, playwright-core),
 * against the real API, PostgreSQL and OpenID provider: the FAQ without signing in (public articles
 * only) and signed in (requesters' articles too, votes), suggestions while a requester writes a
 * ticket, "this solved my problem" (a deflection, no ticket), and article bodies carrying script
 * payloads that run nothing, with the portal's Content-Security-Policy and without it, and the
 * signed-in screens under that policy (Trusted Types) without a single violation. The FAQ,
 * article and new-ticket screens pass an axe-core audit with no serious or critical violation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CreateArticleInput } from '@guichet/core';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PortalStack, startPortalStack } from '../../examples/portal/stack.ts';
import { launchChromium } from '../setup/browser.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let guichet: TestGuichet;
let stack: PortalStack;
let moderator: { personId: string };

beforeAll(async () => {
  guichet = await createTestGuichet();
  const staff = await givenDemoCatalogue(guichet);
  moderator = await staff('moodle.moderation@insa-lyon.fr');
  stack = await startPortalStack(guichet);
});

afterAll(async () => {
  await stack?.stop();
  await guichet?.dispose();
});

/** A Moodle article written and published by the service's moderator. */
async function givenPublished(input: CreateArticleInput): Promise<string> {
  const draft = await guichet.knowledgeBase.create(moderator, { services: ['moodle'], ...input });
  await guichet.knowledgeBase.changeStatus(moderator, draft.reference, { action: 'publish' });
  return draft.reference;
}

/** Serious and critical accessibility violations of the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: object[] }> } }).axe;
    return (await axe.run()).violations as {
      id: string;
      impact: string;
      nodes: { target: string[] }[];
    }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A page that records uncaught errors; the axe audit needs the CSP bypassed (inline script). */
async function newPage(browser: Browser, options: { bypassCSP: boolean }) {
  const context = await browser.newContext({ ...options, locale: 'fr-FR' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.setDefaultTimeout(15_000);
  return { context, page, errors };
}

async function signIn(page: Page, login: string) {
  await page.goto(stack.portalUrl);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.toString().startsWith(stack.oidc.issuer));
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'mot-de-passe');
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => url.toString().startsWith(stack.portalUrl));
  await page.getByRole('heading', { name: 'Mes tickets' }).waitFor();
}

/** The id of the element that has the focus. */
const focused = (page: Page) => page.evaluate<string | undefined>('document.activeElement?.id');

const resultTitles = (page: Page) => page.locator('#help-results h2').allTextContents();

it('without signing in, the FAQ shows public articles only; search highlights; the article page; axe', async () => {
  // Given a public article, one for requesters, an internal one and a draft.
  const WIFI = 'Se connecter à Moodle depuis le wifi eduroam';
  const wifi = await givenPublished({
    title: WIFI,
    kind: 'how_to',
    audience: 'public',
    services: ['moodle.access'],
    summary: 'Les réglages du wifi eduroam pour joindre Moodle.',
    body: '## Réglages\n\n1. Choisissez le réseau **eduroam**.\n2. Identifiant : votre adresse *complète*.\n\nVoir [la page du CRI](https://cri.insa-lyon.fr/eduroam).',
  });
  await givenPublished({
    title: 'Un cours manque dans le tableau de bord Moodle',
    kind: 'faq',
    audience: 'requesters',
  });
  await givenPublished({ title: 'Relancer le cron Moodle (procédure interne)', kind: 'how_to' });
  await guichet.knowledgeBase.create(moderator, {
    title: 'Brouillon sur eduroam',
    kind: 'how_to',
    audience: 'public',
    services: ['moodle'],
  });

  const browser = await launchChromium();
  try {
    const { page, errors } = await newPage(browser, { bypassCSP: true });
    await page.goto(stack.portalUrl);
    await page.getByRole('link', { name: 'Consultez l’aide' }).click();
    await page.getByRole('heading', { name: 'Aide et questions fréquentes' }).waitFor();
    await page.getByRole('link', { name: WIFI }).waitFor();
    const titles = await resultTitles(page);
    expect(titles).toContain(WIFI);
    expect(titles.join('\n')).not.toMatch(/tableau de bord|procédure interne|Brouillon/);
    await page.getByText('Connectez-vous depuis la page d’accueil pour voir aussi').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Search: the words found are highlighted, and the count is announced.
    await page.getByLabel('Rechercher dans l’aide').fill('eduroam');
    await page.getByLabel('Rechercher dans l’aide').press('Enter');
    await expect.poll(() => page.locator('#help-count').textContent()).toBe('1 article pour « eduroam ».');
    expect(page.url()).toMatch(/#\/aide\?q=eduroam$/);
    expect(await page.locator('#help-results mark').first().textContent()).toMatch(/eduroam/i);
    expect(await resultTitles(page)).toEqual([WIFI]);
    await expect.poll(() => focused(page)).toBe('help-q');
    expect(await seriousViolations(page)).toEqual([]);

    // The article: the server's HTML, its headings under the page's title, no vote without signing in.
    await page.getByRole('link', { name: WIFI }).click();
    await page.getByRole('heading', { level: 1, name: WIFI }).waitFor();
    expect(page.url()).toContain(`#/aide/${wifi}`);
    await page.getByRole('heading', { level: 2, name: 'Réglages' }).waitFor();
    expect(await page.locator('#article-body strong').textContent()).toBe('eduroam');
    expect(await page.locator('#article-body ol li').count()).toBe(2);
    const link = page.getByRole('link', { name: 'la page du CRI' });
    expect(await link.getAttribute('href')).toBe('https://cri.insa-lyon.fr/eduroam');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await page.locator('#article-vote').isHidden()).toBe(true);
    await page.getByText('pour dire si cet article vous a aidé').waitFor();
    expect(await page.locator('#article-content').getAttribute('lang')).toBe('fr');
    expect(await seriousViolations(page)).toEqual([]);

    // A requesters' article is not found without signing in.
    await page.getByRole('link', { name: '← Aide' }).click();
    await page.getByLabel('Rechercher dans l’aide').fill('tableau de bord');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('Aucun article ne correspond à votre recherche').waitFor();
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 120_000);

it('signed in: requesters’ articles and votes; suggestions while typing; "this solved my problem" creates no ticket', async () => {
  const dashboard = await givenPublished({
    title: 'Mon cours Moodle n’apparaît pas dans le tableau de bord',
    kind: 'faq',
    audience: 'requesters',
    services: ['moodle.courses'],
    summary: 'Le cours est masqué ou l’inscription n’est pas encore faite.',
    body: 'Vérifiez dans **Mes cours** que le cours n’est pas masqué, puis demandez à l’enseignant de vous inscrire.',
  });
  await givenPublished({
    title: 'Tableau de bord Moodle : procédure interne de réindexation',
    kind: 'how_to',
  });

  const browser = await launchChromium();
  try {
    const { page, errors } = await newPage(browser, { bypassCSP: true });
    await signIn(page, 'etudiant');
    // Given the student already has an open Moodle ticket, opened by e-mail.
    const existing = await guichet.tickets.create(moderator, {
      requester: 'etudiant@insa-lyon.fr',
      title: 'Cours de thermodynamique absent du tableau de bord Moodle',
      description: 'Le cours n’apparaît pas dans mon tableau de bord.',
      service: 'moodle',
      subService: 'moodle.courses',
      channel: 'email',
    });

    // Signed in, the FAQ shows the requesters' article (never the internal one), and the vote.
    await page.getByRole('link', { name: 'Aide', exact: true }).click();
    await page.getByLabel('Rechercher dans l’aide').fill('tableau de bord');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page
      .getByRole('link', { name: 'Mon cours Moodle n’apparaît pas dans le tableau de bord' })
      .waitFor();
    expect((await resultTitles(page)).join('\n')).not.toMatch(/procédure interne/);
    expect(await page.locator('#help-more').isHidden()).toBe(true);
    await page.getByRole('link', { name: 'Mon cours Moodle n’apparaît pas dans le tableau de bord' }).click();
    await page.getByRole('heading', { name: 'Cet article vous a-t-il aidé ?' }).waitFor();
    await page.getByRole('button', { name: 'Oui, il m’a aidé' }).click();
    await page.getByText('Merci pour votre avis.').waitFor();
    expect(await page.getByRole('button', { name: 'Oui, il m’a aidé' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect((await guichet.knowledgeBase.get(moderator, dashboard)).votes).toMatchObject({ helpful: 1 });
    expect(await seriousViolations(page)).toEqual([]);

    // While the student writes a new ticket, the article and their own ticket are suggested.
    await page.getByRole('link', { name: 'Nouveau ticket' }).click();
    await page.getByLabel('Service concerné').selectOption('moodle.courses');
    const suggested = page.waitForResponse((r) => r.url().includes('/v1/suggestions?') && r.ok());
    await page
      .getByLabel('Titre')
      .pressSequentially('mon cours napparait pas dans le tableau de bord', { delay: 20 });
    await suggested;
    await page
      .getByRole('heading', { name: 'Avant d’envoyer : ceci répond peut-être à votre demande' })
      .waitFor();
    const article = page.locator('#suggest-articles li', {
      hasText: 'Mon cours Moodle n’apparaît pas dans le tableau de bord',
    });
    await article.waitFor();
    expect(await article.locator('.why').textContent()).toMatch(/^Trouvé dans le titre.*mots : /);
    expect(await article.locator('mark').count()).toBeGreaterThan(0);
    await page.locator('#suggest-tickets li', { hasText: existing.reference }).waitFor();
    expect(await page.locator('#suggest-articles').textContent()).not.toMatch(/procédure interne/);
    await expect
      .poll(() => page.locator('#suggest-status').textContent())
      .toMatch(/^Suggestions : \d+ articles? d’aide et 1 demande semblable, sous la description\.$/);
    expect(await seriousViolations(page)).toEqual([]);

    // Reading the article from the suggestion keeps the draft; back to it.
    await article.locator('a').click();
    await page.getByRole('heading', { level: 1, name: 'Mon cours Moodle n’apparaît pas' }).waitFor();
    await page.getByRole('button', { name: 'Cet article a résolu mon problème', exact: true }).waitFor();
    await page.getByRole('link', { name: '← Revenir à ma demande' }).click();
    expect(await page.getByLabel('Titre').inputValue()).toBe(
      'mon cours napparait pas dans le tableau de bord',
    );

    // "This solved my problem": a deflection naming the article, the draft dropped, no ticket.
    const deflected = page.waitForResponse((r) => /\/v1\/suggestions\/[^/]+\/deflect$/.test(r.url()));
    await page.getByRole('button', { name: /^Cet article a résolu mon problème : Mon cours Moodle/ }).click();
    expect((await deflected).status()).toBe(204);
    await page
      .getByText('Tant mieux ! Votre brouillon a été abandonné et aucun ticket n’a été créé.')
      .waitFor();
    expect(await page.getByLabel('Titre').inputValue()).toBe('');
    expect(await page.getByLabel('Service concerné').inputValue()).toBe('');
    expect(await page.locator('#suggest').isHidden()).toBe(true);
    expect(await focused(page)).toBe('new-done');

    const token = await page.evaluate(() => sessionStorage.getItem('guichet.portal.token'));
    const res = await fetch(`${stack.apiUrl}/v1/tickets?limit=50`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const mine = (await res.json()) as { items: { reference: string }[] };
    expect(mine.items.map((t) => t.reference)).toEqual([existing.reference]);
    const db = new pg.Client({ connectionString: guichet.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(
        `select s.deflected_at, a.reference from kb_suggestion s
           join person p on p.id = s.person_id left join article a on a.id = s.deflected_by_id
          where p.email = 'etudiant@insa-lyon.fr' and s.deflected_at is not null`,
      );
      expect(rows.map((r) => r.reference)).toEqual([dashboard]);
    } finally {
      await db.end();
    }
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 120_000);

/** Every way an article could try to run script; none must. */
const PAYLOADS = [
  '<script>window.__xss = "script"; alert("script")</script>',
  '<img src="x" onerror="window.__xss = \'onerror\'; alert(\'onerror\')">',
  '<svg onload="window.__xss = \'svg\'"></svg>',
  '<iframe srcdoc="<script>parent.__xss = \'iframe\'</script>"></iframe>',
  '<a href="javascript:window.__xss=\'raw link\';alert(1)">lien brut</a>',
  '[lien piégé](javascript:window.__xss=%22md%22;alert(1))',
  '<details open ontoggle="window.__xss = \'toggle\'">x</details>',
];

/** Records what a payload could do: the flag it sets, dialogs, CSP violations. */
async function watch(context: BrowserContext, page: Page) {
  await context.addInitScript({
    content:
      "window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));",
  });
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  return {
    dialogs,
    flag: () => page.evaluate<string | null>('window.__xss ?? null'),
    violations: () => page.evaluate<string[]>('window.__violations'),
  };
}

it('article bodies with script payloads run nothing, with the portal’s CSP and without it', async () => {
  const trap = await givenPublished({
    title: 'Exporter ses notes Moodle',
    kind: 'known_error',
    audience: 'public',
    summary: 'Un article dont le texte essaie d’exécuter du script.',
    body: `**Texte en gras** avant les pièges.\n\n${PAYLOADS.join('\n\n')}`,
    solution: PAYLOADS.join('\n\n'),
  });

  const browser = await launchChromium();
  try {
    for (const bypassCSP of [false, true]) {
      const { context, page, errors } = await newPage(browser, { bypassCSP });
      const seen = await watch(context, page);
      const response = await page.goto(`${stack.portalUrl}/#/aide/${trap}`);
      if (!bypassCSP) {
        expect(response?.headers()['content-security-policy']).toMatch(
          /require-trusted-types-for 'script'; trusted-types guichet-article/,
        );
      }
      await page.getByRole('heading', { level: 1, name: 'Exporter ses notes Moodle' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Solution' }).waitFor();
      expect(await page.locator('#article-body strong').first().textContent()).toBe('Texte en gras');
      // The payloads are shown as text, not run.
      await page.getByText('<script>window.__xss = "script"').first().waitFor();
      expect(
        await page.locator('#article-body script, #article-body img, #article-body iframe').count(),
      ).toBe(0);
      expect(await page.locator('#article-body a[href^="javascript"]').count()).toBe(0);
      for (const text of await page.locator('#article-body a').allTextContents()) {
        await page.getByRole('link', { name: text }).first().click({ noWaitAfter: true });
      }
      await page.waitForTimeout(300);
      expect(await seen.flag()).toBeNull();
      expect(seen.dialogs).toEqual([]);
      expect(errors).toEqual([]);
      if (!bypassCSP) expect(await seen.violations()).toEqual([]);
      if (bypassCSP) expect(await seriousViolations(page)).toEqual([]);
    }
  } finally {
    await browser.close();
  }
}, 120_000);

it('the portal copies only safe elements even if the article HTML it receives is not sanitised', async () => {
  const reference = await givenPublished({
    title: 'Accéder à Moodle hors campus',
    kind: 'how_to',
    audience: 'public',
    body: 'Remplacé en route.',
  });
  const raw = `<p>Avant</p>${[
    '<script>window.__xss = "script"</script>',
    '<img src="x" onerror="window.__xss = \'onerror\'">',
    '<img src="https://127.0.0.1:1/x.png" onerror="window.__xss = \'https onerror\'" alt="image">',
    '<svg><animate onbegin="window.__xss = \'svg\'" attributeName="x" dur="1s"></animate></svg>',
    '<iframe src="javascript:parent.__xss=\'iframe\'"></iframe>',
    '<a href="javascript:window.__xss=\'link\'">lien brut</a>',
    '<a href=" JaVaScRiPt:window.__xss=\'spaced\'">lien déguisé</a>',
    '<p onclick="window.__xss = \'click\'" style="background:url(javascript:alert(1))">paragraphe piégé</p>',
    '<form action="https://evil.example"><button formaction="javascript:window.__xss=1">envoyer</button></form>',
  ].join('')}<p>Après</p><math><mtext><table><mglyph><style><img src=x onerror="window.__xss='mxss'">`;

  const browser = await launchChromium();
  try {
    for (const bypassCSP of [false, true]) {
      const { context, page, errors } = await newPage(browser, { bypassCSP });
      const seen = await watch(context, page);
      // The API's answer, with its sanitised body replaced by raw HTML on the way.
      await page.route(`${stack.apiUrl}/v1/articles/${reference}`, async (route) => {
        if (route.request().method() !== 'GET') return route.continue();
        const response = await route.fetch();
        const article = await response.json();
        await route.fulfill({ response, json: { ...article, bodyHtml: raw } });
      });
      await page.goto(`${stack.portalUrl}/#/aide/${reference}`);
      await page.getByRole('heading', { level: 1, name: 'Accéder à Moodle hors campus' }).waitFor();
      await page.getByText('Après').waitFor();
      const body = page.locator('#article-body');
      expect(await body.locator('script, svg, math, iframe, form, button, style').count()).toBe(0);
      expect(await body.locator('[onclick], [onerror], [style]').count()).toBe(0);
      expect(await body.locator('img').count()).toBe(1);
      expect(await body.locator('img').getAttribute('src')).toBe('https://127.0.0.1:1/x.png');
      // The javascript: links are text now.
      expect(await body.locator('a').count()).toBe(0);
      await page.getByText('lien brut').click();
      await page.getByText('paragraphe piégé').click();
      await page.waitForTimeout(300);
      expect(await seen.flag()).toBeNull();
      expect(seen.dialogs).toEqual([]);
      expect(errors).toEqual([]);
      // Under the CSP, the image from elsewhere is blocked, and so are the styles of the inert copy
      // the portal parses; no script nor any other string turned into HTML was even attempted.
      if (!bypassCSP) {
        const violations = await seen.violations();
        expect(violations).toContain('img-src');
        expect(violations.filter((v) => !/^(img-src|style-src-attr|style-src-elem)$/.test(v))).toEqual([]);
      }
    }
  } finally {
    await browser.close();
  }
}, 120_000);

it('under the portal’s own CSP (Trusted Types), sign-in, live updates and suggestions trip no violation', async () => {
  await givenPublished({
    title: 'Moodle : retrouver un devoir rendu',
    kind: 'faq',
    audience: 'requesters',
    services: ['moodle.courses'],
  });
  const browser = await launchChromium();
  try {
    const { context, page, errors } = await newPage(browser, { bypassCSP: false });
    const seen = await watch(context, page);
    await signIn(page, 'enseignant');
    await expect.poll(() => page.locator('#live').textContent()).toBe('Mises à jour en direct');
    await page.getByRole('link', { name: 'Nouveau ticket' }).click();
    await page.getByLabel('Titre').fill('je ne retrouve pas le devoir rendu sur moodle');
    await page.locator('#suggest-articles li', { hasText: 'Moodle : retrouver un devoir rendu' }).waitFor();
    expect(await seen.violations()).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 120_000);
