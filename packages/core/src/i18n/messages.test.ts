import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError, ERROR_CODES, STARTUP_PROBLEMS, StartupError } from '../errors.ts';
import { ACTIONS } from '../tickets/ticket.workflow.ts';
import { CATALOGUES, LANGUAGES, translate } from './messages.ts';

const PACKAGES = fileURLToPath(new URL('../../..', import.meta.url));
const PREFIXES = 'title|api|error|rule|field|status|action|notify|startup|entity|detail';

/** Every non-test TypeScript source of core and the API (the messages table itself aside). */
function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const pkg of ['core/src', 'api/src']) {
    const root = join(PACKAGES, pkg);
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      const file = join(entry.parentPath, entry.name);
      if (!entry.isFile() || !file.endsWith('.ts') || /\.test\.ts$/.test(file)) continue;
      if (file.endsWith(join('i18n', 'messages.ts')) || file.includes(`${join('client', 'schema.ts')}`))
        continue;
      out.push({ file, text: readFileSync(file, 'utf8') });
    }
  }
  return out;
}

describe('the message catalogue', () => {
  it.each(LANGUAGES)('every key has a %s form', (lang) => {
    const all = new Set(LANGUAGES.flatMap((l) => Object.keys(CATALOGUES[l])));
    const missing = [...all].filter((key) => !CATALOGUES[lang][key]?.trim());
    expect(missing).toEqual([]);
  });

  it('the two forms of a message take the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?::\w+)?\}/g)].map((m) => m[1]).sort();
    const differ = Object.keys(CATALOGUES.fr).filter(
      (key) =>
        JSON.stringify(placeholders(CATALOGUES.fr[key] ?? '')) !==
        JSON.stringify(placeholders(CATALOGUES.en[key] ?? '')),
    );
    expect(differ).toEqual([]);
  });

  it('every message key the code names exists, in French and in English', () => {
    const named = new Set<string>();
    for (const { text } of sources()) {
      for (const m of text.matchAll(new RegExp(`['\`]((?:${PREFIXES})\\.[A-Za-z_.]+)['\`]`, 'g')))
        named.add(m[1]!);
    }
    // Rules of domain errors are rendered as `rule.<rule>` (field issues name their key in full).
    for (const { file, text } of sources()) {
      if (!file.includes(join('core', 'src'))) continue;
      for (const m of text.matchAll(/rule: '([a-z_]+)'/g)) named.add(`rule.${m[1]}`);
    }
    expect(named.size).toBeGreaterThan(40);
    for (const lang of LANGUAGES) {
      expect(
        [...named].filter((key) => !(key in CATALOGUES[lang])),
        lang,
      ).toEqual([]);
    }
  });

  it('every error code, start-up problem and workflow action has its words', () => {
    const keys = [
      ...ERROR_CODES.flatMap((c) => [`title.${c}`, `error.${c}`]),
      ...['UNAUTHENTICATED', 'PRECONDITION_FAILED', 'RATE_LIMITED', 'PAYLOAD_TOO_LARGE', 'INTERNAL'].map(
        (c) => `title.${c}`,
      ),
      ...STARTUP_PROBLEMS.map((p) => `startup.${p}`),
      ...ACTIONS.map((a) => `action.${a}`),
    ];
    for (const lang of LANGUAGES)
      expect(
        keys.filter((k) => !(k in CATALOGUES[lang])),
        lang,
      ).toEqual([]);
  });
});

describe('error details', () => {
  it.each(LANGUAGES)('never start with the title they are shown under (%s)', (lang) => {
    const rules = Object.keys(CATALOGUES.fr)
      .filter((k) => k.startsWith('rule.'))
      .map((k) => k.slice('rule.'.length));
    const params = {
      reference: 'GU-2026-000042',
      entity: 'service',
      key: 'moodle',
      action: 'close',
      status: 'closed',
    };
    const repeated: string[] = [];
    for (const code of ERROR_CODES) {
      const title = translate(lang, `title.${code}`).toLowerCase();
      for (const rule of [undefined, ...rules]) {
        for (const fields of [[], [{ field: 'title', rule: 'field.required' }]]) {
          const detail = new DomainError(code, { ...(rule ? { rule } : {}), params, fields }).localized(lang);
          if (detail.toLowerCase().startsWith(title)) repeated.push(`${code}/${rule ?? '-'}: ${detail}`);
        }
      }
    }
    expect(repeated).toEqual([]);
  });

  it('a start-up problem reads in both languages with its folder', () => {
    const error = new StartupError('no_cluster', { dataDir: '/srv/guichet/data' });
    expect(error.localized('fr')).toContain('Aucune base Guichet dans /srv/guichet/data');
    expect(error.localized('en')).toContain('No Guichet database in /srv/guichet/data');
    expect(error.message).toBe(error.localized('en'));
  });
});
