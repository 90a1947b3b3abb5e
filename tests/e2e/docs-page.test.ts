/**
 * The API reference page in a real browser (headless Chromium from the npm package @sparticuz/chromium,
 * or GUICHET_CHROMIUM's, driven by playwright-core): it renders every operation from /openapi.json with
 * no request leaving the machine.
 */
import type { AddressInfo } from 'node:net';
import { createApp } from '@guichet/api';
import { createTestGuichet } from '@guichet/core/testing';
import { serve } from '@hono/node-server';
import { expect, it } from 'vitest';
import { launchChromium } from '../setup/browser.ts';

it('GET /docs renders the reference offline in headless Chromium', async () => {
  const guichet = await createTestGuichet();
  const server = serve({ fetch: createApp(guichet).fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      outside.push(url.toString());
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/docs`);
    await page.waitForSelector('.opblock', { timeout: 20_000 });
    const operations = await page.locator('.opblock').count();
    const title = await page.locator('.info .title').innerText();
    expect(title).toContain('Guichet API');
    expect(operations).toBeGreaterThanOrEqual(20);
    expect(
      await page
        .locator('.opblock-summary-path', { hasText: '/v1/tickets/{reference}/actions/resolve' })
        .count(),
    ).toBe(1);
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await new Promise<void>((ok) => server.close(() => ok()));
    await guichet.dispose();
  }
});
