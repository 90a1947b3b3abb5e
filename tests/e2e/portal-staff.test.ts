/**
 * The example portal's staff page ("Pilotage") in a real browser (headless Chromium, playwright-core),
 * against the real API, PostgreSQL and OpenID provider. A moderator of several services signs in,
 * finds the page in the navigation, and reads charts drawn by uPlot whose tables hold exactly the
 * figures of `GET /v1/reports/{name}` for the period and service chosen; the page passes an axe-core
 * audit, draws under the portal's Content-Security-Policy (Trusted Types, no inline style) without a
 * violation; a requester gets no link and, at the page's address, the API's refusal in French.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, type PortalStack, startPortalStack } from '../../examples/portal/stack.ts';
import { launchChromium } from '../setup/browser.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The group's moderator: bot, chat, portal, surveys, video and appointments (demo catalogue). */
const MODERATOR = 'moderation@groupe-insa.fr';
const TECHNICIAN = 'web.tech@groupe-insa.fr';
const STUDENT = 'etudiant@insa-lyon.fr';
const ACCOUNTS = {
  etudiant: DEMO_ACCOUNTS.etudiant!,
  moderation: { email: MODERATOR, name: 'Modération groupe' },
};
const ALWAYS = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]]));
const TOKEN_KEY = 'guichet.portal.token';

type Row = Record<string, string | number | null>;
interface Report {
  columns: string[];
  rows: Row[];
}

let guichet: TestGuichet;
let stack: PortalStack;
/** How far behind the real time Guichet's clock is, in minutes: the setup moves it forward to 0. */
let behind = 150;

