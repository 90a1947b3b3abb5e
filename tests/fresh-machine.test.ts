/**
 * `npm install && npm test` must pass on a machine that has only Node and npm: no test may need a
 * program from the system's package manager, and CI must not install one for them. CI stops what it
 * starts by process id, never by a name pattern that could match someone else's process.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}/${path}`, 'utf8');
const SELF = 'tests/fresh-machine.test.ts';
const testFiles = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*.test.ts', '*.test.tsx', 'tests/setup/*.ts'],
  { cwd: ROOT, encoding: 'utf8' },
)
  .split('\n')
  .filter((file) => file && file !== SELF);

describe('a fresh machine with Node and npm only', () => {
  it('finds the test files', () => {
    expect(testFiles).toContain('tests/e2e/docs-page.test.ts');
  });

  it.each([
    ['Debian’s Chromium', /['"`]\/usr\/bin\/chromium['"`]/],
    ['tmux', /(execFile|execFileSync|spawn|spawnSync|exec|execSync)\(\s*['"`]tmux\b/],
  ])('no test drives %s', (_name, pattern) => {
    expect(testFiles.filter((file) => pattern.test(read(file)))).toEqual([]);
  });

  it('CI installs neither a browser nor a terminal multiplexer for the tests', () => {
    const installs = read('.ci/run')
      .split('\n')
      .filter((line) => /missing\+=|apt-get install/.test(line));
    expect(installs.join('\n')).not.toMatch(/chromium|tmux/);
  });
});

describe('.ci/run', () => {
  it('stops its processes by id, never by name', () => {
    const script = read('.ci/run')
      .split('\n')
      .filter((line) => !line.trim().startsWith('#'))
      .join('\n');
    expect(script).not.toMatch(/\b(pkill|pgrep|killall)\b/);
    expect(script).toMatch(/kill -TERM "\$pid"/);
  });
});
