/**
 * The documentation names only what the repository holds: relative links resolve, and documents
 * named in the text (README.md, or an all-capitals name such as STACK-NOTES) are files here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter(Boolean);
const docs = files.filter((f) => f.endsWith('.md'));
const names = new Set(files.flatMap((f) => [basename(f), basename(f).replace(/\.md$/, '')]));

describe('documentation', () => {
  it.each(docs)('%s: every relative link resolves', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1] ?? '');
    const broken = targets
      .filter((t) => !/^[a-z]+:/.test(t))
      .filter((t) => !existsSync(join(ROOT, dirname(doc), t)));
    expect(broken).toEqual([]);
  });

  it.each(docs)('%s: every document it names is in the repository', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    const named = [...text.matchAll(/\b[A-Z]{2,}(?:-[A-Z]{2,})+\b|\b[A-Z][\w-]*\.md\b/g)].map((m) => m[0]);
    expect(named.filter((n) => !names.has(n))).toEqual([]);
  });
});
