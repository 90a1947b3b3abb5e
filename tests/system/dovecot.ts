import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../packages/core/src/startup.ts';

/** A Dovecot IMAP server started for the tests, on the loopback interface. */
export interface Dovecot {
  /** Port of both listeners. */
  port: number;
  /** Full IMAP server (IDLE, MOVE, UIDPLUS…). */
  host: string;
  /** The same server and mailboxes, advertising no IDLE (a `local` block of the configuration). */
  hostWithoutIdle: string;
  /** One passwd-file per user, named after the user (read when first needed): tests add their own. */
  usersDir: string;
  /** The generated configuration, for `doveadm -c` (e.g. `kick`, to cut a user's connections). */
  configFile: string;
  pid: number;
  stop(): Promise<void>;
}

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

function findDovecot(): string {
  for (const path of DOVECOT) {
    try {
      execFileSync(path, ['--version'], { stdio: 'ignore' });
      return path;
    } catch {}
  }
  throw new Error(
    'Dovecot is not installed: the system tests need a real IMAP server (Debian: apt-get install -y dovecot-imapd)',
  );
}

/** The uid and gid mail is stored as: Dovecot refuses root, so root's tests use `nobody`. */
async function mailOwner(): Promise<{ uid: number; gid: number; loginUser: string; internalUser: string }> {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) {
    const name = execFileSync('id', ['-un']).toString().trim();
    return { uid, gid: process.getgid?.() ?? uid, loginUser: name, internalUser: name };
  }
  const passwd = await readFile('/etc/passwd', 'utf8');
  const nobody = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody');
  return {
    uid: Number(nobody?.[2] ?? 65534),
    gid: Number(nobody?.[3] ?? 65534),
    loginUser: 'dovenull',
    internalUser: 'dovecot',
  };
}

function waitForPort(host: string, port: number, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`dovecot exited with code ${child.exitCode}`));
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline)
          reject(new Error(`dovecot did not listen on ${host}:${port} within ${ms} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Starts Dovecot as a child process (no systemd) with a configuration generated in a temporary
 * folder: IMAP on 127.0.0.1 (and 127.0.0.2 without IDLE) on a free port, plaintext login allowed
 * there, users from a passwd-file, Maildir in the folder. Stopped by its pid.
 */
export async function startDovecot(): Promise<Dovecot> {
  const binary = findDovecot();
  const dir = await mkdtemp(join(tmpdir(), 'guichet-dovecot-'));
  // The mail processes run as another user than root: they must reach their home in here.
  await chmod(dir, 0o755);
  const owner = await mailOwner();
  const home = join(dir, 'home');
  await Promise.all(['run', 'state', 'home'].map((d) => mkdir(join(dir, d))));
  await chown(home, owner.uid, owner.gid);
  // A file per user rather than one shared file, which Dovecot may not read again at once when it
  // changes: a user added by a test can log in straight away.
  const usersDir = join(dir, 'users');
  await mkdir(usersDir);
  const port = await freePort();
  const config = `# Generated for Guichet's system tests.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1, 127.0.0.2
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:~/Maildir
first_valid_uid = 1
default_internal_user = ${owner.internalUser}
default_login_user = ${owner.loginUser}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${usersDir}/%u
}
userdb {
  driver = passwd-file
  args = username_format=%u ${usersDir}/%u
  default_fields = uid=${owner.uid} gid=${owner.gid} home=${home}/%u
}
namespace inbox {
  inbox = yes
  separator = /
}
# No growing delay for repeated failed logins from one address (the wrong-password test).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imap_without_idle {
    address = 127.0.0.2
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
local 127.0.0.2 {
  protocol imap {
    imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE UIDPLUS MOVE
  }
}
`;
  const configFile = join(dir, 'dovecot.conf');
  await writeFile(configFile, config);
  const child = spawn(binary, ['-F', '-c', configFile], { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('dovecot did not start');
  try {
    await waitForPort('127.0.0.1', port, child, 15_000);
  } catch (error) {
    child.kill('SIGKILL');
    const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return {
    port,
    host: '127.0.0.1',
    hostWithoutIdle: '127.0.0.2',
    usersDir,
    configFile,
    pid,
    async stop() {
      if (child.exitCode === null) {
        process.kill(pid, 'SIGTERM');
        const killed = setTimeout(() => process.kill(pid, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(killed);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
