/**
 * The example portal's announcement banner (<guichet-announcements>) in a real browser (headless
 * Chromium, playwright-core) against the real API and PostgreSQL, without signing in: active public
 * announcements only, outages as alerts, the rest as status, text that never becomes markup, and an
 * axe-core audit with no violation at all (contrast and language included).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createTestGuichet, givenDemoCatalogue, type TestGuichet } from '@guichet/core/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PortalStack, startPortalStack } from '../../examples/portal/stack.ts';
import { launchChromium } from '../setup/browser.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let guichet: TestGuichet;
let stack: PortalStack;
let browser: Browser;

beforeAll(async () => {
  guichet = await createTestGuichet();
  const staff = await givenDemoCatalogue(guichet);
  const moderator = await staff('moodle.moderation@insa-lyon.fr');
  const admin = await staff('admin@groupe-insa.fr');
  await guichet.announcements.create(moderator, {
    title: { fr: 'Moodle inaccessible <img src=x onerror=alert(1)>', en: 'Moodle unavailable' },
    severity: 'outage',
    services: ['moodle'],
  });
  await guichet.announcements.create(admin, {
    title: { fr: 'Maintenance de la vidéo ce soir' },
    severity: 'maintenance',
    services: ['video'],
  });
  await guichet.announcements.create(admin, {
    title: { fr: 'Réservé aux personnes connectées' },
    severity: 'information',
    audience: 'requesters',
  });
  await guichet.announcements.create(admin, {
    title: { fr: 'Plus tard' },
    severity: 'maintenance',
    startsAt: new Date(Date.now() + 7 * 86_400_000),
  });
  stack = await startPortalStack(guichet);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await guichet?.dispose();
});

it('shows the active public announcements as an accessible banner', async () => {
  const strict = await browser.newContext({ locale: 'fr-FR' });
  const page = await strict.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${stack.portalUrl}/banner.html`);
  const items = page.locator('guichet-announcements .guichet-announcement');
  await items.first().waitFor();
  expect(await items.count()).toBe(2);
  const alert = page.getByRole('alert');
  await expect.poll(() => alert.textContent()).toContain('Service interrompu : Moodle inaccessible <img');
  expect(await page.locator('guichet-announcements img').count()).toBe(0);
  const status = page.getByRole('status');
  expect(await status.textContent()).toContain('Maintenance : Maintenance de la vidéo ce soir');
  expect(await page.getByRole('region', { name: 'Informations sur les services' }).count()).toBe(1);
  const href = await alert.getByRole('link').getAttribute('href');
  expect(href).toMatch(new RegExp(`^${stack.apiUrl}/v1/announcements/[0-9a-f-]{36}$`));

  expect(errors).toEqual([]);

  // The audit injects axe as an inline script: on a copy of the page with the CSP bypassed.
  const context = await browser.newContext({ bypassCSP: true, locale: 'fr-FR' });
  const audited = await context.newPage();
  await audited.goto(`${stack.portalUrl}/banner.html`);
  await audited.locator('guichet-announcements .guichet-announcement').first().waitFor();
  await audited.addScriptTag({ content: axeSource });
  const violations = await audited.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
    return (await axe.run()).violations.map((v) => v.id);
  });
  expect(violations).toEqual([]);
});
