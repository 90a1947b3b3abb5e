import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { BrowserLaunch } from './browser.ts';

/** Flags of the machine's own Chromium (GUICHET_CHROMIUM), as root on a closed network. */
const SYSTEM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * Flags of @sparticuz/chromium's list that serverless platforms need but that would hide what the
 * browser tests check (CORS between the portal and the API, mixed content, site isolation).
 */
const WEAKENING = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
]);

/**
 * The browser tests' Chromium, found once per test run in the main process and handed to the test
 * files (`inject('browser')`). By default the one shipped inside the npm package @sparticuz/chromium
 * (no apt, no download): unpacked on first use into a folder named after its version under the
 * temporary folder, through a private folder and one rename, so runs that start together (another
 * worktree, another person) never see half an unpack. GUICHET_CHROMIUM=/usr/bin/chromium uses the
 * machine's instead.
 */
export default async function setup(project: TestProject) {
  const system = process.env.GUICHET_CHROMIUM;
  if (system) {
    if (!existsSync(system)) throw new Error(`GUICHET_CHROMIUM names ${system}, which does not exist`);
    project.provide('browser', { executablePath: system, args: SYSTEM_ARGS } satisfies BrowserLaunch);
    return;
  }
  const { default: Chromium } = await import('@sparticuz/chromium');
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const { version } = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const folder = join(tmpdir(), `guichet-chromium-${version}-${process.getuid?.() ?? 'user'}`);
  if (!existsSync(join(folder, 'chromium'))) await unpack(Chromium, folder);
  const args = [...Chromium.args.filter((a) => !WEAKENING.has(a)), '--disable-background-networking'];
  project.provide('browser', { executablePath: join(folder, 'chromium'), args } satisfies BrowserLaunch);
}

/** The package unpacks into os.tmpdir(): point that at a private folder, then move it into place. */
async function unpack(Chromium: { executablePath(): Promise<string> }, folder: string) {
  const scratch = await mkdtemp(`${folder}.unpacking-`);
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  try {
    await Chromium.executablePath();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  try {
    await rename(scratch, folder);
  } catch (error) {
    // Another run put its copy there first: use that one.
    await rm(scratch, { recursive: true, force: true });
    if (!existsSync(join(folder, 'chromium'))) throw error;
  }
}
