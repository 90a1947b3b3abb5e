/**
 * The example portal in a real browser (headless Chromium from @sparticuz/chromium, or GUICHET_CHROMIUM's,
 * driven by playwright-core), against a
 * real OpenID provider and the real API: sign in, open a ticket with the service picker, see a
 * technician's answer arrive live, reply, find the ticket in "my tickets". Each screen passes an
 * axe-core audit with no serious or critical violation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PortalStack, startPortalStack } from '../../examples/portal/stack.ts';
import { launchChromium } from '../setup/browser.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let guichet: TestGuichet;
let stack: PortalStack;

beforeAll(async () => {
  guichet = await createTestGuichet();
  await givenDemoCatalogue(guichet);
  stack = await startPortalStack(guichet);
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

it('a student signs in, opens a ticket, sees the answer live, replies; every screen passes axe', async () => {
  const browser = await launchChromium();
  try {
    // The portal's Content-Security-Policy forbids inline scripts: let the audit script in.
    const context = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.setDefaultTimeout(15_000);

    await page.goto(stack.portalUrl);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The identity provider's own (development) login form.
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.toString().startsWith(stack.oidc.issuer));
    await page.fill('input[name="login"]', 'etudiant');
    await page.fill('input[name="password"]', 'mot-de-passe');
    await page.click('button[type="submit"]');
    await page.waitForURL((url) => url.toString().startsWith(stack.portalUrl));

    await page.getByRole('heading', { name: 'Mes tickets' }).waitFor();
    await expect.poll(() => page.locator('#who-name').textContent()).toBe('Camille Étudiante');
    await page.getByText('Vous n’avez encore ouvert aucun ticket.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Nouveau ticket' }).click();
    await page.getByRole('heading', { name: 'Nouveau ticket' }).waitFor();
    // The picker lists sub-services under their service.
    expect(await page.locator('optgroup:has(option[value="moodle"]) option').allTextContents()).toEqual(
      expect.arrayContaining(['Accès et authentification', 'Cours et inscriptions']),
    );
    expect(await seriousViolations(page)).toEqual([]);
    // An empty title is refused with the API's French message, and nothing is created.
    await page.getByLabel('Service concerné').selectOption('bot');
    await page.getByLabel('Description').fill('Le bot ne répond plus depuis ce matin.');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await expect.poll(() => page.locator('#new-error').textContent()).toMatch(/title/);
    await page.getByLabel('Titre').fill('Le bot est muet');
    await page.getByRole('button', { name: 'Envoyer' }).click();

    await page.getByRole('heading', { name: 'Le bot est muet' }).waitFor();
    const reference = (await page.locator('#detail-reference').textContent())!;
    expect(reference).toMatch(/^GU-\d{4}-\d{6}$/);
    expect(await page.locator('#detail-service').textContent()).toBe('Bot du groupe');
    expect(await seriousViolations(page)).toEqual([]);

    // A moderator answers through core: the page shows it without reloading.
    await expect.poll(() => page.locator('#live').textContent()).toBe('Mises à jour en direct');
    const moderator = (await guichet.catalogue.findActivePerson('moderation@groupe-insa.fr'))!;
    await guichet.tickets.act(moderator, reference, {
      action: 'reply',
      body: 'Pouvez-vous préciser le canal utilisé ?',
    });
    await page.getByText('Pouvez-vous préciser le canal utilisé ?').waitFor();

    await page.getByLabel('Votre réponse').fill('Le canal #scolarite.');
    await page.getByRole('button', { name: 'Répondre' }).click();
    await page.getByText('Le canal #scolarite.').waitFor();
    const timeline = await guichet.tickets.timeline(moderator, reference);
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'public_reply']));
    expect(timeline.at(-1)).toMatchObject({ visibility: 'public', data: { body: 'Le canal #scolarite.' } });
    const ticket = await guichet.tickets.get(moderator, reference);
    expect(ticket).toMatchObject({ channel: 'portal', requester: { email: 'etudiant@insa-lyon.fr' } });

    await page.getByRole('link', { name: 'Mes tickets' }).first().click();
    await page.getByRole('link', { name: reference }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 120_000);
