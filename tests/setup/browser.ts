import { type Browser, chromium } from 'playwright-core';
import { inject } from 'vitest';

/** How the browser tests start Chromium; found by `global-browser.ts`. */
export interface BrowserLaunch {
  executablePath: string;
  args: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    browser: BrowserLaunch;
  }
}

/**
 * A headless Chromium for a browser test: the one from the npm package @sparticuz/chromium, or the
 * machine's when GUICHET_CHROMIUM names it.
 */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, args } = inject('browser');
  return await chromium.launch({ executablePath, args, headless: true });
}