/** Calls the API over HTTP as a person, with an API token of theirs. */
async function call(token: string, method: string, path: string, body?: object): Promise<unknown> {
  const res = await fetch(new URL(path, stack.apiUrl), {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function tokenOf(email: string): Promise<string> {
  return (await guichet.tokens.create({ person: email, name: 'e2e', scopes: ['read', 'write'] }, 'local'))
    .token;
}

beforeAll(async () => {
  // Given the demo catalogue, targets on the bot and chat (first response in 60 minutes, resolution
  // in 600, around the clock) and, through the API, 150 minutes ago, two bot tickets, a chat ticket
  // and a Moodle one (not the moderator's) from a student; one bot ticket answered after 20 minutes
  // and resolved after 70, the chat ticket answered after 90 minutes (late) and resolved after 140.
  guichet = await createTestGuichet({}, { clock: { now: () => new Date(Date.now() - behind * 60_000) } });
  await givenDemoCatalogue(guichet);
  await guichet.catalogue.applyDocument({
    ...(await guichet.catalogue.exportDocument()),
    calendars: [{ code: 'toujours', timeZone: 'Europe/Paris', holidays: 'none', hours: ALWAYS }],
    serviceLevels: ['bot', 'chat'].map((service) => ({
      code: service,
      service,
      firstResponseMinutes: 60,
      resolutionMinutes: 600,
      warningPercent: 50,
      calendar: 'toujours',
    })),
  });
  await guichet.catalogue.upsertPerson({
    email: STUDENT,
    displayName: 'Camille Étudiante',
    affiliation: 'student',
  });
  stack = await startPortalStack(guichet, ACCOUNTS);
  const student = await tokenOf(STUDENT);
  const moderator = await tokenOf(MODERATOR);
  const open = async (service: string, title: string) =>
    (
      (await call(student, 'POST', '/v1/tickets', { title, description: 'Depuis ce matin.', service })) as {
        reference: string;
      }
    ).reference;
  const mute = await open('bot', 'Le bot ne répond plus');
  await open('bot', 'Le bot répond en anglais');
  const chat = await open('chat', 'Messages perdus');
  await open('moodle', 'Quiz introuvable');
  for (const [reference, service] of [
    [mute, 'bot'],
    [chat, 'chat'],
  ] as const) {
    behind -= 20;
    await call(moderator, 'POST', `/v1/tickets/${reference}/comments`, { body: 'Nous regardons.' });
    // The service's default team may already hold it (routing); else the moderator assigns it.
    const { status } = (await call(moderator, 'GET', `/v1/tickets/${reference}`)) as { status: string };
    if (status === 'new') {
      await call(moderator, 'POST', `/v1/tickets/${reference}/actions/assign`, {
        type: 'incident',
        team: 'portal',
        agent: TECHNICIAN,
      });
    }
    behind -= 50;
    await call(moderator, 'POST', `/v1/tickets/${reference}/actions/resolve`, {
      service,
      solution: 'Connecteur redémarré.',
    });
  }
  behind = 0;
  await guichet.reports.refresh();
});

afterAll(async () => {
  await stack?.stop();
  await guichet?.dispose();
});

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

async function newPage(browser: Browser, bypassCSP: boolean) {
  const context = await browser.newContext({ bypassCSP, locale: 'fr-FR' });
  await context.addInitScript({
    content:
      "window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.setDefaultTimeout(15_000);
  return { page, errors };
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

/** Today in Paris (the reports' days), and a day `days` before it, as ISO dates. */
function parisDay(daysBefore = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - daysBefore);
  return date.toISOString().slice(0, 10);
}

function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d.toISOString().slice(0, 10) <= to;
    d.setUTCDate(d.getUTCDate() + 1)
  )
    days.push(d.toISOString().slice(0, 10));
  return days;
}

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const shown = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '—' : number.format(Number(value));

/** The rows of the page's table under chart `index`: key, then each figure cell's text by column. */
function tableOf(page: Page, index: number): Promise<{ key: string; cells: Record<string, string> }[]> {
  // Run in the page (the project's types have no DOM): plain text.
  return page.evaluate(`[...document.querySelectorAll('#chart-${index} table tbody tr')].map((tr) => ({
    key: tr.dataset.key,
    cells: Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.column, td.textContent])),
  }))`);
}

/** What the table should read: one row per API row (or per day, zeros for days without a row). */
function expectedTable(report: Report, key: string, columns: string[], days?: string[]) {
  const byKey = new Map(report.rows.map((r) => [String(r[key] ?? ''), r]));
  const keys = days ?? report.rows.map((r) => String(r[key] ?? ''));
  return keys.map((k) => ({
    key: k,
    cells: Object.fromEntries(columns.map((c) => [c, shown(byKey.get(k)?.[c] ?? (days ? 0 : null))])),
  }));
}

const TIMES_COLUMNS = [
  ['resolved', 'firstResponseMedianMinutes', 'firstResponseP90Minutes'],
  ['resolved', 'resolutionMedianMinutes', 'resolutionP90Minutes'],
  ['resolved', 'firstResponseCompliancePercent', 'resolutionCompliancePercent'],
];

/** Checks each table against the API's reports for that period and service, as the page's own person. */
async function expectTablesMatchApi(page: Page, from: string, to: string, service = '') {
  const token = (await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY))!;
  const report = async (name: string, by?: string) => {
    const query = new URLSearchParams({ from, to, ...(by ? { by } : {}), ...(service ? { service } : {}) });
    return (await call(token, 'GET', `/v1/reports/${name}?${query}`)) as Report;
  };
  const [volumeByDay, backlog, volumeByService, times] = await Promise.all([
    report('volume', 'day'),
    report('backlog'),
    report('volume', 'service'),
    report('times', 'service'),
  ]);
  const days = daysFrom(from, to);
  const figures = (r: Report, key: string) => r.columns.filter((c) => c !== key);
  expect(await tableOf(page, 0)).toEqual(
    expectedTable(volumeByDay, 'day', figures(volumeByDay, 'day'), days),
  );
  expect(await tableOf(page, 1)).toEqual(expectedTable(backlog, 'day', figures(backlog, 'day'), days));
  expect(await tableOf(page, 2)).toEqual(
    expectedTable(volumeByService, 'service', figures(volumeByService, 'service')),
  );
  for (const [i, columns] of TIMES_COLUMNS.entries()) {
    expect(await tableOf(page, 3 + i)).toEqual(expectedTable(times, 'service', columns));
  }
  return { volumeByDay, backlog, volumeByService, times };
}

/** Each chart's canvas: its role, label, size and how many of its pixels are painted. */
function canvases(
  page: Page,
): Promise<{ role: string | null; label: string; width: number; height: number; painted: number }[]> {
  return page.evaluate(`[...document.querySelectorAll('#staff-charts canvas')].map((canvas) => {
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
    const box = canvas.getBoundingClientRect();
    return {
      role: canvas.getAttribute('role'),
      label: canvas.getAttribute('aria-label') ?? '',
      width: box.width,
      height: box.height,
      painted,
    };
  })`);
}

const shownStatus = (page: Page) => page.locator('#staff-status').textContent();

it('a moderator finds "Pilotage", reads the reports of their services as charts and tables; axe passes', async () => {
  const browser = await launchChromium();
  try {
    const { page, errors } = await newPage(browser, true);
    await signIn(page, 'moderation');
    await page.getByRole('link', { name: 'Pilotage' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pilotage' }).waitFor();
    await expect.poll(() => shownStatus(page)).toMatch(/affichés\.$/);

    // The last 30 days by default; the tables hold the API's figures exactly.
    const from = parisDay(29);
    const today = parisDay();
    expect(await page.getByLabel('Du', { exact: true }).inputValue()).toBe(from);
    expect(await page.getByLabel('Au', { exact: true }).inputValue()).toBe(today);
    const reports = await expectTablesMatchApi(page, from, today);
    // And those are the moderator's tickets only: the Moodle ticket counts nowhere.
    const total = (figure: string) => reports.volumeByDay.rows.reduce((sum, r) => sum + Number(r[figure]), 0);
    expect([total('created'), total('resolved')]).toEqual([3, 2]);
    expect(reports.volumeByService.rows.map((r) => [r.service, r.created, r.resolved])).toEqual([
      ['bot', 2, 1],
      ['chat', 1, 1],
    ]);
    expect(reports.backlog.rows.find((r) => r.day === today)).toMatchObject({ backlog: 1 });
    expect(reports.times.rows).toEqual([
      expect.objectContaining({
        service: 'bot',
        firstResponseMedianMinutes: 20,
        resolutionP90Minutes: 70,
        firstResponseCompliancePercent: 100,
      }),
      expect.objectContaining({
        service: 'chat',
        firstResponseMedianMinutes: 90,
        resolutionP90Minutes: 140,
        firstResponseCompliancePercent: 0,
      }),
    ]);
    // Spot checks of the words, as people read them.
    expect(await page.locator(`#chart-0 tr[data-key="${today}"] th time`).getAttribute('datetime')).toBe(
      today,
    );
    expect(await page.locator('#chart-2 tbody th').allTextContents()).toEqual([
      'Bot du groupe',
      'Messagerie instantanée du groupe',
    ]);
    expect(await page.locator('#chart-5 thead th').allTextContents()).toEqual([
      'Service',
      'Tickets résolus',
      'Première réponse dans le délai cible (%)',
      'Résolution dans le délai cible (%)',
    ]);

    // Six charts drawn, each an image with a name that says what it shows.
    const drawn = await canvases(page);
    expect(drawn).toHaveLength(6);
    for (const canvas of drawn) {
      expect(canvas.role).toBe('img');
      expect(canvas.width).toBeGreaterThan(100);
      expect(canvas.height).toBeGreaterThan(100);
      expect(canvas.painted).toBeGreaterThan(500);
    }
    expect(drawn[0]!.label).toBe(
      'Tickets créés et résolus par jour. Sur la période : 3 créés, 2 résolus. Chiffres détaillés dans le tableau qui suit.',
    );
    expect(await page.getByRole('img', { name: /^Volume par service\./ }).count()).toBe(1);

    // The audit with the tables opened, as a person who asks for the figures.
    for (const summary of await page.locator('#staff-charts summary').all()) await summary.click();
    expect(await page.locator('#staff-charts table:visible').count()).toBe(6);
    expect(await seriousViolations(page)).toEqual([]);

    // Another period and one service: the address, the form and every table follow.
    const week = parisDay(6);
    await page.getByLabel('Du', { exact: true }).fill(week);
    await page.getByLabel('Service', { exact: true }).selectOption('chat');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.poll(() => shownStatus(page)).toMatch(/pour Messagerie instantanée du groupe affichés\.$/);
    expect(new URL(page.url()).hash).toBe(`#/pilotage?from=${week}&to=${today}&service=chat`);
    const chat = await expectTablesMatchApi(page, week, today, 'chat');
    expect((await tableOf(page, 0)).length).toBe(7);
    expect(chat.volumeByService.rows.map((r) => r.service)).toEqual(['chat']);
    expect(await canvases(page)).toHaveLength(6);

    // A period that ends before it starts: said in words next to the form, and no chart.
    await page.getByLabel('Au', { exact: true }).fill(parisDay(10));
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect
      .poll(() => page.locator('#staff-error').textContent())
      .toBe('La date de fin (« Au ») précède la date de début (« Du ») : corrigez la période.');
    expect(await page.locator('#staff-charts canvas').count()).toBe(0);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 120_000);

it('under the portal’s own CSP (Trusted Types, no inline style), the charts draw without a violation', async () => {
  const browser = await launchChromium();
  try {
    const { page, errors } = await newPage(browser, false);
    await signIn(page, 'moderation');
    await page.getByRole('link', { name: 'Pilotage' }).click();
    await expect.poll(() => shownStatus(page)).toMatch(/affichés\.$/);
    const drawn = await canvases(page);
    expect(drawn).toHaveLength(6);
    expect(drawn.every((c) => c.painted > 500)).toBe(true);
    expect(await page.evaluate<string[]>('window.__violations')).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 120_000);

it('a requester gets no link to the staff page, and at its address the refusal in French; axe passes', async () => {
  const browser = await launchChromium();
  try {
    const { page, errors } = await newPage(browser, true);
    await signIn(page, 'etudiant');
    await expect.poll(() => page.locator('#who-name').textContent()).toBe('Camille Étudiante');
    expect(await page.getByRole('link', { name: 'Pilotage' }).count()).toBe(0);

    await page.goto(`${stack.portalUrl}/#/pilotage`);
    const refusal = page.getByRole('alert').filter({ hasText: 'réservée' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(
      'Cette page est réservée à l’équipe du guichet. Les rapports sont réservés aux modérateurs, techniciens et administrateurs fonctionnels.',
    );
    expect(await page.locator('#staff-content').isHidden()).toBe(true);
    expect(await page.locator('canvas').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 120_000);
