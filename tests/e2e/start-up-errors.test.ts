/**
 * What a person sees when Guichet cannot start, through the real entry points as separate processes
 * (`npm start`'s server.ts, `npm run token:create`, `npm run db:migrate`, the `guichet` local admin
 * commands): one line on stderr saying what is wrong and how to fix it, exit code 1, no stack trace,
 * and admin commands never create a database cluster of their own.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Each case starts Node and loads Guichet's sources: seconds each when the suite shares two cores.
vi.setConfig({ testTimeout: 120_000 });

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER = join(ROOT, 'packages/api/src/server.ts');
const CREATE_TOKEN = join(ROOT, 'packages/api/scripts/create-token.ts');
const MIGRATE = join(ROOT, 'packages/core/scripts/migrate.ts');
const GUICHET = join(ROOT, 'packages/cli/bin/run.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a Node entry point with only the variables given (never the test run's DATABASE_URL). */
function node(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: tmpdir(), LANG: 'fr_FR.UTF-8', PORT: '0', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Exactly one line, no stack trace. */
function oneLine(run: Run): string {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  return lines[0] ?? '';
}

const folders: string[] = [];
afterEach(async () => {
  for (const f of folders.splice(0)) await rm(f, { recursive: true, force: true });
});
async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'guichet-start-'));
  folders.push(dir);
  return dir;
}

describe('npm start', () => {
  it('refuses a data folder that holds something else, in one line, and leaves it as it was', async () => {
    // Given a folder that already holds someone's files
    const dir = await scratch();
    await writeFile(join(dir, 'notes.txt'), 'à garder');
    // When the server is started on it
    const line = oneLine(await node([SERVER], { GUICHET_DATA_DIR: dir }));
    // Then it says what is wrong and what to change, and the folder is untouched
    expect(line).toBe(
      `guichet: Le dossier de données ${dir} n’est pas vide et ne contient pas de base PostgreSQL : indiquez un dossier vide ou nouveau avec GUICHET_DATA_DIR (ou une base PostgreSQL avec DATABASE_URL)`,
    );
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('speaks English when the locale asks for it', async () => {
    const dir = await scratch();
    await writeFile(join(dir, 'notes.txt'), 'keep');
    const line = oneLine(await node([SERVER], { GUICHET_DATA_DIR: dir, LANG: 'en_GB.UTF-8' }));
    expect(line).toContain(`The data folder ${dir} is not empty and holds no PostgreSQL cluster`);
  });

  it.runIf(process.getuid?.() === 0)(
    'as root, names the private parent folder that the database user cannot cross',
    async () => {
      // Given a data folder under a parent only root may enter (the server runs as `postgres`)
      const parent = await scratch();
      await chmod(parent, 0o700);
      const dir = join(parent, 'guichet', 'data');
      // When the server is started there
      const line = oneLine(await node([SERVER], { GUICHET_DATA_DIR: dir }));
      // Then it names the blocking folder and both ways out, and created nothing
      expect(line).toContain(`« postgres », qui ne peut pas atteindre ${dir} (${parent} lui est fermé)`);
      expect(line).toContain('GUICHET_DATA_DIR');
      expect(line).toContain(`chmod o+x`);
      expect(await readdir(parent)).toEqual([]);
    },
  );

  it('names the database it cannot reach, without its password', async () => {
    const line = oneLine(
      await node([SERVER], { DATABASE_URL: 'postgres://guichet:secret@127.0.0.1:1/guichet' }),
    );
    expect(line).toBe(
      'guichet: Impossible d’utiliser PostgreSQL à 127.0.0.1:1/guichet : ECONNREFUSED ; vérifiez DATABASE_URL et que ce serveur est démarré',
    );
  });

  it('names every wrong variable of the environment', async () => {
    const line = oneLine(await node([SERVER], { PORT: 'huit', GUICHET_DEMO: 'oui' }));
    expect(line).toMatch(
      /^guichet: Configuration invalide : « PORT » est invalide \(.+\); « GUICHET_DEMO » est invalide \(option invalide : une valeur parmi "0"\|"1" attendue\)$/,
    );
  });
});

describe('admin commands never create a cluster', () => {
  /** A data folder path where no server ever ran. */
  async function nowhere(): Promise<string> {
    return join(await scratch(), 'data');
  }
  const noCluster = (dir: string) =>
    `guichet: Aucune base Guichet dans ${dir} : démarrez d’abord le serveur (npm start), qui la crée, ou indiquez le dossier de données du serveur avec GUICHET_DATA_DIR (ou sa base avec DATABASE_URL)`;

  it('npm run token:create names the folder it looked in and mints nothing', async () => {
    const dir = await nowhere();
    const run = await node([CREATE_TOKEN, '--person', 'vr.tech@insa-rennes.fr'], { GUICHET_DATA_DIR: dir });
    expect(oneLine(run)).toBe(noCluster(dir));
    expect(run.stdout).toBe('');
    await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
  });

  it('npm run db:migrate names the folder it looked in and creates nothing', async () => {
    const dir = await nowhere();
    expect(oneLine(await node([MIGRATE], { GUICHET_DATA_DIR: dir }))).toBe(noCluster(dir));
    await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
  });

  it('guichet db status, db migrate, db backup and tokens create --local do the same', async () => {
    const dir = await nowhere();
    // An empty folder (made ready for a server that never started) is no cluster either.
    await mkdir(dir);
    const config = await scratch();
    for (const args of [
      ['db', 'status'],
      ['db', 'migrate'],
      ['db', 'backup', join(dir, '..', 'saved.backup')],
      ['tokens', 'create', '--local', '--person', 'vr.tech@insa-rennes.fr'],
    ]) {
      const run = await node([GUICHET, ...args], { GUICHET_DATA_DIR: dir, GUICHET_CONFIG_DIR: config });
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(1);
      expect(run.stderr, args.join(' ')).not.toMatch(/^\s+at /m);
      expect(run.stderr, args.join(' ')).toContain(`Aucune base Guichet dans ${dir} :`);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(await readdir(dir), args.join(' ')).toEqual([]);
    }
    expect(await readdir(join(dir, '..'))).toEqual(['data']);
  });
});
